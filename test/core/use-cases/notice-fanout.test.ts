/**
 * Issue #14 item 5 on both stores: a notice wider than one batch is accepted whole, its
 * recipients expanded batch by batch by the request, by the worker the request hands the
 * rest to, by the sweep after both stopped, or by several at once — and every recipient
 * ends with exactly one inbox entry,
 * two clocks and one delivery. A half-expanded notice shows its unreached recipients
 * as pending.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { StorePorts } from '../../../functions/core/ports/ports.js';
import { newGatewayId } from '../../../functions/core/use-cases/context.js';
import { sweep } from '../../../functions/core/use-cases/deliveries/sweep.js';
import {
  expandNotice,
  expandQueuedFanout,
  fanoutDeliveryId,
  resumeFanouts,
} from '../../../functions/core/use-cases/notices/fanout.js';
import { issueNotice } from '../../../functions/core/use-cases/notices/issue-notice.js';
import {
  getNotice,
  type RecipientState,
} from '../../../functions/core/use-cases/notices/notice-tracking.js';
import { type ContractStore, STORES } from '../../adapters/contract/stores.js';
import { newNotice, noticeMessage, party, partyId } from '../../support/records.js';
import { principalOf } from '../../support/use-case-deps.js';
import { jsonBody } from '../fixtures.js';

/** Use-case deps on `store`, with a clock the test drives and a queue that records. */
function depsOn(store: StorePorts, now: () => Date) {
  const enqueued: string[] = [];
  const fanouts: string[] = [];
  return {
    ...store,
    queue: {
      enqueue: async (ids: readonly string[]) => {
        enqueued.push(...ids);
      },
      enqueueFanout: async (noticeId: string) => {
        fanouts.push(noticeId);
      },
    },
    now,
    newId: newGatewayId,
    log: { warn: () => {} },
    enqueued,
    /** Notices handed to the worker ("continue fan-out" messages), in order. */
    fanouts,
    outboxGraceSeconds: 5,
  };
}

/** A clock that moves `stepMs` on every reading, from `startIso`. */
function steppingClock(startIso: string, stepMs: number): () => Date {
  let nowMs = Date.parse(startIso);
  return () => {
    nowMs += stepMs;
    return new Date(nowMs);
  };
}

/** What is stored of a notice: inbox entries, clocks and deliveries per recipient. */
async function stored(store: StorePorts, noticeId: string, recipients: readonly string[]) {
  const tracking = await store.notices.trackNotice(noticeId);
  const deliveries = await store.notices.getDeliveries(
    recipients.map((r) => fanoutDeliveryId(noticeId, r)),
  );
  return {
    entries: tracking.recipients.map((r) => r.partyId).sort(),
    clocks: tracking.obligations.length,
    deliveries: deliveries.map((d) => d.partyId).sort(),
    fanout: tracking.fanout,
  };
}

const sorted = (ids: readonly string[]) => [...ids].sort();

