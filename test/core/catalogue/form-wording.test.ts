/**
 * Issue #11 items 1, 2 and 6: a SOC that copies the official form's wording is
 * understood. Every string below is copied from the printed forms (004 Annex 3,
 * 001 Annexes 2, 5 and 7), not from schemas/catalogue.json, so a catalogue edit that
 * drops a wording fails here.
 */
import { describe, expect, it } from 'vitest';
import {
  type CatalogueName,
  candidatesFor,
  codeFor,
  labelOf,
  SEVERITY_TABLE,
  TYPICAL_TYPES_BY_SEVERITY,
} from '../../../functions/core/catalogue/catalogue.js';
import { severityAdvice } from '../../../functions/core/catalogue/severity-advice.js';
import { ValidationError } from '../../../functions/core/errors.js';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import { exampleCard, fixedClock, jsonBody, xmlBody } from '../fixtures.js';

/** [enum, wording as printed, code, where it is printed]. */
const PRINTED_WORDINGS: readonly [CatalogueName, string, string | number, string][] = [
  // 004 Annex 3, «маңыздылық деңгейі»: "Жоғары (4); Орташа (3); Төмен (2); Анықталмаған (1)."
  ['severity', 'Жоғары (4)', 4, '004 Annex 3'],
  ['severity', 'Орташа (3)', 3, '004 Annex 3'],
  ['severity', 'Төмен (2)', 2, '004 Annex 3'],
  ['severity', 'Анықталмаған (1)', 1, '004 Annex 3'],
  // 004 Annex 3, «оқыс оқиғасының түрі» (the space before ";" is the form's own).
  ['incidentType', 'Қызмет көрсетуден бас тарту (DoS, DDoS) ', 'dos_ddos', '004 Annex 3'],
  [
    'incidentType',
    'Рұқсатсыз қол жеткізу және мазмұнды түрлендіру',
    'unauthorized_access',
    '004 Annex 3',
  ],
  ['incidentType', 'Ботнет', 'botnet', '004 Annex 3'],
  ['incidentType', 'Вирустық шабуыл', 'virus_attack', '004 Annex 3'],
  ['incidentType', 'Шифрлаушы', 'ransomware', '004 Annex 3'],
  ['incidentType', 'Осалдықты пайдалану', 'vulnerability_exploitation', '004 Annex 3'],
  [
    'incidentType',
    'Аутентификация/авторизация құралдарының жария етілуі',
    'credential_disclosure',
    '004 Annex 3',
  ],
  ['incidentType', 'Фишинг', 'phishing', '004 Annex 3'],
  ['incidentType', 'Спам', 'spam', '004 Annex 3'],
  ['incidentType', 'Өзге ақпараттық қауіпсіздіктің оқыс оқиғалары', 'other', '004 Annex 3'],
  // 004 Annex 3, severity table examples.
  ['incidentType', 'Рұқсатсыз қол жеткізу', 'unauthorized_access', '004 Annex 3 table'],
  [
    'incidentType',
    'Қызмет көрсетуден бас тарту (DoS/ DDoS шабуылы)',
    'dos_ddos',
    '004 Annex 3 table, level 4',
  ],
  [
    'incidentType',
    'Қызмет көрсетуден бас тарту (DoS /DdoS шабуылы)',
    'dos_ddos',
    '004 Annex 3 table, level 2',
  ],
  ['incidentType', 'Фишингтік шабуыл', 'phishing', '004 Annex 3 table'],
  // 001 Annex 2 (the same card, older wording).
  [
    'incidentType',
    'Рұқсатсыз қол жеткізу және қамтылымды \nтүрлендіру',
    'unauthorized_access',
    '001 Annex 2',
  ],
  [
    'incidentType',
    'Аутентификация/авторизация құралдарының жария \nетілуі',
    'credential_disclosure',
    '001 Annex 2',
  ],
  ['incidentType', 'Басқа', 'other', '001 Annex 2'],
  // 004 Annex 3, «Ауқымы», «Белгісі», «Шеңбер», «Салдары».
  ['scale', 'Жеке', 'individual', '004 Annex 3'],
  ['scale', 'Жаппай', 'mass', '004 Annex 3'],
  ['recurrence', 'Қайта', 'repeat', '004 Annex 3'],
  ['recurrence', 'жаңа', 'new', '004 Annex 3'],
  ['sign', 'Жарамды', 'actual', '004 Annex 3'],
  ['sign', 'Әрекет', 'attempt', '004 Annex 3'],
  ['sign', 'Күдік', 'suspicion', '004 Annex 3'],
  ['perimeter', 'Ішкі шеңбердің жергілікті желісі', 'internal', '004 Annex 3'],
  ['perimeter', 'Сыртқы шеңбердің жергілікті желісі', 'external', '004 Annex 3'],
  ['consequence', 'Салдары жоқ', 'none', '004 Annex 3'],
  ['consequence', 'Жұмысқа қабілеттілігінің бұзылуы', 'availability', '004 Annex 3'],
  ['consequence', 'Тұтастығының бұзылуы', 'integrity', '004 Annex 3'],
  ['consequence', 'Ақпараттың құпиялылық режимінің бұзылуы', 'confidentiality', '004 Annex 3'],
  // 001 Annex 7: "Алғашқы тіркеу/қайта тіркеу".
  ['recurrence', 'Алғашқы тіркеу', 'new', '001 Annex 7'],
  ['recurrence', 'қайта тіркеу', 'repeat', '001 Annex 7'],
  // 001 Annex 5, column 2 «Контур»: "Сыртқы/ Ішкі контур" (a vulnerability's contour).
  ['perimeter', 'Сыртқы контур', 'external', '001 Annex 5'],
  ['perimeter', 'Ішкі контур', 'internal', '001 Annex 5'],
  ['perimeter', 'Ішкі', 'internal', '001 Annex 5'],
];

