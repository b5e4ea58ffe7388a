/**
 * A request that changes an obligation races the sweep: it reads `open`, the sweep marks
 * the obligation missed (and escalates), then the request writes. The store refuses the
 * stale write, and the use case reads again and lands as `satisfied_late`, the miss kept
 * on record. Use-case logic, so on the in-memory store; the store's half of the race is
 * held to the same behaviour on DynamoDB by test/adapters/contract/obligation-races.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDb } from '../../../functions/adapters/memory/memory-db.js';
import type { Obligation } from '../../../functions/core/clocks/obligations.js';
import { DependencyUnavailableError } from '../../../functions/core/errors.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import { ackDelivery } from '../../../functions/core/use-cases/deliveries/delivery-inbox.js';
import { sweep } from '../../../functions/core/use-cases/deliveries/sweep.js';
import { ackNotice } from '../../../functions/core/use-cases/notices/notice-inbox.js';
import { respondToNotice } from '../../../functions/core/use-cases/notices/respond-to-notice.js';
import { findObligation, incidentWithOwnerDelivery } from '../../support/obligation-races.js';
import { newIncident, newNotice, party, partyId } from '../../support/records.js';
import {
  memoryStoreAt,
  principalOf,
  type TestClock,
  testClock,
  useCaseDeps,
} from '../../support/use-case-deps.js';
import { jsonBody } from '../fixtures.js';

// The sweep reads the whole store's due obligations, so every test gets a store of its own.
let clock: TestClock;
let fresh: { db: MemoryDb; store: AllStores };
beforeEach(() => {
  clock = testClock('2026-11-20T04:12:31.204Z');
  fresh = memoryStoreAt(clock);
});

async function stored(subjectId: string, id: string): Promise<Obligation | undefined> {
  return (await fresh.store.obligationsOf(subjectId)).find((o) => o.id === id);
}

describe('use cases: the sweep runs between the read and the write', () => {
  /** Runs `before` once, just before the first call of the store method `name`. */
  function interleave<K extends keyof AllStores>(
    store: AllStores,
    name: K,
    before: () => Promise<void>,
  ): AllStores {
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
    const { owner, write, notifyOwner, toOwner } = await incidentWithOwnerDelivery(fresh.store);
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
      expect.objectContaining({
        kind: 'notify_owner',
        state: 'satisfied_late',
        dueAt: notifyOwner.dueAt,
        lateBySeconds: 1,
      }),
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
    return {
      entry,
      ackDue: findObligation(write.allObligations, 'notice_ack').dueAt,
      sweepMidRequest,
    };
  }

  async function noticeAckOf(entry: { noticeId: string; partyId: string }) {
    const own = (await fresh.store.obligationsOf(entry.noticeId)).filter(
      (o) => o.owedBy === entry.partyId,
    );
    return findObligation(own, 'notice_ack');
  }

  it('ackNotice: satisfied late after the sweep marked notice_ack missed', async () => {
    const { entry, ackDue, sweepMidRequest } = await noticeAndSweep();

    const acked = await ackNotice(
      useCaseDeps(interleave(fresh.store, 'saveNoticeAck', sweepMidRequest), clock),
      principalOf(entry.partyId, 'soc'),
      entry.noticeId,
    );

    expect(acked.obligations).toContainEqual(
      expect.objectContaining({
        kind: 'notice_ack',
        state: 'satisfied_late',
        dueAt: ackDue,
        lateBySeconds: 2,
      }),
    );
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
        expect.objectContaining({
          kind: 'notice_ack',
          state: 'satisfied_late',
          dueAt: ackDue,
          lateBySeconds: 2,
        }),
        expect.objectContaining({ kind: 'notice_response', state: 'satisfied' }),
      ]),
    );
    expect(await noticeAckOf(entry)).toMatchObject({
      state: 'satisfied_late',
      missedAt: '2026-11-20T05:15:01Z',
    });
  });
});

describe('the sweep against a store that fails its batch', () => {
  it('fails the run and writes nothing of the batch; the next run escalates each obligation once', async () => {
    // Arrange: an incident whose clocks are long past due, and a store down for every batch write of the first run.
    await fresh.store.putParty(party('ncc-duty', { role: 'ncc' }));
    const write = newIncident({ socId: partyId(), completeCard: false });
    await fresh.store.saveNewIncident(write);
    clock.set('2026-11-25T00:00:00Z');
    const due = write.obligations.filter(
      (o) => o.state === 'open' && Date.parse(o.dueAt) <= Date.parse('2026-11-25T00:00:00Z'),
    );
    expect(due.length).toBeGreaterThan(1);
    let outage = true;
    const failingBatches: AllStores = {
      ...fresh.store,
      transitionOpenMany: async (changes) => {
        if (outage) fresh.db.failNext(1);
        return fresh.store.transitionOpenMany(changes);
      },
    };
    const deps = { ...useCaseDeps(failingBatches, clock), outboxGraceSeconds: 0 };

    // Act + Assert: the run fails, and nothing of the batch was written.
    await expect(sweep(deps)).rejects.toBeInstanceOf(DependencyUnavailableError);
    const afterOutage = await fresh.store.obligationsOf(write.incident.id);
    expect(afterOutage.filter((o) => o.state === 'missed')).toEqual([]);
    const toNcc = async () => (await fresh.store.listDeliveries('ncc-duty', { limit: 50 })).items;
    const deliveriesBefore = (await toNcc()).length;

    outage = false;
    const stats = await sweep(deps);

    expect(stats.missed).toBe(due.length);
    const missed = (await fresh.store.obligationsOf(write.incident.id)).filter(
      (o) => o.state === 'missed',
    );
    expect(missed.map((o) => o.id).sort()).toEqual(due.map((o) => o.id).sort());
    const escalations = (await toNcc()).filter((d) => d.event === 'obligation.missed');
    expect(escalations).toHaveLength(due.length);
    expect((await toNcc()).length - deliveriesBefore).toBe(due.length);
    // A third run finds nothing left to escalate.
    expect((await sweep(deps)).missed).toBe(0);
  });
});
