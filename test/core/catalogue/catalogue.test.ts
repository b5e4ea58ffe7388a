import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  type CatalogueName,
  codeFor,
  foldLabel,
  LANGUAGES,
  labelOf,
} from '../../../functions/core/catalogue/catalogue.js';
import { normaliseLabels } from '../../../functions/core/catalogue/normalise-labels.js';
import { severityAdvice } from '../../../functions/core/catalogue/severity-advice.js';
import { shapeOfForm } from '../../../functions/core/model/shapes.js';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import commonSchema from '../../../schemas/common.schema.json' with { type: 'json' };
import { exampleCard, exampleNotice, fixedClock, jsonBody } from '../fixtures.js';

const defs = commonSchema.$defs as Record<string, { enum?: unknown[] }>;
const schemaEnums = Object.entries(defs).filter(([, def]) => Array.isArray(def.enum));
const catalogueNames = Object.keys(CATALOGUE) as CatalogueName[];

describe('catalogue against common.schema.json', () => {
  it.each(schemaEnums)('lists exactly the codes of the %s enum, in order', (name, def) => {
    // Arrange
    const entries = CATALOGUE[name as CatalogueName];

    // Act
    const codes = entries?.map((entry) => entry.code);

    // Assert
    expect(codes, `catalogue.json has no enum "${name}"`).toEqual(def.enum);
  });

  it.each(catalogueNames)('has a $def with an enum for catalogue enum %s', (name) => {
    // Arrange / Act
    const def = defs[name];

    // Assert
    expect(def?.enum, `common.schema.json has no enum $def "${name}"`).toBeInstanceOf(Array);
  });
});

describe('catalogue labels', () => {
  it.each(catalogueNames)('%s: every entry has non-empty kk, ru and en labels', (name) => {
    // Arrange / Act
    const blanks = CATALOGUE[name].flatMap((entry) =>
      LANGUAGES.filter((language) => entry[language].trim() === '').map(
        (language) => `${entry.code}/${language}`,
      ),
    );

    // Assert
    expect(blanks).toEqual([]);
  });

  it.each(catalogueNames)('%s: no code or label names two different codes once folded', (name) => {
    // Arrange
    const owner = new Map<string, string | number>();
    const clashes: string[] = [];

    // Act
    for (const entry of CATALOGUE[name]) {
      for (const text of [String(entry.code), entry.kk, entry.ru, entry.en]) {
        const folded = foldLabel(text);
        const previous = owner.get(folded);
        if (previous !== undefined && previous !== entry.code) {
          clashes.push(`"${text}" names ${String(previous)} and ${String(entry.code)}`);
        }
        owner.set(folded, entry.code);
      }
    }

    // Assert
    expect(clashes).toEqual([]);
  });
});

describe('foldLabel', () => {
  const everyText = catalogueNames.flatMap((name) =>
    CATALOGUE[name].flatMap((entry) => [String(entry.code), entry.kk, entry.ru, entry.en]),
  );

  it('is idempotent on every code and label (codeFor looks codes up unfolded first)', () => {
    // Arrange
    const folded = everyText.map(foldLabel);

    // Act
    const refolded = folded.map(foldLabel);

    // Assert
    expect(refolded).toEqual(folded);
  });

  it('leaves every code as it is, so a code as sent is found without folding', () => {
    // Arrange
    const codes = catalogueNames.flatMap((name) =>
      CATALOGUE[name].map((entry) => String(entry.code)),
    );

    // Act
    const folded = codes.map(foldLabel);

    // Assert
    expect(folded).toEqual(codes);
  });

  it.each([
    ['  Жоғары ', 'жоғары'],
    ['ЖОҒАРЫ', 'жоғары'],
    ['Неопределённый', 'неопределенный'],
    ['НЕОПРЕДЕЛЁННЫЙ', 'неопределенный'],
    ['Loss  of\tavailability', 'lossofavailability'],
    // "е" followed by a combining diaeresis is ё once composed (NFC).
    ['Неопределе\u0308нный', 'неопределенный'],
  ])('folds %j to %j', (input, expected) => {
    // Arrange / Act
    const folded = foldLabel(input);

    // Assert
    expect(folded).toBe(expected);
  });
});

