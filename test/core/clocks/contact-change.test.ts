/**
 * 001 п.16 (issue #11 item 10): an owner reports a change of its responsible person's
 * contact details within 48 hours of the change; the clock is settled when the gateway
 * receives the change.
 */
import { describe, expect, it } from 'vitest';
import {
  contactChangeObligations,
  contactReportsAfter,
} from '../../../functions/core/clocks/contact-change.js';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import { MAX_CONTACT_REPORTS } from '../../../functions/core/ports/records.js';

const owner = (overrides: Partial<PartyRecord> = {}): PartyRecord => ({
  id: 'owner-energo',
  clientId: 'owner-energo',
  role: 'owner',
  name: 'Энерго',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  contact: { name: 'Old Person', changedAt: '2026-01-01T00:00:00Z' },
  ...overrides,
});

const NOW = '2026-11-03T10:00:00Z';

describe('contactReportsAfter', () => {
  it('records a changed contact as reported now', () => {
    const next = { role: 'owner', contact: { changedAt: '2026-11-01T14:00:00+05:00' } };
    expect(contactReportsAfter(owner(), next, NOW)).toEqual([
      { changedAt: '2026-11-01T09:00:00Z', reportedAt: NOW },
    ]);
  });

  it('keeps the first report time when the same change is registered again', () => {
    const first = contactReportsAfter(
      owner(),
      { role: 'owner', contact: { changedAt: '2026-11-01T09:00:00Z' } },
      NOW,
    );
    const again = contactReportsAfter(
      owner({
        contact: { name: 'New Person', changedAt: '2026-11-01T09:00:00Z' },
        contactReports: first ?? [],
      }),
      { role: 'owner', contact: { changedAt: '2026-11-01T14:00:00+05:00' } },
      '2026-11-05T00:00:00Z',
    );
    expect(again).toEqual(first);
  });

  it('counts no change for a first contact, a non-owner, or a registration without contact', () => {
    const next = { role: 'owner', contact: { changedAt: '2026-11-01T09:00:00Z' } };
    expect(contactReportsAfter(undefined, next, NOW)).toBeUndefined();
    expect(contactReportsAfter(owner({ contact: undefined }), next, NOW)).toBeUndefined();
    expect(
      contactReportsAfter(owner({ role: 'soc' }), { ...next, role: 'soc' }, NOW),
    ).toBeUndefined();
    const kept = [{ changedAt: '2026-10-01T00:00:00Z', reportedAt: '2026-10-01T01:00:00Z' }];
    expect(contactReportsAfter(owner({ contactReports: kept }), { role: 'owner' }, NOW)).toEqual(
      kept,
    );
  });

  it(`keeps the last ${MAX_CONTACT_REPORTS} reports`, () => {
    const many = Array.from({ length: MAX_CONTACT_REPORTS }, (_, i) => ({
      changedAt: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
      reportedAt: new Date(Date.UTC(2020, 0, 1 + i, 1)).toISOString(),
    }));
    const next = contactReportsAfter(
      owner({ contactReports: many }),
      { role: 'owner', contact: { changedAt: '2026-11-01T09:00:00Z' } },
      NOW,
    );
    expect(next).toHaveLength(MAX_CONTACT_REPORTS);
    expect(next?.at(-1)).toEqual({ changedAt: '2026-11-01T09:00:00Z', reportedAt: NOW });
    expect(next?.[0]).toEqual(many[1]);
  });

  it('never drops a late report to make room: prompt reports cannot push it out', () => {
    // The oldest report was 3 days late; then fifty prompt ones, as an owner could send.
    const late = { changedAt: '2019-06-01T00:00:00.000Z', reportedAt: '2019-06-05T00:00:00.000Z' };
    let reports = [late];
    for (let i = 0; i < MAX_CONTACT_REPORTS + 5; i++) {
      const changedAt = new Date(Date.UTC(2020, 0, 1 + i)).toISOString();
      reports =
        contactReportsAfter(
          owner({
            contact: { name: 'P', changedAt: '2019-01-01T00:00:00Z' },
            contactReports: reports,
          }),
          { role: 'owner', contact: { changedAt } },
          new Date(Date.UTC(2020, 0, 1 + i, 1)).toISOString(),
        ) ?? [];
    }

    expect(reports).toHaveLength(MAX_CONTACT_REPORTS);
    expect(reports[0]).toEqual(late);
    const obligations = contactChangeObligations(owner({ contactReports: reports }));
    expect(obligations.filter((o) => o.state === 'satisfied_late')).toHaveLength(1);
  });
});

describe('contactChangeObligations', () => {
  it('is on time within 48 hours of the change and late after, by how much', () => {
    const party = owner({
      contactReports: [
        { changedAt: '2026-11-01T09:00:00Z', reportedAt: '2026-11-03T09:00:00Z' },
        { changedAt: '2026-11-10T09:00:00Z', reportedAt: '2026-11-12T09:30:00Z' },
      ],
    });
    expect(contactChangeObligations(party)).toEqual([
      expect.objectContaining({
        kind: 'contact_change',
        owedBy: 'owner-energo',
        startsAt: '2026-11-01T09:00:00Z',
        dueAt: '2026-11-03T09:00:00Z',
        state: 'satisfied',
        satisfiedAt: '2026-11-03T09:00:00Z',
      }),
      expect.objectContaining({
        dueAt: '2026-11-12T09:00:00Z',
        state: 'satisfied_late',
        lateBySeconds: 1800,
      }),
    ]);
  });

  it('is nothing for a party that reported no change', () => {
    expect(contactChangeObligations(owner())).toEqual([]);
  });
});
