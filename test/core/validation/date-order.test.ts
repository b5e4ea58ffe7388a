import { describe, expect, it } from 'vitest';
import type { IncidentNotification } from '../../../functions/core/model/messages.js';
import type { IncidentRecord, NoticeRecord } from '../../../functions/core/ports/records.js';
import {
  closureDateIssues,
  responseDateIssues,
  revisionDateIssues,
} from '../../../functions/core/validation/date-order.js';
import { exampleCard, exampleNotice } from '../fixtures.js';

function incident(confirmedAt: string): IncidentRecord {
  const card = exampleCard();
  return {
    id: 'inc_1',
    socId: 'soc-alpha',
    socReference: card.socReference,
    status: 'open',
    confirmedAt,
    severity: card.severity,
    type: card.type,
    version: 1,
    completeCard: true,
    card,
    createdAt: '2026-11-20T04:12:00Z',
    updatedAt: '2026-11-20T04:12:00Z',
  };
}

function notice(detectedAt?: string): NoticeRecord {
  const { detectedAt: _detected, ...rest } = exampleNotice();
  return {
    id: 'ntc_1',
    issuedBy: 'ncc-duty',
    issuedAt: '2026-11-20T05:00:00Z',
    notifiedAt: '2026-11-20T05:00:00Z',
    sha256: 'a'.repeat(64),
    notice: detectedAt ? { ...rest, detectedAt } : rest,
    recipients: ['soc-alpha'],
  };
}

describe('closure dates', () => {
  it('refuses eliminatedAt days before confirmedAt, naming both values', () => {
    // Arrange
    const confirmedAt = '2026-11-20T09:10:00+05:00';

    // Act
    const issues = closureDateIssues(
      { eliminatedAt: '2026-11-17T09:10:00+05:00' },
      incident(confirmedAt),
    );

    // Assert
    expect(issues.map((i) => `${i.pointer} ${i.code}`)).toEqual([
      '/eliminatedAt eliminated_before_confirmed',
    ]);
    expect(issues[0]?.message).toContain('2026-11-17T09:10:00+05:00');
    expect(issues[0]?.message).toContain(confirmedAt);
  });

  it('accepts eliminatedAt at the same instant written with another offset', () => {
    // Arrange / Act
    const issues = closureDateIssues(
      { eliminatedAt: '2026-11-20T04:10:00Z' },
      incident('2026-11-20T09:10:00+05:00'),
    );

    // Assert
    expect(issues).toEqual([]);
  });
});

describe('revision dates', () => {
  it('refuses a revision whose occurredAt is after the incident confirmedAt (the clock start)', () => {
    // Arrange
    const card = exampleCard();
    card.details.occurredAt = '2026-11-20T09:20:00+05:00';
    card.details.confirmedAt = '2026-11-20T09:30:00+05:00';

    // Act
    const issues = revisionDateIssues(card, incident('2026-11-20T09:10:00+05:00'));

    // Assert
    expect(issues.map((i) => `${i.pointer} ${i.code}`)).toEqual([
      '/details/occurredAt occurred_after_confirmed',
    ]);
    expect(issues[0]?.message).toContain('2026-11-20T09:20:00+05:00');
  });

  it('accepts a revision without occurredAt', () => {
    // Arrange
    const card: IncidentNotification = exampleCard();
    card.details = { confirmedAt: card.details.confirmedAt };

    // Act / Assert
    expect(revisionDateIssues(card, incident('2026-11-20T09:10:00+05:00'))).toEqual([]);
  });
});

describe('response dates', () => {
  it('refuses an incident card confirmed before the notice detected it', () => {
    // Arrange
    const card = exampleCard();
    card.details.confirmedAt = '2026-11-20T09:00:00+05:00';

    // Act
    const issues = responseDateIssues(
      { kind: 'incident_card', card },
      notice('2026-11-20T09:30:00+05:00'),
    );

    // Assert
    expect(issues.map((i) => `${i.pointer} ${i.code}`)).toEqual([
      '/card/details/confirmedAt confirmed_before_notice',
    ]);
    expect(issues[0]?.message).toContain('2026-11-20T09:30:00+05:00');
  });

  it('accepts an analysis, and a card when the notice states no detectedAt', () => {
    // Arrange
    const card = exampleCard();
    card.details.confirmedAt = '2026-11-20T09:00:00+05:00';

    // Act / Assert
    expect(
      responseDateIssues(
        { kind: 'threat_analysis', results: 'x' },
        notice('2026-11-20T09:30:00+05:00'),
      ),
    ).toEqual([]);
    expect(responseDateIssues({ kind: 'incident_card', card }, notice())).toEqual([]);
  });
});
