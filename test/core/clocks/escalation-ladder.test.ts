/**
 * The escalation ladder and waivers as pure values (issue #9 item 8): when level 2 falls
 * due, how it is settled once, and what a waiver or a late satisfaction does to it.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVEL2_AFTER_HOURS, level2Of } from '../../../functions/core/clocks/escalation.js';
import {
  isLevel2Due,
  isWaivable,
  markMissed,
  type Obligation,
  obligationId,
  satisfy,
  settleLevel2,
  startLadder,
  waive,
} from '../../../functions/core/clocks/obligations.js';

const HOUR = 3_600_000;
const DUE = Date.parse('2026-11-23T04:10:00Z');

function card(overrides: Partial<Obligation> = {}): Obligation {
  const subjectId = 'inc_01JD0000000000000000000001';
  return {
    id: obligationId(subjectId, 'card', 'soc-alpha'),
    kind: 'card',
    subjectId,
    owedBy: 'soc-alpha',
    startsAt: '2026-11-20T04:10:00Z',
    dueAt: '2026-11-23T04:10:00Z',
    remindAt: '2026-11-22T14:46:00Z',
    state: 'open',
    ...overrides,
  };
}

/** Missed one second after the due time, level 1 out, level 2 after 24 h. */
function missedWithLadder(): Obligation {
  const missed = markMissed(card(), DUE + 1_000);
  return startLadder(missed, {
    atMs: DUE + 1_000,
    deliveries: ['dlv_1'],
    level2AfterMs: 24 * HOUR,
  });
}

describe('level 2 settings', () => {
  it('takes the recipients every NCC party names (registered ones, once) and the shortest wait', () => {
    const registered = new Set(['head', 'deputy', 'ncc-a', 'ncc-b']);

    const level2 = level2Of(
      [
        { level2Recipients: ['head', 'deputy'], level2AfterHours: 48 },
        { level2Recipients: ['head', 'gone'], level2AfterHours: 12 },
        undefined,
      ],
      registered,
    );

    expect(level2).toEqual({ recipients: ['head', 'deputy'], afterMs: 12 * HOUR });
  });

  it('waits 24 h when no NCC party sets a wait, and has no level 2 when nobody is named', () => {
    expect(level2Of([{ level2Recipients: ['head'] }], new Set(['head']))).toEqual({
      recipients: ['head'],
      afterMs: DEFAULT_LEVEL2_AFTER_HOURS * HOUR,
    });
    expect(level2Of([{ level2AfterHours: 1 }, undefined], new Set(['head']))).toBeUndefined();
    expect(level2Of([{ level2Recipients: ['gone'] }], new Set(['head']))).toBeUndefined();
  });
});

describe('the ladder', () => {
  it('starts at the miss with level 2 due after the wait, and is due from that instant on', () => {
    const ob = missedWithLadder();

    expect(ob.escalation).toEqual({
      level1At: '2026-11-23T04:10:01Z',
      level1Deliveries: ['dlv_1'],
      level2DueAt: '2026-11-24T04:10:01Z',
    });
    expect(isLevel2Due(ob, DUE + 1_000 + 24 * HOUR - 1)).toBe(false);
    expect(isLevel2Due(ob, DUE + 1_000 + 24 * HOUR)).toBe(true);
  });

  it('has no level 2 pending when nobody is named for it, and starts nothing on an obligation that is not missed', () => {
    const missed = markMissed(card(), DUE + 1_000);

    const noLevel2 = startLadder(missed, { atMs: DUE + 1_000, deliveries: [] });

    expect(noLevel2.escalation?.level2DueAt).toBeUndefined();
    expect(isLevel2Due(noLevel2, DUE + 100 * HOUR)).toBe(false);
    expect(startLadder(card(), { atMs: DUE, deliveries: [], level2AfterMs: HOUR })).toEqual(card());
  });

  it('settles level 2 once: sent, or stopped by an ack; a settled ladder is left as it is', () => {
    const ob = missedWithLadder();
    const sentAtMs = DUE + 25 * HOUR;

    const sent = settleLevel2(ob, { sent: { atMs: sentAtMs, recipients: ['head'] } });
    const stopped = settleLevel2(ob, {
      acknowledged: { at: '2026-11-23T06:00:00Z', by: 'ncc-duty' },
    });

    expect(sent.escalation).toEqual({
      level1At: '2026-11-23T04:10:01Z',
      level1Deliveries: ['dlv_1'],
      level2At: '2026-11-24T05:10:00Z',
      level2Recipients: ['head'],
    });
    expect(stopped.escalation).toMatchObject({
      acknowledgedAt: '2026-11-23T06:00:00Z',
      acknowledgedBy: 'ncc-duty',
    });
    expect(isLevel2Due(sent, sentAtMs + HOUR)).toBe(false);
    expect(settleLevel2(sent, { sent: { atMs: sentAtMs + HOUR, recipients: ['x'] } })).toBe(sent);
  });

  it('drops a pending level 2 when the obligation is satisfied late, keeping what went out', () => {
    const late = satisfy(missedWithLadder(), DUE + 2 * HOUR, 'inc#v2');

    expect(late.state).toBe('satisfied_late');
    expect(late.escalation).toEqual({
      level1At: '2026-11-23T04:10:01Z',
      level1Deliveries: ['dlv_1'],
    });
  });
});

describe('waivers', () => {
  const waiver = { at: '2026-11-23T08:00:00Z', by: 'ncc-duty', reason: 'Not confirmed' };

  it('waives an open obligation: no reminder any more', () => {
    const waived = waive(card(), waiver);

    expect(waived).toMatchObject({ state: 'waived', waiver });
    expect(waived.remindAt).toBeUndefined();
  });

  it('waives a missed obligation: level 2 stops, level 1 stays on record', () => {
    const waived = waive(missedWithLadder(), waiver);

    expect(waived.state).toBe('waived');
    expect(waived.missedAt).toBe('2026-11-23T04:10:01Z');
    expect(waived.escalation).toEqual({
      level1At: '2026-11-23T04:10:01Z',
      level1Deliveries: ['dlv_1'],
    });
    expect(isLevel2Due(waived, DUE + 100 * HOUR)).toBe(false);
  });

  it('leaves satisfied and waived obligations as they are', () => {
    const satisfied = satisfy(card(), DUE - HOUR, 'inc#v2');
    const waived = waive(card(), waiver);

    expect(isWaivable(satisfied)).toBe(false);
    expect(waive(satisfied, waiver)).toBe(satisfied);
    expect(waive(waived, { ...waiver, reason: 'again' })).toBe(waived);
    expect(satisfy(waived, DUE, 'late')).toBe(waived);
  });
});