describe('every wording printed in the forms names its code', () => {
  it.each(PRINTED_WORDINGS)('%s: "%s" → %j (%s)', (name, printed, code) => {
    // Arrange / Act
    const found = codeFor(name, printed);

    // Assert
    expect(found).toBe(code);
  });

  it("reads a card written entirely in the form's wording, in JSON and in XML", () => {
    // Arrange
    const card = {
      ...exampleCard(),
      severity: 'Жоғары (4)',
      type: 'Қызмет көрсетуден бас тарту (DoS, DDoS)',
      scale: 'Жаппай',
      details: { ...exampleCard().details, recurrence: 'Қайта' },
      perimeter: 'Сыртқы шеңбердің жергілікті желісі',
      consequences: ['Ақпараттың құпиялылық режимінің бұзылуы'],
    };

    // Act
    const read = [jsonBody(card), xmlBody('incidentCard', card)].map(
      (body) => readMessage('incidentCard', body, fixedClock).message,
    );

    // Assert
    for (const message of read) {
      expect(message).toMatchObject({
        severity: 4,
        type: 'dos_ddos',
        scale: 'mass',
        details: { recurrence: 'repeat' },
        perimeter: 'external',
        consequences: ['confidentiality'],
      });
    }
  });
});

describe("a vulnerability's contour as 001 Annex 5 prints it", () => {
  it.each([
    ['Ішкі контур', 'internal'],
    ['Сыртқы контур', 'external'],
  ])('reads "%s" as %s, in JSON and in XML', (printed, code) => {
    // Arrange
    const report = {
      reference: 'VULN-ANNEX5',
      detectedAt: '2026-11-20T14:20:00+05:00',
      contour: printed,
      objectName: 'Billing server',
      component: 'billing.energo-example.kz',
      description: 'CVE-2021-23017',
    };

    // Act
    const read = [jsonBody(report), xmlBody('vulnerability', report)].map(
      (body) => readMessage('vulnerability', body, fixedClock).message.contour,
    );

    // Assert
    expect(read).toEqual([code, code]);
  });
});

describe('a wording that names two codes', () => {
  it.each([
    ['Зиянды бағдарламалық қамтылым', '004 Annex 3 table'],
    ['Зиянды БҚ', '001 Annex 2 table'],
  ])('"%s" (%s, malware) names both botnet and virus_attack', (printed) => {
    // Arrange / Act
    const candidates = candidatesFor('incidentType', printed);

    // Assert
    expect([...candidates].sort()).toEqual(['botnet', 'virus_attack']);
    expect(codeFor('incidentType', printed)).toBeUndefined();
  });

  it('is refused with 422 ambiguous_label naming both candidates, and nothing else at that pointer', () => {
    // Arrange
    const body = jsonBody({ ...exampleCard(), type: 'Зиянды бағдарламалық қамтылым' });

    // Act
    let error: unknown;
    try {
      readMessage('incidentCard', body, fixedClock);
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ pointer: '/type', code: 'ambiguous_label' });
    expect(issues[0]?.message).toContain('botnet');
    expect(issues[0]?.message).toContain('virus_attack');
  });
});