describe('codeFor', () => {
  const everyLabel = catalogueNames.flatMap((name) =>
    CATALOGUE[name].flatMap((entry) =>
      LANGUAGES.map((language) => ({ name, language, label: entry[language], code: entry.code })),
    ),
  );

  it.each(everyLabel)(
    '$name: the $language label "$label" names $code',
    ({ name, label, code }) => {
      // Arrange
      const shouted = ` ${label.toUpperCase()}  `;

      // Act
      const exact = codeFor(name, label);
      const loud = codeFor(name, shouted);

      // Assert
      expect(exact).toBe(code);
      expect(loud).toBe(code);
    },
  );

  it.each([
    ['severity', 4, 4],
    ['severity', '4', 4],
    ['severity', ' 1 ', 1],
    ['incidentType', 'ransomware', 'ransomware'],
    ['incidentType', 'RANSOMWARE', 'ransomware'],
    ['incidentType', 'Шифрлаушы', 'ransomware'],
    ['incidentType', 'шифровальщик', 'ransomware'],
    ['incidentType', 'DoS / DDoS attack', 'dos_ddos'],
    ['incidentType', 'раскрытие учетных данных', 'credential_disclosure'],
    ['severity', 'неопределенный', 1],
    ['severity', 'жоғары', 4],
    [
      'objectKind',
      'Объект информационно-коммуникационной инфраструктуры, отнесенный к критически важным',
      'critical_ict_object',
    ],
    ['perimeter', 'ішкі   шеңбердің жергілікті\nжелісі', 'internal'],
    ['tlp', 'tlp:amber', 'amber'],
    ['sector', 'Law enforcement', 'law_enforcement'],
  ] as const)('%s: %j names %j', (name, value, code) => {
    // Arrange / Act
    const found = codeFor(name, value);

    // Assert
    expect(found).toBe(code);
  });

  it.each([
    ['severity', 5],
    ['severity', 'very high'],
    ['severity', ''],
    ['severity', null],
    ['severity', { code: 4 }],
    ['incidentType', 'ransom ware!'],
    // A label of one enum names nothing in another.
    ['scale', 'Ransomware'],
  ] as const)('%s: %j names nothing', (name, value) => {
    // Arrange / Act
    const found = codeFor(name, value);

    // Assert
    expect(found).toBeUndefined();
  });

  it('labelOf returns the label in the asked language', () => {
    // Arrange / Act
    const labels = LANGUAGES.map((language) => labelOf('severity', 4, language));

    // Assert
    expect(labels).toEqual(['Жоғары', 'Высокий', 'High']);
  });
});

