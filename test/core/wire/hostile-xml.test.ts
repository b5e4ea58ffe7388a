/**
 * Hostile bodies (issue #2): each must be refused as a 4xx-class GatewayError with
 * bounded memory, whatever it tries to make the parser do. How fast each is refused is
 * measured by `npm run bench` (bench/hostile.ts, BENCHMARKS.md), never asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GatewayError,
  MalformedBodyError,
  PayloadTooLargeError,
} from '../../../functions/core/errors.js';
import { problemOf } from '../../../functions/core/problem/problem-details.js';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import { MAX_BODY_BYTES, readBody } from '../../../functions/core/wire/read-body.js';
import { renderXml } from '../../../functions/core/wire/render-xml.js';
import { cardWithReferences, HOSTILE_ATTACKS, NS, xml } from '../../support/hostile-bodies.js';
import { exampleCard, fixedClock } from '../fixtures.js';

const HEAP_BUDGET_BYTES = 64 * 1024 * 1024;
const RUNS = 3;
const encoder = new TextEncoder();

interface Outcome {
  error: unknown;
  worstHeapDeltaBytes: number;
}

/** Runs the ingest path (readBody + readMessage) on the bytes a few times. */
function ingest(bytes: Uint8Array, contentType: string): Outcome {
  let error: unknown;
  let worstHeapDeltaBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    error = undefined;
    const heapBefore = process.memoryUsage().heapUsed;
    try {
      readMessage('incidentCard', readBody(bytes, contentType), fixedClock);
    } catch (caught) {
      error = caught;
    }
    worstHeapDeltaBytes = Math.max(
      worstHeapDeltaBytes,
      process.memoryUsage().heapUsed - heapBefore,
    );
  }
  return { error, worstHeapDeltaBytes };
}

const prototypeNamesBefore = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(() => {
  // Warm-up: load and JIT the parser, the mapper and the validators once.
  readMessage(
    'incidentCard',
    readBody(encoder.encode(renderXml('incidentCard', exampleCard())), 'application/xml'),
    fixedClock,
  );
  readMessage(
    'incidentCard',
    readBody(encoder.encode(JSON.stringify(exampleCard())), 'application/json'),
    fixedClock,
  );
});

afterAll(() => {
  // Nothing above may have reached Object.prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNamesBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('hostile bodies', () => {
  it.each(HOSTILE_ATTACKS)(
    'refuses $name with $status $code',
    ({ bytes, contentType = 'application/xml', status, code }) => {
      // Arrange (the bytes are built above, outside the measurement)

      // Act
      const { error, worstHeapDeltaBytes } = ingest(bytes, contentType);

      // Assert
      expect(error).toBeInstanceOf(GatewayError);
      expect(error instanceof MalformedBodyError || error instanceof PayloadTooLargeError).toBe(
        true,
      );
      const { problem } = problemOf(error);
      expect(problem.status).toBe(status);
      expect(problem.code).toBe(code);
      expect(worstHeapDeltaBytes).toBeLessThan(HEAP_BUDGET_BYTES);
    },
  );

  it('never echoes an external entity target back', () => {
    // Arrange
    const bytes = HOSTILE_ATTACKS[1]?.bytes ?? new Uint8Array();

    // Act
    const { error } = ingest(bytes, 'application/xml');

    // Assert
    expect(JSON.stringify(problemOf(error).problem)).not.toMatch(/root:|passwd/);
  });

  it('leaves Object.prototype unpolluted after the prototype attacks', () => {
    // Arrange
    const probe: Record<string, unknown> = {};

    // Act
    const polluted = [probe.polluted, Object.getOwnPropertyNames(Object.prototype).sort()];

    // Assert
    expect(polluted).toEqual([undefined, prototypeNamesBefore]);
  });
});

describe('prototype-named elements that reach the mapper', () => {
  it.each([
    [`<n:incidentCard xmlns:n="${NS}"><n:__proto__><n:x>1</n:x></n:__proto__></n:incidentCard>`],
    [`<incidentCard xmlns="${NS}" __proto__="x"><note constructor="y">a</note></incidentCard>`],
    [`<incidentCard xmlns="${NS}"><hasOwnProperty>1</hasOwnProperty><toString/></incidentCard>`],
  ])('are refused as a 4xx and assign nothing: %s', (text) => {
    // Arrange
    const bytes = xml(text);

    // Act
    const { error } = ingest(bytes, 'application/xml');

    // Assert
    expect(error).toBeInstanceOf(GatewayError);
    expect(problemOf(error).problem.status).toBeGreaterThanOrEqual(400);
    expect(problemOf(error).problem.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('legitimate references near the size limit', () => {
  it('parses ~40 000 numeric references under 256 KiB into the right text', () => {
    // Arrange
    const { text, references } = cardWithReferences();
    const bytes = xml(text);
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(references).toBeGreaterThanOrEqual(39_000);

    // Act
    const { message } = readMessage('incidentCard', readBody(bytes, 'application/xml'), fixedClock);

    // Assert
    expect(message.note).toBe('A'.repeat(8000));
    expect(message.description.startsWith('A'.repeat(7900))).toBe(true);
    expect(message.details.iocs).toHaveLength(10);
    expect(message.details.iocs[0]?.value).toBe('A'.repeat(2000));
  });

  it('refuses ~40 000 references in one field cleanly as 422 too_long', () => {
    // Arrange
    const bytes = xml(
      `<incidentCard xmlns="${NS}"><note>${'&#x41;'.repeat(40_000)}</note></incidentCard>`,
    );

    // Act
    const { error } = ingest(bytes, 'application/xml');

    // Assert
    const { problem } = problemOf(error);
    expect(problem.status).toBe(422);
    expect(problem.errors).toContainEqual(
      expect.objectContaining({ pointer: '/note', code: 'too_long' }),
    );
  });
});
