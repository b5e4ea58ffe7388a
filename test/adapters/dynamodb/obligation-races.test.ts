/**
 * A request that changes an obligation races the sweep: it reads `open`, the sweep marks
 * the obligation missed (and escalates), then the request writes. Every request-path
 * obligation write is conditioned on the state read, so the late write fails with
 * StaleWriteError instead of erasing the miss, and the use case reads again and lands
 * as `satisfied_late`, the miss kept on record.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  markMissed,
  type Obligation,
  obligationsAfterAck,
  obligationsAfterResponse,
  satisfy,
} from '../../../functions/core/clocks/obligations.js';
import type { DeliveryRecord } from '../../../functions/core/ports/records.js';
import { type GatewayStore, StaleWriteError } from '../../../functions/core/ports/stores.js';
import { instantOf } from '../../../functions/core/time.js';
import { ackDelivery } from '../../../functions/core/use-cases/deliveries/delivery-inbox.js';
import { sweep } from '../../../functions/core/use-cases/deliveries/sweep.js';
import { ackNotice } from '../../../functions/core/use-cases/notices/notice-inbox.js';
import { respondToNotice } from '../../../functions/core/use-cases/notices/respond-to-notice.js';
import { jsonBody } from '../../core/fixtures.js';
import { type FreshStore, rawPartition } from './fresh-store.js';
import { delivery, newIncident, newNotice, party, partyId, uid } from './records.js';
import {
  freshStoreAt,
  principalOf,
  type TestClock,
  testClock,
  useCaseDeps,
} from './use-case-deps.js';

// The sweep reads the whole table's due index, so every test gets a table of its own.
let clock: TestClock;
let fresh: FreshStore;
beforeEach(async () => {
  clock = testClock('2026-11-20T04:12:31.204Z');
  fresh = await freshStoreAt(clock);
});

function find(obligations: readonly Obligation[], kind: Obligation['kind']): Obligation {
  const found = obligations.find((o) => o.kind === kind);
  if (!found) throw new Error(`fixture has no ${kind}`);
  return found;
}

/** An incident (notify_owner due 04:25:00Z) and the owner's delivery whose ack satisfies it. */
async function incidentWithOwnerDelivery() {
  const owner = partyId('owner');
  const write = newIncident({ ownerId: owner, deliveries: 0 });
  const notifyOwner = find(write.obligations, 'notify_owner');
  const toOwner: DeliveryRecord = delivery({
    partyId: owner,
    subjectId: write.incident.id,
    createdAt: write.incident.createdAt,
    ackSatisfies: notifyOwner.id,
  });
  await fresh.store.saveNewIncident({ ...write, deliveries: [toOwner] });
  return { owner, write, notifyOwner, toOwner };
}

/** What the sweep writes when `open` is past due (its escalations left out). */
async function sweepMarksMissed(open: Obligation, at: string): Promise<Obligation> {
  const missed = markMissed(open, instantOf(at));
  expect(await fresh.store.transitionOpen(missed, open, [])).toBe(true);
  return missed;
}

async function stored(subjectId: string, id: string): Promise<Obligation | undefined> {
  return (await fresh.store.obligationsOf(subjectId)).find((o) => o.id === id);
}

