/**
 * Issue #11 item 3: the NCC notice as 001 Annex 7 prints it — a registration date,
 * the fields listed without "if available" required for events and incidents, and an
 * owner or holder named as text.
 */
import { describe, expect, it } from 'vitest';
import { type Issue, ValidationError } from '../../../functions/core/errors.js';
import type { MessageFormName } from '../../../functions/core/model/schemas.js';
import { checkMessage, readMessage } from '../../../functions/core/validation/read-message.js';
import { ANNEX_7_REQUIRED_FIELDS } from '../../../functions/core/validation/semantic-checks.js';
import { copy, exampleCard, exampleNotice, fixedClock, jsonBody, xmlBody } from '../fixtures.js';

function issuesOf(form: MessageFormName, value: unknown): string[] {
  try {
    checkMessage(form, copy(value), fixedClock);
    return [];
  } catch (error) {
    if (error instanceof ValidationError)
      return error.issues.map((issue: Issue) => `${issue.pointer} ${issue.code}`);
    throw error;
  }
}

/** An event notice carrying every field Annex 7 lists without "if available". */
function eventNotice(): Record<string, unknown> {
  return {
    ...exampleNotice(),
    kind: 'event',
    detectedAt: '2026-11-20T09:30:00+05:00',
    sourceIp: '198.51.100.23',
    deviceName: 'FW-AST-CORE-01',
    eventName: 'Brute force',
    recurrence: 'Алғашқы тіркеу',
    affectedObject: { name: 'Портал', kind: 'egov_object' },
  };
}

describe('registeredAt: «тіркелген күні», a date (001 Annex 7, 004 Annex 3)', () => {
  it('accepts a date in a notice', () => {
    // Arrange
    const notice = { ...exampleNotice(), registeredAt: '2026-11-20' };

    // Act
    const { message } = readMessage('nccNotice', jsonBody(notice), fixedClock);

    // Assert
    expect(message.registeredAt).toBe('2026-11-20');
  });

  it.each([
    ['2026-11-20T10:00:00+05:00', '2026-11-20'],
    // 21:30 UTC is already the next day in Asia/Almaty.
    ['2026-11-19T21:30:00Z', '2026-11-20'],
    ['2026-11-20T00:10:00+05:00', '2026-11-20'],
  ])(
    'reduces the date-time %s to its Almaty date %s, in a notice and in a card, JSON and XML',
    (sent, date) => {
      // Arrange
      const notice = { ...exampleNotice(), registeredAt: sent };
      const card = { ...exampleCard(), registeredAt: sent };

      // Act
      const read = [
        readMessage('nccNotice', jsonBody(notice), fixedClock).message.registeredAt,
        readMessage('nccNotice', xmlBody('nccNotice', notice), fixedClock).message.registeredAt,
        readMessage('incidentCard', jsonBody(card), fixedClock).message.registeredAt,
        readMessage('incidentCard', xmlBody('incidentCard', card), fixedClock).message.registeredAt,
        readMessage('noticeResponse', jsonBody({ kind: 'incident_card', card }), fixedClock).message
          .card?.registeredAt,
      ];

      // Assert
      expect(read).toEqual([date, date, date, date, date]);
    },
  );

  it('refuses a date after today (Asia/Almaty) and a date that is no date', () => {
    // Arrange / Act
    const future = issuesOf('nccNotice', { ...exampleNotice(), registeredAt: '2026-11-23' });
    const bogus = issuesOf('nccNotice', { ...exampleNotice(), registeredAt: '20.11.2026' });

    // Assert
    expect(future).toEqual(['/registeredAt in_future']);
    expect(bogus).toEqual(['/registeredAt invalid_format']);
  });
});

describe('fields Annex 7 lists without «ОТЖ-да ақпарат болған жағдайда» (if available)', () => {
  it.each(['event', 'incident'])('are all accepted for kind %s, labels included', (kind) => {
    // Arrange
    const notice = { ...eventNotice(), kind };

    // Act
    const { message } = readMessage('nccNotice', jsonBody(notice), fixedClock);

    // Assert
    expect(message.recurrence).toBe('new');
  });

  it.each(
    (['event', 'incident'] as const).flatMap((kind) =>
      ANNEX_7_REQUIRED_FIELDS.map((field) => [kind, field] as const),
    ),
  )('a %s notice without %s is refused with 422 required at its pointer', (kind, field) => {
    // Arrange
    const notice: Record<string, unknown> = { ...eventNotice(), kind };
    delete notice[field];

    // Act
    const issues = issuesOf('nccNotice', notice);

    // Assert
    expect(issues).toEqual([`/${field} required`]);
  });

  it('a threat notice may leave them out', () => {
    // Arrange
    const notice: Record<string, unknown> = { ...eventNotice(), kind: 'threat' };
    for (const field of ANNEX_7_REQUIRED_FIELDS) delete notice[field];

    // Act
    const issues = issuesOf('nccNotice', notice);

    // Assert
    expect(issues).toEqual([]);
  });
});

describe('an owner or holder that is not a registered party (001 Annex 7 «ЭҮ АО иесі немесе иеленушісі»)', () => {
  it('is named as text in affectedObject.ownerName, in a notice and in a card, JSON and XML', () => {
    // Arrange
    const object = {
      name: 'Су арнасы SCADA',
      kind: 'critical_ict_object',
      ownerName: '«Су Арнасы» АҚ',
    };
    const notice = { ...eventNotice(), affectedObject: object };
    const card = { ...exampleCard(), affectedObject: object };

    // Act
    const read = [
      readMessage('nccNotice', jsonBody(notice), fixedClock).message.affectedObject,
      readMessage('nccNotice', xmlBody('nccNotice', notice), fixedClock).message.affectedObject,
      readMessage('incidentCard', jsonBody(card), fixedClock).message.affectedObject,
      readMessage('incidentCard', xmlBody('incidentCard', card), fixedClock).message.affectedObject,
    ];

    // Assert
    for (const affected of read) expect(affected).toEqual(object);
  });
});
