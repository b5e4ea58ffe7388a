import { describe, expect, it } from 'vitest';
import { escalationRecipients } from '../../../functions/core/clocks/escalation.js';
import {
  markMissed,
  type Obligation,
  obligationForOwnerNotice,
  obligationsAfterAck,
  obligationsAfterClosure,
  obligationsAfterResponse,
  obligationsAfterRevision,
  obligationsForNewIncident,
  obligationsForNotice,
  openObligation,
  responseAnswers,
  satisfy,
  statusOf,
  sweepAction,
} from '../../../functions/core/clocks/obligations.js';
import { DEFAULT_CLOCK_POLICY } from '../../../functions/core/clocks/rules.js';
import type { IncidentNotification } from '../../../functions/core/model/messages.js';

const CONFIRMED_AT = '2026-11-20T09:10:00+05:00'; // 04:10:00Z
const confirmedMs = Date.parse(CONFIRMED_AT);
const MIN = 60_000;
const HOUR = 3_600_000;

function notification(overrides: Partial<IncidentNotification> = {}): IncidentNotification {
  return {
    socReference: 'SOC-ALPHA-1',
    severity: 3,
    type: 'ransomware',
    details: { confirmedAt: CONFIRMED_AT },
    affectedObject: { id: 'obj-billing', kind: 'critical_ict_object', owner: 'owner-energo' },
    description: 'Files encrypted',
    ...overrides,
  };
}

function newIncident(
  receivedAtMs: number,
  overrides: Partial<Parameters<typeof obligationsForNewIncident>[0]> = {},
) {
  return obligationsForNewIncident({
    incidentId: 'inc_1',
    socId: 'soc-alpha',
    ownerId: 'owner-energo',
    message: notification(),
    egovObject: true,
    completeCard: false,
    messageId: 'msg_1',
    receivedAtMs,
    policy: DEFAULT_CLOCK_POLICY,
    ...overrides,
  });
}