describe('store: a request write of an obligation the sweep moved on', () => {
  it('saveAcknowledgement throws StaleWriteError and writes nothing; the recomputed ack lands late', async () => {
    // Arrange: the ack read notify_owner open, 100 ms before its deadline …
    const { write, notifyOwner, toOwner } = await incidentWithOwnerDelivery();
    const onTime = satisfy(notifyOwner, instantOf('2026-11-20T04:24:59.900Z'), toOwner.id);
    // … and the sweep marked it missed before the ack's transaction ran.
    const missed = await sweepMarksMissed(notifyOwner, '2026-11-20T04:25:00.500Z');

    // Act
    const ack = fresh.store.saveAcknowledgement(
      { ...toOwner, acknowledgedAt: '2026-11-20T04:24:59.900Z' },
      [{ next: onTime, expectedState: 'open' }],
    );

    // Assert: nothing of the ack was written; the miss stands, the incident stays overdue.
    await expect(ack).rejects.toBeInstanceOf(StaleWriteError);
    expect(await stored(write.incident.id, notifyOwner.id)).toEqual(missed);
    expect((await fresh.store.getDelivery(toOwner.id))?.acknowledgedAt).toBeUndefined();
    const overdue = await fresh.store.listIncidents(
      { socId: write.incident.socId, overdue: true },
      { limit: 10 },
    );
    expect(overdue.items.map((i) => i.id)).toEqual([write.incident.id]);

    // Act again, as the use case does: recompute from what is stored now.
    const late = satisfy(missed, instantOf('2026-11-20T04:25:00.600Z'), toOwner.id);
    await fresh.store.saveAcknowledgement(
      { ...toOwner, acknowledgedAt: '2026-11-20T04:25:00.600Z' },
      [{ next: late, expectedState: 'missed' }],
    );
    expect(await stored(write.incident.id, notifyOwner.id)).toMatchObject({
      state: 'satisfied_late',
      missedAt: missed.missedAt,
      lateBySeconds: 1,
    });
  });

  it('saveNoticeAck and saveNoticeResponse throw StaleWriteError and write nothing', async () => {
    // Arrange
    const write = newNotice();
    await fresh.store.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    const own = write.obligations.filter((o) => o.owedBy === entry.partyId);
    const noticeAck = find(own, 'notice_ack');
    const fromOpen = (list: Obligation[]) =>
      list.map((next) => ({ next, expectedState: 'open' as const }));
    const acked = obligationsAfterAck(own, 'notice_ack', instantOf('2026-11-20T05:14:59Z'), 'a');
    const answered = obligationsAfterResponse(own, instantOf('2026-11-20T05:14:59Z'), 'rsp');
    await sweepMarksMissed(noticeAck, '2026-11-20T05:15:01Z');
    const responseId = uid('rsp');

    // Act
    const ack = fresh.store.saveNoticeAck(
      { ...entry, acknowledgedAt: '2026-11-20T05:14:59Z' },
      fromOpen(acked),
    );
    await expect(ack).rejects.toBeInstanceOf(StaleWriteError);
    const response = fresh.store.saveNoticeResponse({
      response: {
        id: responseId,
        noticeId: entry.noticeId,
        partyId: entry.partyId,
        receivedAt: '2026-11-20T05:14:59Z',
        sha256: 'f'.repeat(64),
        response: { kind: 'threat_analysis', results: 'Талданды.' },
      },
      recipient: { ...entry, respondedAt: '2026-11-20T05:14:59Z' },
      satisfied: fromOpen(answered),
    });

    // Assert
    await expect(response).rejects.toBeInstanceOf(StaleWriteError);
    expect(await fresh.store.getRecipient(entry.noticeId, entry.partyId)).toEqual(entry);
    expect(await stored(entry.noticeId, noticeAck.id)).toMatchObject({ state: 'missed' });
    expect(await stored(entry.noticeId, find(own, 'notice_response').id)).toMatchObject({
      state: 'open',
    });
    const responses = (await rawPartition(fresh, `SUBJECT#${entry.noticeId}`)).filter((item) =>
      item.sk?.S?.startsWith('RESPONSE#'),
    );
    expect(responses).toEqual([]);
  });

  it('saveIncidentUpdate throws StaleWriteError when a changed obligation is no longer as read', async () => {
    // Arrange: the card read open, then missed by the sweep before the revision is written.
    const write = newIncident({ completeCard: false });
    await fresh.store.saveNewIncident(write);
    const card = find(write.obligations, 'card');
    await sweepMarksMissed(card, '2026-11-23T04:10:01Z');

    // Act
    const revision = fresh.store.saveIncidentUpdate({
      incident: { ...write.incident, version: 2, completeCard: true },
      expectedVersion: 1,
      expectedStatus: 'open',
      newVersion: { ...write.version, version: 2 },
      obligations: [
        {
          next: satisfy(card, instantOf('2026-11-23T04:09:59Z'), `${write.incident.id}#v2`),
          expectedState: 'open',
        },
      ],
      deliveries: [],
    });

    // Assert
    await expect(revision).rejects.toBeInstanceOf(StaleWriteError);
    const detail = await fresh.store.getIncident(write.incident.id);
    expect(detail?.incident.version).toBe(1);
    expect(detail?.versions).toHaveLength(1);
    expect(find(detail?.obligations ?? [], 'card').state).toBe('missed');
  });
});