describe('normaliseLabels', () => {
  it('rewrites labels at every enum position of a card, nested ones included', () => {
    // Arrange
    const card: Record<string, unknown> = {
      ...exampleCard(),
      severity: 'Орташа',
      type: 'Шифровальщик',
      scale: 'ЖЕКЕ',
      details: {
        ...exampleCard().details,
        recurrence: 'Новый',
        iocs: [
          { type: 'Хеш SHA-256', value: 'x' },
          { type: 'ipv4 мекенжайы', value: 'y' },
        ],
      },
      sign: 'Действительный',
      perimeter: 'Internal perimeter local network',
      consequences: ['Жұмысқа қабілеттілігінің бұзылуы', 'нарушение целостности'],
      affectedObject: {
        name: 'Billing',
        kind: 'Ақпараттық-коммуникациялық инфрақұрылымның аса маңызды объектісі',
      },
    };

    // Act
    normaliseLabels(card, shapeOfForm('incidentCard'));

    // Assert
    expect(card).toMatchObject({
      severity: 3,
      type: 'ransomware',
      scale: 'individual',
      details: {
        recurrence: 'new',
        iocs: [
          { type: 'sha256', value: 'x' },
          { type: 'ipv4', value: 'y' },
        ],
      },
      sign: 'actual',
      perimeter: 'internal',
      consequences: ['availability', 'integrity'],
      affectedObject: { name: 'Billing', kind: 'critical_ict_object' },
    });
  });

  it('rewrites notice recipients.sectors[], kind and tlp', () => {
    // Arrange
    const notice: Record<string, unknown> = {
      ...exampleNotice(),
      kind: 'Угроза',
      tlp: 'TLP:RED',
      recipients: { parties: ['soc-alpha'], sectors: ['Электр энергетикасы', 'banking', 'Связь'] },
    };

    // Act
    normaliseLabels(notice, shapeOfForm('nccNotice'));

    // Assert
    expect(notice).toMatchObject({
      kind: 'threat',
      tlp: 'red',
      recipients: { parties: ['soc-alpha'], sectors: ['electricity', 'banking', 'communications'] },
    });
  });

  it('leaves values that name nothing, and free text, for the schema to judge', () => {
    // Arrange
    const card: Record<string, unknown> = {
      ...exampleCard(),
      type: 'ransom-ware',
      consequences: ['availability', 'melted'],
      description: 'Ransomware',
      socReference: 'High',
    };

    // Act
    normaliseLabels(card, shapeOfForm('incidentCard'));

    // Assert
    expect(card.type).toBe('ransom-ware');
    expect(card.consequences).toEqual(['availability', 'melted']);
    expect(card.description).toBe('Ransomware');
    expect(card.socReference).toBe('High');
  });

  it('tolerates values of the wrong structure without throwing', () => {
    // Arrange
    const card: Record<string, unknown> = {
      details: 'none',
      consequences: 'availability',
      affectedObject: [],
    };

    // Act
    const run = () => normaliseLabels(card, shapeOfForm('incidentCard'));

    // Assert
    expect(run).not.toThrow();
    expect(card).toEqual({ details: 'none', consequences: 'availability', affectedObject: [] });
  });

  it('lets a card written in labels through readMessage, stored as codes', () => {
    // Arrange
    const card = { ...exampleCard(), severity: 'Средний', type: 'Шифрлаушы', sign: 'attempt' };

    // Act
    const { message } = readMessage('incidentCard', jsonBody(card), fixedClock);

    // Assert
    expect(message.severity).toBe(3);
    expect(message.type).toBe('ransomware');
  });

  it('reports a value that names nothing as invalid_value at its pointer', () => {
    // Arrange
    const card = exampleCard();
    const body = jsonBody({
      ...card,
      details: { ...card.details, iocs: [{ type: 'hash', value: 'ab' }] },
    });

    // Act
    const read = () => readMessage('incidentCard', body, fixedClock);

    // Assert
    expect(read).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([
          expect.objectContaining({ pointer: '/details/iocs/0/type', code: 'invalid_value' }),
        ]),
      }),
    );
  });
});

describe('severityAdvice', () => {
  it('warns for spam at severity 4', () => {
    // Arrange / Act
    const warnings = severityAdvice(4, 'spam');

    // Assert
    expect(warnings).toEqual([
      expect.objectContaining({ pointer: '/severity', code: 'atypical_severity_for_type' }),
    ]);
    expect(warnings[0]?.message).toContain('spam');
  });

  it.each(['spam', 'ransomware', 'other', 'dos_ddos'])(
    'never warns for severity 1 (%s)',
    (type) => {
      // Arrange / Act
      const warnings = severityAdvice(1, type);

      // Assert
      expect(warnings).toEqual([]);
    },
  );

  it.each([
    [4, 'ransomware'],
    [3, 'virus_attack'],
    [2, 'spam'],
  ])('does not warn for the typical pairing %s / %s', (severity, type) => {
    // Arrange / Act
    const warnings = severityAdvice(severity, type);

    // Assert
    expect(warnings).toEqual([]);
  });

  it('stays silent on values the schema will reject anyway', () => {
    // Arrange / Act
    const warnings = [severityAdvice('4', 'spam'), severityAdvice(4, undefined)];

    // Assert
    expect(warnings).toEqual([[], []]);
  });

  it('reaches the receipt: spam at severity 4 is accepted with the warning', () => {
    // Arrange
    const card = { ...exampleCard(), severity: 4, type: 'spam' };

    // Act
    const { message, warnings } = readMessage('incidentCard', jsonBody(card), fixedClock);

    // Assert
    expect(message.type).toBe('spam');
    expect(warnings.map((w) => w.code)).toEqual(['atypical_severity_for_type']);
  });
});