const byKind = (obligations: Obligation[], kind: Obligation['kind']) => {
  const found = obligations.find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind}`);
  return found;
};

describe('notify_ncc (004 п.9: 15 minutes from confirmedAt)', () => {
  it('is satisfied on time by a notification 5 minutes after confirmation', () => {
    const obligations = newIncident(confirmedMs + 5 * MIN);

    expect(statusOf(byKind(obligations, 'notify_ncc'))).toEqual({
      kind: 'notify_ncc',
      state: 'satisfied',
      dueAt: '2026-11-20T04:25:00Z',
      dueAtNational: '2026-11-20T09:25:00+05:00',
    });
  });

  it('shows lateness as seconds and as an ISO 8601 duration', () => {
    const notifyNcc = byKind(newIncident(confirmedMs + 3 * 3_600_000), 'notify_ncc');

    expect(statusOf(notifyNcc)).toMatchObject({
      state: 'satisfied_late',
      lateBySeconds: 3 * 3600 - 15 * 60,
      lateBy: 'PT2H45M',
    });
  });

  it('is satisfied at exactly the due instant', () => {
    expect(byKind(newIncident(confirmedMs + 15 * MIN), 'notify_ncc').state).toBe('satisfied');
  });

  it('is satisfied late by 300 s when notified 20 minutes after confirmation', () => {
    const notifyNcc = byKind(newIncident(confirmedMs + 20 * MIN), 'notify_ncc');

    expect(notifyNcc).toMatchObject({
      state: 'satisfied_late',
      lateBySeconds: 300,
      satisfiedBy: 'msg_1',
    });
    expect(notifyNcc.missedAt).toBeUndefined();
  });

  it('starts at the stated confirmedAt, not at receipt', () => {
    const notifyNcc = byKind(newIncident(confirmedMs + 3 * HOUR), 'notify_ncc');

    expect(notifyNcc.startsAt).toBe('2026-11-20T04:10:00Z');
    expect(notifyNcc.lateBySeconds).toBe(3 * 3600 - 15 * 60);
  });
});

describe('notify_owner (004 п.9: the owner hears within 15 minutes)', () => {
  it('opens when the object has an owner and is satisfied by the owner ack', () => {
    const obligations = newIncident(confirmedMs + MIN);
    const notifyOwner = byKind(obligations, 'notify_owner');

    const [acked] = obligationsAfterAck(
      obligations,
      'notify_owner',
      confirmedMs + 10 * MIN,
      'ack_1',
    );

    expect(notifyOwner.state).toBe('open');
    expect(acked).toMatchObject({ state: 'satisfied', satisfiedBy: 'ack_1' });
  });

  it('is satisfied late when the owner acknowledges after 15 minutes', () => {
    const obligations = newIncident(confirmedMs + MIN);

    const [acked] = obligationsAfterAck(
      obligations,
      'notify_owner',
      confirmedMs + 16 * MIN,
      'ack_1',
    );

    expect(acked).toMatchObject({ state: 'satisfied_late', lateBySeconds: 60 });
  });

  it('does not open when no owner is known', () => {
    const obligations = newIncident(confirmedMs + MIN, { ownerId: undefined });

    expect(obligations.map((o) => o.kind)).not.toContain('notify_owner');
  });
});

describe('card (004 п.9: 72 hours)', () => {
  it('stays open after a bare notification, due 72 h after confirmation', () => {
    const card = byKind(newIncident(confirmedMs + MIN), 'card');

    expect(card).toMatchObject({ state: 'open', dueAt: '2026-11-23T04:10:00Z' });
  });

  it('is satisfied by a complete card in the notification', () => {
    expect(byKind(newIncident(confirmedMs + MIN, { completeCard: true }), 'card').state).toBe(
      'satisfied',
    );
  });

  it('is satisfied by a later complete revision, late after 72 h', () => {
    const obligations = newIncident(confirmedMs + MIN);

    const changed = obligationsAfterRevision(obligations, {
      severity: 3,
      completeCard: true,
      messageId: 'msg_2',
      receivedAtMs: confirmedMs + 72 * HOUR + 90_000,
      incidentId: 'inc_1',
      socId: 'soc-alpha',
      confirmedAt: CONFIRMED_AT,
      policy: DEFAULT_CLOCK_POLICY,
    });

    expect(changed).toEqual([
      expect.objectContaining({ kind: 'card', state: 'satisfied_late', lateBySeconds: 90 }),
    ]);
  });

  it('is missed at once when the notification itself arrives after 72 h without a card', () => {
    const receivedAtMs = confirmedMs + 73 * HOUR;
    const card = byKind(newIncident(receivedAtMs), 'card');

    expect(card).toMatchObject({
      state: 'missed',
      missedAt: new Date(receivedAtMs).toISOString().replace('.000', ''),
    });
  });
});

describe('severity_review (Annex 3 note: severity 1 reviewed within 48 h)', () => {
  const revision = (severity: number, receivedAtMs: number) => ({
    severity,
    completeCard: false,
    messageId: 'msg_2',
    receivedAtMs,
    incidentId: 'inc_1',
    socId: 'soc-alpha',
    confirmedAt: CONFIRMED_AT,
    policy: DEFAULT_CLOCK_POLICY,
  });

  it('opens only for severity 1', () => {
    const undetermined = newIncident(confirmedMs + MIN, { message: notification({ severity: 1 }) });

    expect(byKind(undetermined, 'severity_review').dueAt).toBe('2026-11-22T04:10:00Z');
    expect(newIncident(confirmedMs + MIN).map((o) => o.kind)).not.toContain('severity_review');
  });

  it('is satisfied by a revision to severity 3', () => {
    const obligations = newIncident(confirmedMs + MIN, { message: notification({ severity: 1 }) });

    const changed = obligationsAfterRevision(obligations, revision(3, confirmedMs + 2 * HOUR));

    expect(changed).toEqual([
      expect.objectContaining({ kind: 'severity_review', state: 'satisfied' }),
    ]);
  });

  it('is not satisfied by a revision that keeps severity 1', () => {
    const obligations = newIncident(confirmedMs + MIN, { message: notification({ severity: 1 }) });

    expect(obligationsAfterRevision(obligations, revision(1, confirmedMs + 2 * HOUR))).toEqual([]);
  });

  it('opens when a revision lowers severity to 1, still counted from confirmedAt', () => {
    const obligations = newIncident(confirmedMs + MIN);

    const [opened] = obligationsAfterRevision(obligations, revision(1, confirmedMs + 2 * HOUR));

    expect(opened).toMatchObject({
      kind: 'severity_review',
      state: 'open',
      dueAt: '2026-11-22T04:10:00Z',
    });
  });
});

describe('elimination (001 п.10(1): 72 hours)', () => {
  it('is satisfied by closing the incident, and escalates to the authority when missed', () => {
    const obligations = newIncident(confirmedMs + MIN);
    const elimination = byKind(obligations, 'elimination');

    const [closed] = obligationsAfterClosure(obligations, confirmedMs + 10 * HOUR, 'close_1');
    const recipients = escalationRecipients(markMissed(elimination, confirmedMs + 73 * HOUR), {
      ncc: ['ncc-duty'],
      authority: ['knb'],
    });

    expect(closed).toMatchObject({
      kind: 'elimination',
      state: 'satisfied',
      satisfiedBy: 'close_1',
    });
    expect(recipients).toEqual(['ncc-duty', 'soc-alpha', 'knb']);
  });

  it.each([
    ['critical_ict_object', false],
    ['other', false],
    ['egov_object', true],
  ] as const)(
    'for a %s object: elimination clock %s (001 п.10(1) chapter 2, п.22, п.24)',
    (kind, opened) => {
      const message = notification({ affectedObject: { id: 'obj-x', kind } });

      const obligations = newIncident(confirmedMs + MIN, {
        message,
        egovObject: kind === 'egov_object',
      });

      expect(obligations.some((o) => o.kind === 'elimination')).toBe(opened);
      // Outside e-government the 72-hour duty is the information on measures: the card.
      expect(obligations.some((o) => o.kind === 'card')).toBe(true);
    },
  );

  it('escalates other misses to the NCC and the SOC only', () => {
    const card = byKind(newIncident(confirmedMs + MIN), 'card');

    expect(escalationRecipients(card, { ncc: ['ncc-duty'], authority: ['knb'] })).toEqual([
      'ncc-duty',
      'soc-alpha',
    ]);
  });
});

describe('NCC notices: notice_ack and notice_response', () => {
  const issuedAtMs = Date.parse('2026-11-20T06:00:00Z');
  const notice = (policy = DEFAULT_CLOCK_POLICY) =>
    obligationsForNotice({
      noticeId: 'ntc_1',
      recipientId: 'soc-alpha',
      issuedAtMs,
      nowMs: issuedAtMs,
      policy,
    });

  it('opens a 15-minute ack and a 72-hour response clock, both from when the notice became available', () => {
    const [ack, response] = notice();

    expect(ack).toMatchObject({ kind: 'notice_ack', dueAt: '2026-11-20T06:15:00Z', state: 'open' });
    // 004 п.9 «хабарландырылған сәттен бастап»: from the inbox, not from the NCC's notifiedAt.
    expect(response).toMatchObject({
      kind: 'notice_response',
      startsAt: '2026-11-20T06:00:00Z',
      dueAt: '2026-11-23T06:00:00Z',
      state: 'open',
    });
  });

  it('uses the per-party ack setting', () => {
    const [ack] = notice({ ...DEFAULT_CLOCK_POLICY, noticeAckMinutes: 60 });

    expect(ack?.dueAt).toBe('2026-11-20T07:00:00Z');
  });

  it('is acknowledged by an ack, and a response also satisfies an outstanding ack', () => {
    const obligations = notice();

    const acked = obligationsAfterAck(obligations, 'notice_ack', issuedAtMs + 20 * MIN, 'ack_1');
    const answered = obligationsAfterResponse(obligations, issuedAtMs + 5 * HOUR, 'rsp_1');

    expect(acked).toEqual([
      expect.objectContaining({ state: 'satisfied_late', lateBySeconds: 300 }),
    ]);
    expect(answered.map((o) => [o.kind, o.state])).toEqual([
      ['notice_ack', 'satisfied_late'],
      ['notice_response', 'satisfied'],
    ]);
  });

  it.each([
    ['threat', 'threat_analysis', true],
    ['threat', 'event_analysis', false],
    ['threat', 'incident_card', true],
    ['event', 'event_analysis', true],
    ['event', 'threat_analysis', false],
    ['event', 'incident_card', true],
    ['incident', 'incident_card', true],
    ['incident', 'threat_analysis', false],
    ['incident', 'event_analysis', false],
    // 004 п.9: the card is owed when the incident is confirmed; otherwise the analysis answers.
    ['incident', 'incident_not_confirmed', true],
    ['threat', 'incident_not_confirmed', false],
    ['event', 'incident_not_confirmed', false],
  ] as const)('a %s notice is answered by %s: %s', (noticeKind, responseKind, answers) => {
    expect(responseAnswers(noticeKind, responseKind)).toBe(answers);
  });
});

describe("the NCC's own clock: notify_responsible (001 п.10(1): 30 minutes from detection)", () => {
  const detectedAtMs = Date.parse('2026-11-20T06:00:00Z');
  const clock = (issuedAfterMs: number) =>
    obligationForOwnerNotice({
      noticeId: 'ntc_9',
      nccId: 'ncc-duty',
      detectedAtMs,
      issuedAtMs: detectedAtMs + issuedAfterMs,
      policy: DEFAULT_CLOCK_POLICY,
    });

  it('is owed by the NCC and satisfied by the notice itself within 30 minutes', () => {
    expect(clock(20 * MIN)).toMatchObject({
      kind: 'notify_responsible',
      owedBy: 'ncc-duty',
      startsAt: '2026-11-20T06:00:00Z',
      dueAt: '2026-11-20T06:30:00Z',
      state: 'satisfied',
      satisfiedBy: 'ntc_9',
    });
  });

  it('is satisfied late, with the lateness, by a notice 40 minutes after detection', () => {
    expect(clock(40 * MIN)).toMatchObject({ state: 'satisfied_late', lateBySeconds: 600 });
  });
});

describe('sweep decisions and exactly-once transitions', () => {
  const open = () =>
    openObligation({
      kind: 'card',
      subjectId: 'inc_1',
      owedBy: 'soc-alpha',
      startsAtMs: confirmedMs,
      nowMs: confirmedMs,
      policy: DEFAULT_CLOCK_POLICY,
    });

  it('reminds at 80 % of the window, misses only after the due instant', () => {
    const obligation = open();

    expect(obligation.remindAt).toBe(
      new Date(confirmedMs + 0.8 * 72 * HOUR).toISOString().replace('.000', ''),
    );
    expect(sweepAction(obligation, confirmedMs + 57 * HOUR)).toBe('none');
    expect(sweepAction(obligation, confirmedMs + 58 * HOUR)).toBe('remind');
    expect(sweepAction(obligation, confirmedMs + 72 * HOUR)).toBe('remind');
    expect(sweepAction(obligation, confirmedMs + 72 * HOUR + 1)).toBe('miss');
  });

  it('marks missed exactly once and leaves satisfied obligations alone', () => {
    const missed = markMissed(open(), confirmedMs + 73 * HOUR);
    const again = markMissed(missed, confirmedMs + 74 * HOUR);
    const satisfied = satisfy(open(), confirmedMs + HOUR, 'msg');

    expect(again).toBe(missed);
    expect(markMissed(satisfied, confirmedMs + 73 * HOUR)).toBe(satisfied);
    expect(sweepAction(missed, confirmedMs + 80 * HOUR)).toBe('none');
  });

  it('records a late satisfaction after a miss while keeping the miss on record', () => {
    const missed = markMissed(open(), confirmedMs + 73 * HOUR);

    const late = satisfy(missed, confirmedMs + 74 * HOUR, 'msg_9');

    expect(late).toMatchObject({
      state: 'satisfied_late',
      lateBySeconds: 7200,
      missedAt: missed.missedAt,
    });
  });

  it('ignores replays of a satisfying message', () => {
    const satisfied = satisfy(open(), confirmedMs + HOUR, 'msg');

    expect(satisfy(satisfied, confirmedMs + 2 * HOUR, 'msg')).toBe(satisfied);
  });
});

describe('national time (Asia/Almaty, UTC+5)', () => {
  it('renders a due instant for people in Kazakhstan', async () => {
    const { formatNational } = await import('../../../functions/core/time.js');

    expect(formatNational(Date.parse('2026-11-23T04:10:00Z'))).toBe('2026-11-23T09:10:00+05:00');
    expect(formatNational(Date.parse('2026-12-31T20:30:00Z'))).toBe('2027-01-01T01:30:00+05:00');
  });
});