describe('use cases: the sweep runs between the read and the write', () => {
  /** Runs `before` once, just before the first call of the store method `name`. */
  function interleave<K extends keyof GatewayStore>(
    store: GatewayStore,
    name: K,
    before: () => Promise<void>,
  ): GatewayStore {
    let done = false;
    const method = store[name] as (...args: unknown[]) => Promise<unknown>;
    return {
      ...store,
      [name]: async (...args: unknown[]) => {
        if (!done) {
          done = true;
          await before();
        }
        return method(...args);
      },
    };
  }

  it('ackDelivery: an ack read 100 ms before the deadline lands as satisfied_late, the escalation kept', async () => {
    // Arrange
    await fresh.store.putParty(party('ncc-duty', { role: 'ncc' }));
    const { owner, write, notifyOwner, toOwner } = await incidentWithOwnerDelivery();
    clock.set('2026-11-20T04:24:59.900Z');
    const sweepDeps = { ...useCaseDeps(fresh.store, clock), outboxGraceSeconds: 0 };
    const racing = interleave(fresh.store, 'saveAcknowledgement', async () => {
      clock.set('2026-11-20T04:25:00.500Z');
      expect((await sweep(sweepDeps)).missed).toBe(1);
      clock.set('2026-11-20T04:25:00.600Z');
    });

    // Act
    const answer = await ackDelivery(
      useCaseDeps(racing, clock),
      principalOf(owner, 'owner'),
      toOwner.id,
    );

    // Assert: late, with the miss on record, and the NCC escalation written once.
    expect(answer.obligations).toEqual([
      { kind: 'notify_owner', state: 'satisfied_late', dueAt: notifyOwner.dueAt, lateBySeconds: 1 },
    ]);
    expect(await stored(write.incident.id, notifyOwner.id)).toMatchObject({
      state: 'satisfied_late',
      missedAt: '2026-11-20T04:25:00.500Z',
      satisfiedAt: '2026-11-20T04:25:00.600Z',
    });
    expect((await fresh.store.getDelivery(toOwner.id))?.acknowledgedAt).toBe(
      '2026-11-20T04:25:00.600Z',
    );
    const toNcc = await fresh.store.listDeliveries('ncc-duty', { limit: 10 });
    expect(toNcc.items.map((d) => d.event)).toEqual(['obligation.missed']);
  });

  /** A notice to one SOC (notice_ack due 05:15:00Z), and the sweep to run mid-request. */
  async function noticeAndSweep() {
    const write = newNotice({ recipients: [partyId()] });
    await fresh.store.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    const sweepDeps = { ...useCaseDeps(fresh.store, clock), outboxGraceSeconds: 0 };
    const sweepMidRequest = async () => {
      clock.set('2026-11-20T05:15:01Z');
      expect((await sweep(sweepDeps)).missed).toBe(1);
      clock.set('2026-11-20T05:15:02Z');
    };
    clock.set('2026-11-20T05:14:59.900Z');
    return { entry, ackDue: find(write.obligations, 'notice_ack').dueAt, sweepMidRequest };
  }

  async function noticeAckOf(entry: { noticeId: string; partyId: string }) {
    const own = (await fresh.store.obligationsOf(entry.noticeId)).filter(
      (o) => o.owedBy === entry.partyId,
    );
    return find(own, 'notice_ack');
  }

  it('ackNotice: satisfied late after the sweep marked notice_ack missed', async () => {
    const { entry, ackDue, sweepMidRequest } = await noticeAndSweep();

    const acked = await ackNotice(
      useCaseDeps(interleave(fresh.store, 'saveNoticeAck', sweepMidRequest), clock),
      principalOf(entry.partyId, 'soc'),
      entry.noticeId,
    );

    expect(acked.obligations).toContainEqual({
      kind: 'notice_ack',
      state: 'satisfied_late',
      dueAt: ackDue,
      lateBySeconds: 2,
    });
    expect(await noticeAckOf(entry)).toMatchObject({
      state: 'satisfied_late',
      missedAt: '2026-11-20T05:15:01Z',
    });
    expect((await fresh.store.getRecipient(entry.noticeId, entry.partyId))?.acknowledgedAt).toBe(
      '2026-11-20T05:15:02Z',
    );
  });

  it('respondToNotice: the answer satisfies notice_ack late after the sweep marked it missed', async () => {
    const { entry, ackDue, sweepMidRequest } = await noticeAndSweep();

    const answered = await respondToNotice(
      useCaseDeps(interleave(fresh.store, 'saveNoticeResponse', sweepMidRequest), clock),
      principalOf(entry.partyId, 'soc'),
      entry.noticeId,
      jsonBody({ kind: 'threat_analysis', results: 'Қатер талданды.' }),
    );

    expect(answered.receipt.obligations).toEqual(
      expect.arrayContaining([
        { kind: 'notice_ack', state: 'satisfied_late', dueAt: ackDue, lateBySeconds: 2 },
        expect.objectContaining({ kind: 'notice_response', state: 'satisfied' }),
      ]),
    );
    expect(await noticeAckOf(entry)).toMatchObject({
      state: 'satisfied_late',
      missedAt: '2026-11-20T05:15:01Z',
    });
  });
});
