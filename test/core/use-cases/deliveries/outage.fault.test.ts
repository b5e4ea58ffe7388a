/**
 * Fault test (issue #14 item 6): a receiver down for 10 minutes of an injected clock,
 * then up. In-process on the memory store, with the real worker use case, the real
 * outbox relay of the sweep and a model of SQS (a message comes back after the
 * visibility the worker asked for; a dropped one is gone). Every delivery arrives, and
 * none twice per delivery id.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStorePorts } from '../../../../functions/adapters/memory/create-memory-adapters.js';
import { putDelivery } from '../../../../functions/adapters/memory/items.js';
import { MemoryDb } from '../../../../functions/adapters/memory/memory-db.js';
import { RETRY_SCHEDULE_SECONDS } from '../../../../functions/core/delivery/retry-schedule.js';
import type { DeliveryRecord } from '../../../../functions/core/ports/records.js';
import { formatInstant } from '../../../../functions/core/time.js';
import { deliverOne } from '../../../../functions/core/use-cases/deliveries/deliver.js';
import type { DeliverDeps } from '../../../../functions/core/use-cases/deliveries/delivery-deps.js';
import { relayOutbox } from '../../../../functions/core/use-cases/deliveries/relay-outbox.js';
import { handOff } from '../../../../functions/core/use-cases/dispatch.js';
import { testSecretBox } from '../../../support/secret-box.js';
import { party } from './fakes.js';

const T0 = Date.parse('2026-11-20T04:00:00Z');
const OUTAGE_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 5_000;
const GRACE_SECONDS = 5;

/** A seeded source of [0, 1) (a linear congruential generator), so the jitter is real but the run repeatable. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface World {
  nowMs: number;
  db: MemoryDb;
  deps: DeliverDeps & { outboxGraceSeconds: number };
  /** SQS, modelled: each message visible from `visibleAtMs`. */
  messages: Array<{ id: string; visibleAtMs: number }>;
  /** 2xx answers per delivery id: what the receiver saw arrive. */
  arrived: Map<string, number>;
  /** Attempts the receiver refused. */
  refused: number;
  /** Failed attempts whose next one was left to the stored time and the sweep (waits over 15 min). */
  scheduled: number;
  /** When the last delivery arrived. */
  lastArrivalMs: number;
}

function world(receiverUp: (nowMs: number) => boolean): World {
  const w = {
    nowMs: T0,
    messages: [],
    arrived: new Map(),
    refused: 0,
    scheduled: 0,
    lastArrivalMs: 0,
  } as unknown as World;
  const now = () => new Date(w.nowMs);
  const db = new MemoryDb({ now });
  w.db = db;
  let next = 0;
  w.deps = {
    ...createMemoryStorePorts(db),
    queue: {
      async enqueue(ids) {
        for (const id of ids) w.messages.push({ id, visibleAtMs: w.nowMs });
      },
      async enqueueFanout() {},
    },
    now,
    newId: (prefix) => {
      next += 1;
      return `${prefix}_${String(next).padStart(26, '0')}`;
    },
    log: { warn: () => {} },
    webhooks: {
      async post(request) {
        if (!receiverUp(w.nowMs)) {
          w.refused += 1;
          return { status: 503 };
        }
        const id = request.headers['X-Gateway-Delivery-Id'] ?? '';
        w.arrived.set(id, (w.arrived.get(id) ?? 0) + 1);
        w.lastArrivalMs = w.nowMs;
        return { status: 204 };
      },
    },
    secretBox: testSecretBox(),
    delivery: { retryScheduleSeconds: RETRY_SCHEDULE_SECONDS, timeoutMs: 5_000 },
    random: seeded(20261202),
    outboxGraceSeconds: GRACE_SECONDS,
  };
  return w;
}

/** Writes a delivery to the owner the way a request does (outbox), then hands it to the queue. */
async function send(w: World, ids: string[]): Promise<void> {
  const id = w.deps.newId('dlv');
  const record: DeliveryRecord = {
    id,
    partyId: 'owner-energo',
    event: 'incident.notified',
    subjectId: `inc_${id}`,
    createdAt: formatInstant(w.nowMs),
    payload: { n: ids.length },
    status: 'pending',
    attempts: 0,
    queued: false,
  };
  w.db.transact([putDelivery(record)]);
  ids.push(id);
  await handOff(w.deps, [record]);
}

