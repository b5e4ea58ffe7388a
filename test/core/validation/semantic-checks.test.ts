import { describe, expect, it } from 'vitest';
import { type Issue, ValidationError } from '../../../functions/core/errors.js';
import type { MessageFormName } from '../../../functions/core/model/schemas.js';
import { isTimestampWithOffset } from '../../../functions/core/time.js';
import {
  checkMessage,
  isCompleteCard,
  readMessage,
} from '../../../functions/core/validation/read-message.js';
import {
  CLOCK_SKEW_ALLOWANCE_MS,
  semanticIssues,
} from '../../../functions/core/validation/semantic-checks.js';
import {
  clockAt,
  copy,
  exampleCard,
  exampleNotice,
  exampleNotification,
  fixedClock,
  jsonBody,
  NOW,
  xmlBody,
} from '../fixtures.js';

/** The issues a message is refused with, or [] when it is accepted. */
function issuesOf(form: MessageFormName, value: unknown, clock = fixedClock): Issue[] {
  try {
    checkMessage(form, copy(value), clock);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}

function codesAt(issues: Issue[]): string[] {
  return issues.map((issue) => `${issue.pointer} ${issue.code}`);
}

function isoAfterNow(ms: number): string {
  return new Date(NOW.getTime() + ms).toISOString();
}

describe('timestamps', () => {
  it.each([
    ['2026-11-20T09:10:00+05:00', true],
    ['2026-11-20T04:10:00Z', true],
    ['2026-11-20t04:10:00z', true],
    ['2026-11-20T09:10:00.123456789+05:00', true],
    ['2026-11-20T09:10:00-03:30', true],
    ['2024-02-29T00:00:00Z', true],
    ['2026-11-20T09:10:00', false],
    ['2026-11-20 09:10:00+05:00', false],
    ['2026-11-20T09:10+05:00', false],
    ['2026-11-20T09:10:00+0500', false],
    ['2026-11-20', false],
    ['2026-02-30T10:00:00+05:00', false],
    ['2026-02-29T10:00:00+05:00', false],
    ['2026-04-31T10:00:00+05:00', false],
    ['2026-13-01T10:00:00+05:00', false],
    ['2026-11-20T24:00:00+05:00', false],
    ['2026-11-20T09:60:00+05:00', false],
    ['2026-11-20T09:10:00+24:00', false],
    ['2026-11-20T09:10:00+05:60', false],
    // A leap second is valid RFC 3339 but no Date can hold it: refused, not a 500.
    ['2026-06-30T23:59:60Z', false],
  ])('isTimestampWithOffset(%j) is %s', (value, expected) => {
    // Arrange / Act
    const valid = isTimestampWithOffset(value);

    // Assert
    expect(valid).toBe(expected);
  });

  it('refuses a confirmedAt without an offset as invalid_timestamp', () => {
    // Arrange
    const card = exampleCard();
    card.details.confirmedAt = '2026-11-20T09:10:00';

    // Act
    const issues = issuesOf('incidentCard', card);

    // Assert
    expect(codesAt(issues)).toEqual(['/details/confirmedAt invalid_timestamp']);
  });

  it('refuses 30 February, in a timestamp and in a date', () => {
    // Arrange
    const card = exampleCard();
    card.details.occurredAt = '2026-02-30T09:10:00+05:00';
    card.registeredAt = '2026-02-30';

    // Act
    const issues = issuesOf('incidentCard', card);

    // Assert
    expect(codesAt(issues)).toEqual([
      '/registeredAt invalid_format',
      '/details/occurredAt invalid_timestamp',
    ]);
  });

  it('accepts confirmedAt one minute ahead of the gateway clock, with a clock_ahead warning naming field and skew', () => {
    // Arrange
    const card = exampleCard();
    card.details.confirmedAt = isoAfterNow(60_000);
    card.details.occurredAt = card.details.confirmedAt;

    // Act
    const issues = issuesOf('incidentCard', card);
    const { warnings } = checkMessage('incidentCard', copy(card), fixedClock);

    // Assert
    expect(issues).toEqual([]);
    expect(warnings.filter((w) => w.code === 'clock_ahead')).toEqual([
      expect.objectContaining({
        pointer: '/details/occurredAt',
        message: expect.stringContaining('PT1M ahead'),
      }),
      expect.objectContaining({
        pointer: '/details/confirmedAt',
        message: expect.stringContaining('PT1M ahead'),
      }),
    ]);
  });

  it('warns of nothing for a timestamp at most 1 s ahead', () => {
    // Arrange
    const card = exampleNotification();
    card.details = { confirmedAt: isoAfterNow(1000) };

    // Act
    const { warnings } = checkMessage('incidentNotification', copy(card), fixedClock);

    // Assert
    expect(warnings.filter((w) => w.code === 'clock_ahead')).toEqual([]);
  });

  it('accepts confirmedAt exactly at the 5-minute skew allowance, with a warning', () => {
    // Arrange
    const card = exampleNotification();
    card.details = { confirmedAt: isoAfterNow(CLOCK_SKEW_ALLOWANCE_MS) };

    // Act
    const issues = issuesOf('incidentNotification', card);
    const { warnings } = checkMessage('incidentNotification', copy(card), fixedClock);

    // Assert
    expect(CLOCK_SKEW_ALLOWANCE_MS).toBe(300_000);
    expect(issues).toEqual([]);
    expect(warnings.map((w) => `${w.pointer} ${w.code}`)).toContain(
      '/details/confirmedAt clock_ahead',
    );
  });

  it('refuses confirmedAt more than five minutes ahead as in_future, naming both instants', () => {
    // Arrange
    const card = exampleCard();
    card.details.confirmedAt = isoAfterNow(CLOCK_SKEW_ALLOWANCE_MS + 1000);

    // Act
    const issues = issuesOf('incidentCard', card);

    // Assert
    expect(codesAt(issues)).toEqual(['/details/confirmedAt in_future']);
    expect(issues[0]?.message).toContain(
      new Date(NOW.getTime() + CLOCK_SKEW_ALLOWANCE_MS + 1000).toISOString().slice(0, 19),
    );
    expect(issues[0]?.message).toContain(NOW.toISOString().slice(0, 19));
    expect(issues[0]?.message).toContain('PT5M1S');
  });

  it('compares instants, not text: +05:00 and Z forms of the same future instant are both refused', () => {
    // Arrange
    const future = NOW.getTime() + 10 * 60_000;
    const almaty = new Date(future + 5 * 3_600_000).toISOString().slice(0, 19);
    const [inAlmaty, inUtc] = [`${almaty}+05:00`, new Date(future).toISOString()].map((at) => ({
      ...exampleNotification(),
      details: { confirmedAt: at },
    }));

    // Act
    const issues = [
      issuesOf('incidentNotification', inAlmaty),
      issuesOf('incidentNotification', inUtc),
    ];

    // Assert
    expect(issues.map(codesAt)).toEqual([
      ['/details/confirmedAt in_future'],
      ['/details/confirmedAt in_future'],
    ]);
  });

  it('refuses occurredAt after confirmedAt, and accepts them equal', () => {
    // Arrange
    const after = exampleCard();
    after.details.occurredAt = '2026-11-20T09:10:01+05:00';
    const equal = exampleCard();
    equal.details.occurredAt = '2026-11-20T04:10:00Z';

    // Act
    const issues = [issuesOf('incidentCard', after), issuesOf('incidentCard', equal)];

    // Assert
    expect(issues.map(codesAt)).toEqual([['/details/occurredAt occurred_after_confirmed'], []]);
    expect(issues[0]?.[0]?.message).toContain('2026-11-20T09:10:01+05:00');
    expect(issues[0]?.[0]?.message).toContain(exampleCard().details.confirmedAt);
  });

  it('judges registeredAt against today in Asia/Almaty', () => {
    // Arrange: 19:30 UTC on the 21st is already 00:30 on the 22nd in Almaty.
    const lateEvening = clockAt('2026-11-21T19:30:00Z');
    const card = exampleCard();
    card.registeredAt = '2026-11-22';

    // Act
    const issues = [
      issuesOf('incidentCard', card, fixedClock),
      issuesOf('incidentCard', card, lateEvening),
    ];

    // Assert
    expect(issues.map(codesAt)).toEqual([['/registeredAt in_future'], []]);
  });
});

describe('incident rules', () => {
  it('refuses "none" together with another consequence', () => {
    // Arrange
    const card = { ...exampleCard(), consequences: ['none', 'integrity'] };

    // Act
    const issues = issuesOf('incidentCard', card);

    // Assert
    expect(codesAt(issues)).toEqual(['/consequences none_not_exclusive']);
  });

  it('refuses an affected object with neither id nor name', () => {
    // Arrange
    const card = { ...exampleCard(), affectedObject: { kind: 'egov_object' } };

    // Act
    const issues = issuesOf('incidentCard', card);

    // Assert
    expect(codesAt(issues)).toEqual(['/affectedObject object_unidentified']);
  });

  it('reports every failure of a message at once', () => {
    // Arrange
    const card: Record<string, unknown> = { ...exampleCard() };
    card.severity = 7;
    card.consequences = ['none', 'availability'];
    card.details = {
      ...exampleCard().details,
      occurredAt: '2026-11-21T00:00:00Z',
      iocs: [{ type: 'ipv4', value: 'x' }],
    };
    delete card.sign;

    // Act
    const issues = issuesOf('incidentCard', card);

    // Assert
    expect(codesAt(issues).sort()).toEqual(
      [
        '/severity invalid_value',
        '/sign required',
        '/consequences none_not_exclusive',
        '/details/occurredAt occurred_after_confirmed',
        '/details/iocs/0/value invalid_ioc_value',
      ].sort(),
    );
  });
});

describe('notification or complete card', () => {
  it('isCompleteCard is true for the sample card of docs/contract.md §10, with or without the optional note', () => {
    // Arrange
    const withoutNote: Record<string, unknown> = { ...exampleCard() };
    delete withoutNote.note;

    // Act / Assert
    expect(isCompleteCard(exampleCard())).toBe(true);
    expect(isCompleteCard(withoutNote)).toBe(true);
  });

  it.each(['registeredAt', 'scale', 'sign', 'perimeter', 'consequences', 'actionsTaken'])(
    'isCompleteCard is false without %s',
    (field) => {
      // Arrange
      const card: Record<string, unknown> = { ...exampleCard() };
      delete card[field];

      // Act / Assert
      expect(isCompleteCard(card)).toBe(false);
    },
  );

  it('isCompleteCard is false for a notification and for details without IOCs', () => {
    // Arrange
    const noIocs = {
      ...exampleCard(),
      details: { ...exampleCard().details } as Record<string, unknown>,
    };
    delete noIocs.details.iocs;

    // Act / Assert
    expect(isCompleteCard(exampleNotification())).toBe(false);
    expect(isCompleteCard(noIocs)).toBe(false);
  });

  it('accepts a bare notification with no warnings', () => {
    // Arrange
    const notification = exampleNotification();

    // Act
    const { warnings } = readMessage('incidentNotification', jsonBody(notification), fixedClock);

    // Assert
    expect(warnings).toEqual([]);
  });

  it('accepts a complete card as a notification, without card_incomplete warnings', () => {
    // Arrange
    const card = exampleCard();

    // Act
    const { message, warnings } = readMessage('incidentNotification', jsonBody(card), fixedClock);

    // Assert
    expect(isCompleteCard(message)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('warns card_incomplete for each missing card field when a notification carries some card-only fields', () => {
    // Arrange
    const notification = { ...exampleNotification(), scale: 'mass', sign: 'attempt' };

    // Act
    const { warnings } = readMessage('incidentNotification', jsonBody(notification), fixedClock);

    // Assert
    expect(warnings.every((w) => w.code === 'card_incomplete')).toBe(true);
    expect(warnings.map((w) => w.pointer).sort()).toEqual(
      [
        '/registeredAt',
        '/perimeter',
        '/consequences',
        '/actionsTaken',
        '/details/occurredAt',
        '/details/recurrence',
        '/details/iocs',
      ].sort(),
    );
  });

  it('reads an <incidentCard> root as a notification too', () => {
    // Arrange
    const body = xmlBody('incidentCard', exampleNotification());

    // Act
    const { message } = readMessage('incidentNotification', body, fixedClock);

    // Assert
    expect(message.socReference).toBe('SOC-ALPHA-2026-0043');
  });

  it('refuses a notification without its required fields, listing each', () => {
    // Arrange
    const notification: Record<string, unknown> = exampleNotification();
    delete notification.severity;
    delete notification.affectedObject;

    // Act
    const issues = issuesOf('incidentNotification', notification);

    // Assert
    expect(codesAt(issues).sort()).toEqual(['/affectedObject required', '/severity required']);
  });

  it('refuses a complete-card form missing a card field that a notification may omit', () => {
    // Arrange
    const card: Record<string, unknown> = { ...exampleCard() };
    delete card.perimeter;

    // Act
    const [asCard, asNotification] = [
      issuesOf('incidentCard', card),
      issuesOf('incidentNotification', card),
    ];

    // Assert
    expect(codesAt(asCard)).toEqual(['/perimeter required']);
    expect(asNotification).toEqual([]);
  });
});

describe('notice responses', () => {
  it('accepts a threat analysis with results', () => {
    // Arrange
    const response = { kind: 'threat_analysis', results: 'Қатер расталмады.' };

    // Act
    const issues = issuesOf('noticeResponse', response);

    // Assert
    expect(issues).toEqual([]);
  });

  it.each([
    [{ kind: 'event_analysis' }, ['/results required']],
    [{ kind: 'threat_analysis', results: '   ' }, ['/results required']],
    [{ kind: 'event_analysis', results: 'ok', card: exampleCard() }, ['/card unexpected_card']],
    [{ kind: 'incident_card' }, ['/card required']],
    [{ kind: 'incident_card', results: 'see card' }, ['/card required']],
  ])('refuses %j with %j', (response, expected) => {
    // Arrange / Act
    const issues = issuesOf('noticeResponse', response);

    // Assert
    expect(codesAt(issues)).toEqual(expected);
  });

  it('accepts an incident_card response carrying a complete card', () => {
    // Arrange
    const response = {
      kind: 'Карточка инцидента',
      card: { ...exampleCard(), severity: 4, type: 'spam' },
    };

    // Act
    const { message, warnings } = readMessage('noticeResponse', jsonBody(response), fixedClock);

    // Assert
    expect(message.kind).toBe('incident_card');
    expect(message.card?.type).toBe('spam');
    expect(warnings.map((w) => w.code)).toEqual(['atypical_severity_for_type']);
  });

  it('checks the carried card: schema issues and semantic issues under /card', () => {
    // Arrange
    const card: Record<string, unknown> = { ...exampleCard() };
    delete card.scale;
    card.consequences = ['none', 'integrity'];
    card.details = { ...exampleCard().details, confirmedAt: isoAfterNow(3_600_000) };

    // Act
    const issues = issuesOf('noticeResponse', { kind: 'incident_card', card });

    // Assert
    expect(codesAt(issues).sort()).toEqual(
      [
        '/card/scale required',
        '/card/consequences none_not_exclusive',
        '/card/details/confirmedAt in_future',
      ].sort(),
    );
  });
});

describe('NCC notices', () => {
  it('accepts the example notice', () => {
    // Arrange / Act
    const issues = issuesOf('nccNotice', exampleNotice());

    // Assert
    expect(issues).toEqual([]);
  });

  it('refuses a notice without recipients, and bad IPs', () => {
    // Arrange
    const notice = {
      ...exampleNotice(),
      sourceIp: '10.0.0',
      targetIp: 'host.kz',
      recipients: { parties: [], sectors: [] },
    };

    // Act
    const issues = issuesOf('nccNotice', notice);

    // Assert
    expect(codesAt(issues)).toEqual([
      '/sourceIp invalid_ip',
      '/targetIp invalid_ip',
      '/recipients no_recipients',
    ]);
  });

  it('refuses notice timestamps in the future', () => {
    // Arrange
    const notice = { ...exampleNotice(), detectedAt: isoAfterNow(600_000) };

    // Act
    const issues = issuesOf('nccNotice', notice);

    // Assert
    expect(codesAt(issues)).toEqual(['/detectedAt in_future']);
  });
});

describe('other forms', () => {
  it('refuses a closure eliminated in the future', () => {
    // Arrange
    const closure = { eliminatedAt: isoAfterNow(3_600_000) };

    // Act
    const issues = issuesOf('incidentClosure', closure);

    // Assert
    expect(codesAt(issues)).toEqual(['/eliminatedAt in_future']);
  });
});

describe('control characters', () => {
  it.each([
    ['U+0001', 'a\u0001b'],
    ['U+0000', 'a\u0000b'],
    ['U+001B (escape)', '\u001b[31mred'],
    ['U+000B (vertical tab)', 'a\u000bb'],
    ['U+FFFE', 'a\ufffeb'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
  ])('refuses %s in free text as invalid_character', (_, text) => {
    // Arrange
    const card = { ...exampleCard(), description: text };

    // Act
    const issues = issuesOf('incidentCard', card);

    // Assert
    expect(codesAt(issues)).toEqual(['/description invalid_character']);
  });

  it('addresses a control character deep in the message', () => {
    // Arrange
    const card = exampleCard();
    card.details.iocs = [{ type: 'other', value: 'x\u0007' }];
    card.affectedObject.name = 'Server\u0002';

    // Act
    const issues = issuesOf('incidentCard', card);

    // Assert
    expect(codesAt(issues)).toEqual([
      '/details/iocs/0/value invalid_character',
      '/affectedObject/name invalid_character',
    ]);
  });

  it('refuses a raw control character in an XML body the same way', () => {
    // Arrange
    const body = xmlBody('incidentCard', exampleCard());
    const text = body.text.replace('<note/>', '<note>bell\u0007</note>');
    const tampered = { ...body, text };

    // Act
    const read = () => readMessage('incidentCard', tampered, fixedClock);

    // Assert
    expect(read).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ pointer: '/note', code: 'invalid_character' })],
      }),
    );
  });

  it('accepts tab, LF, CR and paired surrogates (emoji)', () => {
    // Arrange
    const card = { ...exampleCard(), description: 'a\tb\nc\r\nd 🔒 е', note: '\t' };

    // Act
    const issues = issuesOf('incidentCard', card);

    // Assert
    expect(issues).toEqual([]);
  });

  it('semanticIssues escapes pointer tokens', () => {
    // Arrange
    const value = { 'a/b': { '~c': 'x\u0001' } };

    // Act
    const issues = semanticIssues('receipt', value, NOW.getTime());

    // Assert
    expect(codesAt(issues)).toEqual(['/a~1b/~0c invalid_character']);
  });
});
