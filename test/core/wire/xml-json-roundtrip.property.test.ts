/**
 * One canonical model, two wire formats (docs/contract.md §3): any valid message read from JSON,
 * rendered as XML and read again must come back deep-equal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  type CatalogueName,
  type EnumCode,
  LANGUAGES,
} from '../../../functions/core/catalogue/catalogue.js';
import type { MessageFormName } from '../../../functions/core/model/schemas.js';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import { ANNEX_7_REQUIRED_FIELDS } from '../../../functions/core/validation/semantic-checks.js';
import { renderXml } from '../../../functions/core/wire/render-xml.js';
import { fixedClock, jsonBody, NOW, xmlText } from '../fixtures.js';

const NUM_RUNS = 200;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

const KAZAKH = 'әғқңөұүһіӘҒҚҢӨҰҮҺІ';
const RUSSIAN = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙЪЫЬЭЮЯ';
const LATIN = 'abcxyzABCXYZ0123456789';
const AWKWARD = [
  '&',
  '<',
  '>',
  '"',
  "'",
  '\r',
  '\n',
  '\t',
  ' ',
  ' ',
  ';',
  '#',
  ']]>',
  '&amp;',
  '&#65;',
  '🔒',
  '€',
];

const character = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KAZAKH) },
  { weight: 3, arbitrary: fc.constantFrom(...RUSSIAN) },
  { weight: 2, arbitrary: fc.constantFrom(...LATIN) },
  { weight: 3, arbitrary: fc.constantFrom(...AWKWARD) },
);

/** Free text with Kazakh and Russian letters, markup characters, CR/LF/tab and spaces at the ends. */
function freeText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('', ' ', '  ', '\t', '\n '),
      fc.string({ unit: character, minLength, maxLength }),
      fc.constantFrom('', ' ', '   ', '\r\n'),
    )
    .map(([lead, body, trail]) => `${lead}${body}${trail}`)
    .filter((text) => text.length >= minLength && text.length <= maxLength);
}

/** A catalogue value as a sender might write it: the code, or a label in any language, oddly cased. */
function enumValue(name: CatalogueName, codes?: readonly EnumCode[]): fc.Arbitrary<EnumCode> {
  const entries = CATALOGUE[name].filter((entry) => !codes || codes.includes(entry.code));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...entries.map((entry) => entry.code)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...entries), fc.constantFrom(...LANGUAGES), fc.boolean())
        .map(([entry, language, shout]) =>
          shout ? ` ${entry[language].toUpperCase()} ` : entry[language],
        ),
    },
  );
}

const hex = (length: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEF'),
    minLength: length,
    maxLength: length,
  });

const ipv4 = fc.ipV4();
const ipv6 = fc.ipV6();

/** IOCs of every type, each with a value valid for its type. */
const ioc = fc.oneof(
  ipv4.map((value) => ({ type: 'ipv4', value })),
  ipv6.map((value) => ({ type: 'ipv6', value })),
  fc
    .tuple(ipv4, fc.integer({ min: 0, max: 32 }))
    .map(([ip, bits]) => ({ type: 'cidr', value: `${ip}/${bits}` })),
  fc
    .tuple(ipv6, fc.integer({ min: 0, max: 128 }))
    .map(([ip, bits]) => ({ type: 'cidr', value: `${ip}/${bits}` })),
  fc
    .oneof(
      fc.domain(),
      fc.constantFrom('мысал.қаз', 'пример.рф', 'egov.kz', 'xn--80ao21a.xn--80ao21a'),
    )
    .map((value) => ({ type: 'domain', value })),
  fc
    .webUrl({ withQueryParameters: true, withFragments: true })
    .map((value) => ({ type: 'url', value })),
  fc.emailAddress().map((value) => ({ type: 'email', value })),
  hex(32).map((value) => ({ type: 'md5', value })),
  hex(40).map((value) => ({ type: 'sha1', value })),
  hex(64).map((value) => ({ type: 'sha256', value })),
  fc
    .oneof(
      fc.constantFrom('C:\\Windows\\Temp\\шифр.exe', '/tmp/.x/төлем.sh', 'invoice 2026.pdf.exe'),
      freeText(1, 40).filter((name) => !/[\r\n]/.test(name) && name.trim() !== ''),
    )
    .map((value) => ({ type: 'filename', value })),
  freeText(1, 60).map((value) => ({ type: 'other', value })),
);