describe('004 Annex 3 severity table, row by row', () => {
  // Each row's examples as printed → the codes they cover.
  const rows: [number, string[], string[]][] = [
    [
      4,
      [
        'Рұқсатсыз қол жеткізу',
        'Осалдықты пайдалану',
        'Шифрлаушы',
        'Зиянды бағдарламалық қамтылым',
        'Қызмет көрсетуден бас тарту (DoS/ DDoS шабуылы)',
        'Өзге ақпараттық қауіпсіздіктің оқыс оқиғалары',
      ],
      [
        'unauthorized_access',
        'vulnerability_exploitation',
        'ransomware',
        'virus_attack',
        'botnet',
        'dos_ddos',
        'other',
      ],
    ],
    [
      3,
      [
        'Рұқсатсыз қол жеткізу',
        'Шифрлаушы',
        'Зиянды бағдарламалық қамтылым',
        'Қызмет көрсетуден бас тарту (DoS/DDoS шабуылы)',
        'Осалдықты пайдалану',
        'Өзге ақпараттық қауіпсіздіктің оқыс оқиғалары',
      ],
      [
        'unauthorized_access',
        'ransomware',
        'virus_attack',
        'botnet',
        'dos_ddos',
        'vulnerability_exploitation',
        'other',
      ],
    ],
    [
      2,
      [
        'Зиянды бағдарламалық қамтылым',
        'Қызмет көрсетуден бас тарту (DoS /DdoS шабуылы)',
        'Осалдықты пайдалану',
        'Спам',
        'Фишингтік шабуыл',
        'Өзге ақпараттық қауіпсіздіктің оқыс оқиғалары',
      ],
      [
        'virus_attack',
        'botnet',
        'dos_ddos',
        'vulnerability_exploitation',
        'spam',
        'phishing',
        'other',
      ],
    ],
    [1, ['Сипатқа ие емес/күдікті белсенділік'], []],
  ];
  const allTypes = [
    'dos_ddos',
    'unauthorized_access',
    'botnet',
    'virus_attack',
    'ransomware',
    'vulnerability_exploitation',
    'credential_disclosure',
    'phishing',
    'spam',
    'other',
  ];

  it.each(rows)('level %i prints exactly these examples', (severity, printed, types) => {
    // Arrange
    const row = SEVERITY_TABLE.find((r) => r.severity === severity);

    // Act
    const examples = row?.examples.map((example) => example.printed);

    // Assert
    expect(examples).toEqual(printed);
    expect([...(TYPICAL_TYPES_BY_SEVERITY[String(severity)] ?? [])].sort()).toEqual(
      [...types].sort(),
    );
  });

  it.each(rows)(
    'level %i warns for exactly the types its examples lack',
    (severity, printed, types) => {
      // Arrange
      const typical = new Set(printed.flatMap((text) => candidatesFor('incidentType', text)));

      // Act
      const warned = allTypes.filter((type) => severityAdvice(severity, type).length > 0);

      // Assert: the printed examples resolve to the row's types, and only the others warn.
      if (severity !== 1) expect([...typical].sort()).toEqual([...types].sort());
      expect(warned).toEqual(severity === 1 ? [] : allTypes.filter((t) => !types.includes(t)));
    },
  );

  it('credential disclosure is listed at no level, so it warns at 4, 3 and 2', () => {
    // Arrange / Act
    const warned = [4, 3, 2, 1].filter(
      (severity) => severityAdvice(severity, 'credential_disclosure').length > 0,
    );

    // Assert
    expect(warned).toEqual([4, 3, 2]);
  });
});

describe('labels of the authority role and the elimination duty', () => {
  it('authority is ҰҚК / КНБ / National Security Committee (001 п.10(1)), not the ministry', () => {
    // Arrange / Act
    const labels = (['kk', 'ru', 'en'] as const).map((language) =>
      labelOf('role', 'authority', language),
    );

    // Assert
    expect(labels).toEqual(['ҰҚК', 'КНБ', 'National Security Committee']);
    expect(codeFor('role', 'Ұлттық қауіпсіздік комитеті')).toBe('authority');
    expect(codeFor('role', 'Уәкілетті орган')).toBeUndefined();
  });

  it('elimination names causes and consequences (001 п.10(1): себептері мен салдарын)', () => {
    // Arrange / Act
    const kk = labelOf('obligationKind', 'elimination', 'kk');
    const ru = labelOf('obligationKind', 'elimination', 'ru');

    // Assert
    expect(kk).toBe('Себептері мен салдарын жою');
    expect(ru).toBe('Устранение причин и последствий');
  });
});