describe.each(STORES)('notice fan-out on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  /** `count` SOCs registered in the store. */
  async function socs(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => partyId());
    for (const id of ids) await store.parties.putParty(party(id));
    return ids;
  }

  it('a notice to 45 SOCs is written whole by the request: one entry, two clocks and one delivery each', async () => {
    // Arrange
    const recipients = await socs(45);
    const deps = depsOn(store, () => new Date('2026-11-20T06:00:00Z'));

    // Act
    const issued = await issueNotice(
      deps,
      principalOf('ncc-main', 'ncc'),
      jsonBody(noticeMessage(recipients)),
    );

    // Assert
    const noticeId = issued.receipt.id;
    const now = await stored(store, noticeId, recipients);
    expect(now.entries).toEqual(sorted(recipients));
    expect(now.deliveries).toEqual(sorted(recipients));
    expect(now.clocks).toBe(90);
    expect(now.fanout).toMatchObject({ expanded: 45, completedAt: '2026-11-20T06:00:00Z' });
    expect(issued.receipt.obligations).toHaveLength(90);
    expect('deliveries' in issued && issued.deliveries.map((d) => d.deliveryId)).toEqual(
      recipients.map((r) => fanoutDeliveryId(noticeId, r)),
    );
    expect(sorted(deps.enqueued)).toEqual(
      sorted(recipients.map((r) => fanoutDeliveryId(noticeId, r))),
    );
    expect(deps.fanouts).toEqual([]);
  });

  it('a notice wider than the request expands is handed to the worker at once, which hands on what its own time leaves', async () => {
    // Arrange: 700 ms per clock reading, so each message's 5 s end mid-notice.
    const recipients = await socs(200);
    const deps = depsOn(store, steppingClock('2026-11-20T08:00:00Z', 700));
    const issued = await issueNotice(
      deps,
      principalOf('ncc-main', 'ncc'),
      jsonBody(noticeMessage(recipients)),
    );
    const noticeId = issued.receipt.id;
    const byRequest = (await stored(store, noticeId, recipients)).entries.length;

    // Act: the worker takes the messages one after the other, as the queue delivers them.
    const steps: number[] = [];
    for (let taken = 0; taken < deps.fanouts.length && taken < 20; taken++) {
      const result = await expandQueuedFanout(deps, deps.fanouts[taken] ?? '', 5_000);
      steps.push(result?.expanded ?? -1);
    }

    // Assert: the request wrote the first batch only; one message per stop, each going on
    // where the last stopped, none after the end.
    expect(byRequest).toBe(20);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.at(-1)).toBe(200);
    expect(steps.slice(0, -1).every((expanded) => expanded < 200)).toBe(true);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(deps.fanouts).toEqual(Array.from({ length: steps.length }, () => noticeId));
    const done = await stored(store, noticeId, recipients);
    expect(done.entries).toEqual(sorted(recipients));
    expect(done.deliveries).toEqual(sorted(recipients));
    expect(done.clocks).toBe(400);
    expect(done.fanout).toMatchObject({ expanded: 200, completedAt: expect.any(String) });
    expect(sorted(deps.enqueued)).toEqual(
      sorted(recipients.map((r) => fanoutDeliveryId(noticeId, r))),
    );
  });

  it('a repeated or late "continue fan-out" message writes nothing twice and hands nothing on', async () => {
    // Arrange: a notice accepted with its first batch, then expanded by one message.
    const write = newNotice({ recipients: Array.from({ length: 50 }, () => partyId()) });
    await store.notices.saveNewNotice(write);
    const deps = depsOn(store, () => new Date('2026-11-20T05:00:10Z'));
    await expandQueuedFanout(deps, write.notice.id);

    // Act: the same message again (at least once), twice at once; and one for no notice.
    const again = await Promise.all([
      expandQueuedFanout(deps, write.notice.id),
      expandQueuedFanout(deps, write.notice.id),
    ]);
    const unknown = await expandQueuedFanout(deps, 'ntc_01JDNOSUCHNOTICE000000000');

    // Assert
    const parties = write.recipients.map((r) => r.partyId);
    expect(again).toEqual([
      { from: 50, expanded: 50, total: 50 },
      { from: 50, expanded: 50, total: 50 },
    ]);
    expect(unknown).toBeUndefined();
    expect(deps.fanouts).toEqual([]);
    const after = await stored(store, write.notice.id, parties);
    expect(after.entries).toEqual(sorted(parties));
    expect(after.clocks).toBe(100);
    expect(sorted(deps.enqueued)).toEqual(sorted(write.allDeliveries.slice(20).map((d) => d.id)));
  });

  it('a request out of time leaves the rest pending (never shown complete); the sweep finishes it', async () => {
    // Arrange: a clock that moves 700 ms on every reading, so the 3 s budget ends mid-notice.
    const recipients = await socs(120);
    let nowMs = Date.parse('2026-11-20T07:00:00Z');
    const deps = depsOn(store, () => {
      nowMs += 700;
      return new Date(nowMs);
    });
    const ncc = principalOf('ncc-main', 'ncc');
    const issued = await issueNotice(deps, ncc, jsonBody(noticeMessage(recipients)));
    const noticeId = issued.receipt.id;

    // Act 1: what the NCC sees of the half-expanded notice.
    const half = await getNotice(deps, ncc, noticeId);

    // Assert 1
    const written = (await stored(store, noticeId, recipients)).entries.length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(120);
    expect(half).toMatchObject({
      summary: { recipients: 120 },
      fanout: { state: 'in_progress', expanded: written, recipients: 120 },
    });
    const states: RecipientState[] = ('summary' in half ? half.recipients : undefined) ?? [];
    expect(states.map((s) => s.partyId)).toEqual(recipients);
    const pending = states.filter((s) => s.inbox === 'pending');
    expect(pending).toHaveLength(120 - written);
    expect(pending[0]).toMatchObject({
      delivery: {
        deliveryId: fanoutDeliveryId(noticeId, pending[0]?.partyId ?? ''),
        status: 'pending',
      },
      obligations: [
        { kind: 'notice_ack', state: 'open' },
        { kind: 'notice_response', state: 'open' },
      ],
    });

    // Act 2: sweeps, past the grace, until it is done.
    const sweepDeps = depsOn(store, () => new Date(nowMs + 60_000));
    let fannedOut = 0;
    for (let run = 0; run < 5 && fannedOut < 120 - written; run++)
      fannedOut += (await sweep(sweepDeps)).fannedOut;

    // Assert 2
    const done = await stored(store, noticeId, recipients);
    expect(fannedOut).toBe(120 - written);
    expect(done.entries).toEqual(sorted(recipients));
    expect(done.deliveries).toEqual(sorted(recipients));
    expect(done.clocks).toBe(240);
    expect(await getNotice(deps, ncc, noticeId)).toMatchObject({
      fanout: { state: 'complete', expanded: 120 },
    });
    expect(await store.notices.listUnfinishedFanouts('2030-01-01T00:00:00Z', 100)).not.toContain(
      noticeId,
    );
  });

  it('two expanders at once (a request and the sweep) write each recipient once and hand each batch off once', async () => {
    // Arrange: a notice accepted with its first batch only.
    const write = newNotice({ recipients: Array.from({ length: 85 }, () => partyId()) });
    await store.notices.saveNewNotice(write);
    const deps = depsOn(store, () => new Date('2026-11-20T05:00:10Z'));

    // Act
    const results = await Promise.all([
      expandNotice(deps, write.notice.id),
      expandNotice(deps, write.notice.id),
    ]);

    // Assert
    const parties = write.recipients.map((r) => r.partyId);
    const after = await stored(store, write.notice.id, parties);
    expect(results.map((r) => r?.expanded)).toEqual([85, 85]);
    expect(after.entries).toEqual(sorted(parties));
    expect(after.deliveries).toEqual(sorted(parties));
    expect(after.clocks).toBe(170);
    expect(sorted(deps.enqueued)).toEqual(sorted(write.allDeliveries.slice(20).map((d) => d.id)));
  });

  it('a fan-out that cannot be resumed does not hold up another: the sweep finishes the other and reports the failure', async () => {
    // Arrange: two notices accepted with their first batch only; batches of the first always fail.
    const broken = newNotice({ recipients: Array.from({ length: 30 }, () => partyId()) });
    const healthy = newNotice({ recipients: Array.from({ length: 30 }, () => partyId()) });
    await store.notices.saveNewNotice(broken);
    await store.notices.saveNewNotice(healthy);
    const failing = {
      ...store.notices,
      saveFanoutBatch: async (batch: Parameters<typeof store.notices.saveFanoutBatch>[0]) => {
        if (batch.noticeId === broken.notice.id) throw new Error('a damaged record');
        return store.notices.saveFanoutBatch(batch);
      },
    };
    const deps = { ...depsOn(store, () => new Date('2026-11-20T05:10:00Z')), notices: failing };

    // Act
    const run = resumeFanouts(deps, Date.parse('2026-11-20T05:10:00Z'));

    // Assert
    await expect(run).rejects.toThrow('a damaged record');
    expect((await store.notices.getFanout(healthy.notice.id))?.expanded).toBe(30);
    expect((await store.notices.getFanout(broken.notice.id))?.expanded).toBe(20);
  });
});