const reference = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,40}$/);
const partyId = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{1,20}$/);
const name = freeText(1, 60).filter((text) => text.length >= 1);

const OFFSETS = ['Z', '+05:00', '+06:00', '+00:00', '-03:30', '+14:00'] as const;

/** An instant rendered as RFC 3339 with the given offset and optional fraction. */
function timestampOf(epochMs: number, offset: (typeof OFFSETS)[number], fraction: boolean): string {
  const minutes =
    offset === 'Z'
      ? 0
      : (offset.startsWith('-') ? -1 : 1) *
        (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
  const local = new Date(epochMs + minutes * 60_000).toISOString();
  const base = fraction ? local.slice(0, 23) : local.slice(0, 19);
  return `${base}${offset}`;
}

/** A timestamp up to `maxAgeMs` before `beforeMs`, in whole milliseconds. */
function pastTimestamp(
  beforeMs: number,
  maxAgeMs: number,
): fc.Arbitrary<{ at: number; text: string }> {
  return fc
    .tuple(fc.integer({ min: 0, max: maxAgeMs }), fc.constantFrom(...OFFSETS), fc.boolean())
    .map(([age, offset, fraction]) => {
      const at = fraction ? beforeMs - age : Math.floor((beforeMs - age) / 1000) * 1000;
      return { at, text: timestampOf(at, offset, fraction) };
    });
}

const affectedObject = fc
  .record(
    {
      id: reference,
      name,
      kind: enumValue('objectKind'),
      owner: partyId,
      ownerName: name,
    },
    { requiredKeys: ['kind'] },
  )
  .filter((object) => object.id !== undefined || object.name !== undefined);

const consequences = fc.oneof(
  fc.constant(['none']),
  fc.shuffledSubarray(['availability', 'integrity', 'confidentiality'], { minLength: 1 }),
);

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

/** A complete, valid Annex 3 card with every timestamp before the injected clock. */
const completeCard = pastTimestamp(NOW.getTime(), 30 * DAY_MS).chain((confirmed) =>
  fc.record(
    {
      socReference: reference,
      registeredAt: fc
        .integer({ min: 0, max: 3 })
        .map((days) =>
          new Date(Math.min(confirmed.at + days * DAY_MS, NOW.getTime()) + 5 * 3_600_000)
            .toISOString()
            .slice(0, 10),
        ),
      severity: enumValue('severity'),
      type: enumValue('incidentType'),
      scale: enumValue('scale'),
      details: fc.record({
        occurredAt: pastTimestamp(confirmed.at, 10 * DAY_MS).map((t) => t.text),
        confirmedAt: fc.constant(confirmed.text),
        recurrence: enumValue('recurrence'),
        iocs: fc.array(ioc, { maxLength: 8 }),
      }),
      sign: enumValue('sign'),
      perimeter: enumValue('perimeter'),
      description: freeText(1, 200),
      consequences,
      affectedObject,
      actionsTaken: freeText(0, 200),
      note: fc.oneof(fc.constant(''), freeText(0, 100)),
    },
    {
      requiredKeys: [
        'socReference',
        'registeredAt',
        'severity',
        'type',
        'scale',
        'details',
        'sign',
        'perimeter',
        'description',
        'consequences',
        'affectedObject',
        'actionsTaken',
      ],
    },
  ),
);

const ipAddress = fc.oneof(ipv4, ipv6);

/** A valid NCC notice with at least one recipient; `requiredKeys` decides which fields it always has. */
const NOTICE_BASE_FIELDS = ['kind', 'registeredAt', 'description', 'tlp', 'recipients'] as const;
type NoticeField = (typeof NOTICE_BASE_FIELDS)[number] | (typeof ANNEX_7_REQUIRED_FIELDS)[number];

const nccNoticeWith = (requiredKeys: readonly NoticeField[]) =>
  fc.record(
    {
      kind: enumValue('noticeKind'),
      // 001 Annex 7: a registration date (Asia/Almaty).
      registeredAt: pastTimestamp(NOW.getTime(), 10 * DAY_MS).map((t) =>
        new Date(t.at + 5 * 3_600_000).toISOString().slice(0, 10),
      ),
      notifiedAt: pastTimestamp(NOW.getTime(), 10 * DAY_MS).map((t) => t.text),
      detectedAt: pastTimestamp(NOW.getTime(), 10 * DAY_MS).map((t) => t.text),
      sourceIp: ipAddress,
      targetIp: ipAddress,
      deviceName: name,
      eventName: name,
      request: fc.oneof(
        fc.constantFrom(
          "GET /index.php?id=1' OR '1'='1 HTTP/1.1",
          'C:\\inetpub\\wwwroot\\shell.aspx',
        ),
        freeText(0, 100),
      ),
      responseCode: fc.integer({ min: 0, max: 999 }),
      triggerCount: fc.integer({ min: 0, max: 1_000_000_000 }),
      sourceOrganization: name,
      recurrence: enumValue('recurrence'),
      description: freeText(1, 200),
      affectedObject,
      iocs: fc.array(ioc, { maxLength: 6 }),
      note: fc.oneof(fc.constant(''), freeText(0, 100)),
      tlp: enumValue('tlp'),
      recipients: fc
        .record(
          {
            parties: fc.uniqueArray(partyId, { maxLength: 5 }),
            sectors: fc.shuffledSubarray(CATALOGUE.sector.map((entry) => entry.code)),
          },
          { requiredKeys: [] },
        )
        .filter((r) => (r.parties?.length ?? 0) + (r.sectors?.length ?? 0) > 0),
    },
    { requiredKeys: [...requiredKeys] },
  );

/**
 * Any kind with every field 001 Annex 7 lists without "if available", or a threat
 * notice (which may omit them) with only the base fields.
 */
const nccNotice = fc.oneof(
  nccNoticeWith([...NOTICE_BASE_FIELDS, ...ANNEX_7_REQUIRED_FIELDS]),
  nccNoticeWith(NOTICE_BASE_FIELDS).map((notice) => ({ ...notice, kind: 'threat' })),
);

/** JSON text → canonical; canonical → XML → canonical again. */
function roundTrip(
  form: MessageFormName,
  root: string,
  value: unknown,
): { fromJson: unknown; fromXml: unknown; xml: string } {
  const fromJson = readMessage(form, jsonBody(value), fixedClock).message;
  const xml = renderXml(root, fromJson);
  const fromXml = readMessage(form, xmlText(xml), fixedClock).message;
  return { fromJson, fromXml, xml };
}

describe('JSON → canonical → XML → canonical', () => {
  it('returns every complete incident card unchanged', () => {
    fc.assert(
      fc.property(completeCard, (card) => {
        // Arrange (generated)

        // Act
        const { fromJson, fromXml, xml } = roundTrip('incidentCard', 'incidentCard', card);

        // Assert
        expect(fromXml, xml).toEqual(fromJson);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('returns every NCC notice unchanged', () => {
    fc.assert(
      fc.property(nccNotice, (notice) => {
        // Arrange (generated)

        // Act
        const { fromJson, fromXml, xml } = roundTrip('nccNotice', 'nccNotice', notice);

        // Assert
        expect(fromXml, xml).toEqual(fromJson);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('returns every notice response carrying a card unchanged', () => {
    fc.assert(
      fc.property(completeCard, freeText(0, 100), (card, results) => {
        // Arrange
        const response = { kind: 'incident_card', results, card };

        // Act
        const { fromJson, fromXml, xml } = roundTrip('noticeResponse', 'noticeResponse', response);

        // Assert
        expect(fromXml, xml).toEqual(fromJson);
      }),
      { numRuns: NUM_RUNS / 4 },
    );
  });

  it('keeps free text exactly: spaces at the ends, markup characters, CR, LF and tab', () => {
    fc.assert(
      fc.property(completeCard, freeText(1, 200), (card, text) => {
        // Arrange
        const value = { ...card, description: text, note: text };

        // Act
        const { fromXml } = roundTrip('incidentCard', 'incidentCard', value);

        // Assert
        expect(fromXml).toMatchObject({ description: text, note: text });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