/** Runs the clock second by second: the worker takes visible messages, the sweep relays the outbox. */
async function run(
  w: World,
  untilMs: number,
  onTick: (nowMs: number) => Promise<void> = async () => {},
): Promise<void> {
  for (; w.nowMs <= untilMs; w.nowMs += 1_000) {
    await onTick(w.nowMs);
    if ((w.nowMs - T0) % SWEEP_EVERY_MS === 0) await relayOutbox(w.deps, w.nowMs);
    const visible = w.messages.filter((m) => m.visibleAtMs <= w.nowMs);
    w.messages = w.messages.filter((m) => m.visibleAtMs > w.nowMs);
    for (const message of visible) {
      const outcome = await deliverOne(w.deps, message.id);
      if (outcome.outcome === 'scheduled') w.scheduled += 1;
      // SQS keeps only a message the worker asked to see again; everything else is deleted.
      if (outcome.outcome === 'retry')
        w.messages.push({
          id: message.id,
          visibleAtMs: w.nowMs + outcome.retryAfterSeconds * 1000,
        });
    }
  }
}

async function setUp(receiverUp: (nowMs: number) => boolean) {
  const w = world(receiverUp);
  const ports = w.deps;
  const owner = party('owner-energo', 'owner', 'https://energo.example.kz/hook');
  await ports.parties.putParty(owner);
  await ports.parties.putParty(party('ncc-duty', 'ncc'));
  return { w, ports };
}

describe('a receiver down for 10 minutes, then up', () => {
  it('receives every delivery exactly once, on the schedule alone', async () => {
    // Arrange: 20 deliveries during the first minute of the outage
    const { w, ports } = await setUp((nowMs) => nowMs - T0 >= OUTAGE_MS);
    const ids: string[] = [];

    // Act: three hours of the injected clock
    await run(w, T0 + 3 * 3_600_000, async (nowMs) => {
      if (nowMs - T0 < 60_000 && (nowMs - T0) % 3_000 === 0) await send(w, ids);
    });

    // Assert
    expect(ids).toHaveLength(20);
    expect([...w.arrived.keys()].sort()).toEqual([...ids].sort());
    expect([...w.arrived.values()].every((n) => n === 1)).toBe(true);
    expect(w.refused).toBeGreaterThanOrEqual(20 * 4);
    for (const id of ids)
      expect(await ports.deliveries.getDelivery(id)).toMatchObject({ status: 'delivered' });
    // The waits past 15 min went through the stored time and the sweep, not SQS: each
    // delivery's fourth failure (at 10 s + 1 min + 5 min, all inside the outage) waited ~30 min.
    expect(w.scheduled).toBe(20);
    expect(w.lastArrivalMs - T0).toBeGreaterThan(OUTAGE_MS);
    expect(w.lastArrivalMs - T0).toBeLessThan(3_600_000);
    expect(w.messages).toEqual([]);
    expect(await ports.deliveries.listUnqueued(formatInstant(w.nowMs), 100)).toEqual([]);
  });

  it('redrives the waiting ones as soon as a later delivery succeeds', async () => {
    // Arrange
    const { w } = await setUp((nowMs) => nowMs - T0 >= OUTAGE_MS);
    const ids: string[] = [];
    const later: string[] = [];

    // Act: 20 during the outage, one more a minute after it ends
    await run(w, T0 + 12 * 60_000, async (nowMs) => {
      const t = nowMs - T0;
      if (t < 60_000 && t % 3_000 === 0) await send(w, ids);
      if (t === 11 * 60_000) await send(w, later);
    });

    // Assert: all 21 arrived within the minute after the later one, each once
    expect([...w.arrived.keys()].sort()).toEqual([...ids, ...later].sort());
    expect(w.lastArrivalMs - T0).toBeLessThanOrEqual(11 * 60_000 + 10_000);
    expect([...w.arrived.values()].every((n) => n === 1)).toBe(true);
    // And nothing arrives twice afterwards, however long the clock runs.
    await run(w, T0 + 30 * 3_600_000 + 60_000);
    expect([...w.arrived.values()].every((n) => n === 1)).toBe(true);
    expect(w.arrived.size).toBe(21);
  });
});
