/**
 * Every sample under events/ goes through the same road as a request body
 * (readBody → readMessage) and must produce exactly the outcome written beside it:
 * accepted with exactly those warnings, or refused with exactly those issues.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGE_FORMS } from '../../functions/core/model/schemas.js';
import { problemOf } from '../../functions/core/problem/problem-details.js';
import type { Clock } from '../../functions/core/time.js';
import { readMessage } from '../../functions/core/validation/read-message.js';
import { readBody } from '../../functions/core/wire/read-body.js';
import { renderXml } from '../../functions/core/wire/render-xml.js';
import {
  type Acceptance,
  discoverSamples,
  type PointerAndCode,
  type Rejection,
  type Sample,
} from './sample-events.js';

/** "Today" for every sample: their timestamps are written relative to it. */
const NOW: Clock = () => new Date('2026-11-21T12:00:00Z');

type Outcome =
  | { valid: true; warnings: string[]; message: unknown }
  | { valid: false; status: number; code: string; errors: PointerAndCode[] };

function byPointerThenCode(a: PointerAndCode, b: PointerAndCode): number {
  return a.pointer.localeCompare(b.pointer) || a.code.localeCompare(b.code);
}

/** What the gateway makes of a body: the message, or the problem details it would answer. */
function outcomeOf(form: Sample['form'], bytes: Uint8Array, contentType: string): Outcome {
  try {
    const { message, warnings } = readMessage(form, readBody(bytes, contentType), NOW);
    return { valid: true, warnings: warnings.map((w) => w.code).sort(), message };
  } catch (error) {
    const { problem } = problemOf(error);
    if (problem.status === 500) throw error; // a crash is a bug, not an expected refusal
    const errors = (problem.errors ?? []).map(({ pointer, code }) => ({ pointer, code }));
    return {
      valid: false,
      status: problem.status,
      code: problem.code,
      errors: errors.sort(byPointerThenCode),
    };
  }
}

function describeAcceptance(expected: Acceptance): string {
  return expected.warnings.length === 0
    ? 'is accepted without warnings'
    : `is accepted with warnings ${expected.warnings.join(', ')}`;
}

function describeRejection(expected: Rejection): string {
  const codes = [...new Set(expected.errors.map((e) => e.code))].join(', ');
  return `is refused ${expected.status} ${expected.code}${codes ? ` (${codes})` : ''}`;
}

const { samples, problems } = discoverSamples();
const accepted = samples.filter(
  (s): s is Sample & { expected: Acceptance } => s.expected.valid === true,
);
const refused = samples.filter(
  (s): s is Sample & { expected: Rejection } => s.expected.valid === false,
);

describe('events/ layout', () => {
  it('pairs every sample with an expectation and every expectation with a sample', () => {
    expect(problems).toEqual([]);
  });

  it('holds at least 12 samples, 6 of them invalid, in both wire formats', () => {
    expect(samples.length).toBeGreaterThanOrEqual(12);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(new Set(samples.map((s) => s.extension))).toEqual(new Set(['json', 'xml']));
  });
});

describe('valid samples', () => {
  for (const sample of accepted) {
    it(`${sample.path} ${describeAcceptance(sample.expected)}`, () => {
      // Arrange
      const { form, bytes, contentType, expected } = sample;

      // Act
      const outcome = outcomeOf(form, bytes, contentType);

      // Assert
      expect(outcome).toMatchObject({ valid: true, warnings: [...expected.warnings].sort() });
      if (outcome.valid && expected.matches)
        expect(outcome.message).toMatchObject(expected.matches);
    });
  }
});

describe('invalid samples', () => {
  for (const sample of refused) {
    it(`${sample.path} ${describeRejection(sample.expected)}`, () => {
      // Arrange
      const { form, bytes, contentType, expected } = sample;

      // Act
      const outcome = outcomeOf(form, bytes, contentType);

      // Assert: the exact set of issues, no more and no fewer, in any order
      expect(outcome).toEqual({
        valid: false,
        status: expected.status,
        code: expected.code,
        errors: [...expected.errors].sort(byPointerThenCode),
      });
    });
  }
});

describe('canonical model', () => {
  it('reads the JSON and XML twins of the docs/contract.md §10 card as the same card', () => {
    // Arrange
    const twins = samples.filter(
      (s) => s.form === 'incidentCard' && s.caseName === 'section-10-complete-card',
    );
    const [json, xml] = ['json', 'xml'].map((ext) => twins.find((s) => s.extension === ext));
    if (!json || !xml) throw new Error('events/incidentCard/section-10-complete-card.* missing');

    // Act
    const fromJson = outcomeOf(json.form, json.bytes, json.contentType);
    const fromXml = outcomeOf(xml.form, xml.bytes, xml.contentType);

    // Assert
    expect(fromJson.valid).toBe(true);
    expect(fromXml).toEqual(fromJson);
  });

  // Any other case written in both formats is a twin pair too.
  const twinPairs = accepted
    .filter((s) => s.extension === 'json' && s.caseName !== 'section-10-complete-card')
    .flatMap((json) => {
      const xml = accepted.find(
        (s) => s.extension === 'xml' && s.form === json.form && s.caseName === json.caseName,
      );
      return xml ? [[json, xml] as const] : [];
    });
  for (const [json, xml] of twinPairs) {
    it(`reads ${json.form}/${json.caseName} the same from JSON and from XML`, () => {
      expect(outcomeOf(xml.form, xml.bytes, xml.contentType)).toEqual(
        outcomeOf(json.form, json.bytes, json.contentType),
      );
    });
  }

  for (const sample of accepted) {
    it(`${sample.path} survives a round trip through the gateway's own XML`, () => {
      // Arrange
      const first = outcomeOf(sample.form, sample.bytes, sample.contentType);
      if (!first.valid) throw new Error(`${sample.path} was refused`);
      const root = MESSAGE_FORMS[sample.form].xmlRoots[0];
      const rendered = new TextEncoder().encode(renderXml(root, first.message));

      // Act
      const second = outcomeOf(sample.form, rendered, 'application/xml');

      // Assert
      expect(second).toEqual(first);
    });
  }
});
