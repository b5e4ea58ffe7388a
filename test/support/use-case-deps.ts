/**
 * Use cases on the in-memory store: a settable clock shared by the use case and the
 * store (idempotency expiry), a queue that only records, and principals.
 */

import { createMemoryGatewayStore } from '../../functions/adapters/memory/create-memory-adapters.js';
import { MemoryDb } from '../../functions/adapters/memory/memory-db.js';
import type { DeliveryQueue } from '../../functions/core/ports/delivery-queue.js';
import { type AllStores, storePortsOf } from '../../functions/core/ports/ports.js';
import type { PartyRecord } from '../../functions/core/ports/records.js';
import {
  type GatewayDeps,
  newGatewayId,
  type Principal,
} from '../../functions/core/use-cases/context.js';
import { party } from './records.js';

/** A clock the test moves by hand. */
export interface TestClock {
  (): Date;
  set(iso: string): void;
}

export function testClock(iso: string): TestClock {
  let nowMs = Date.parse(iso);
  const clock = (() => new Date(nowMs)) as TestClock;
  clock.set = (next) => {
    nowMs = Date.parse(next);
  };
  return clock;
}

/** A new in-memory store that judges idempotency expiry by `clock`, and its state. */
export function memoryStoreAt(clock: TestClock): { db: MemoryDb; store: AllStores } {
  const db = new MemoryDb({ now: clock });
  return { db, store: createMemoryGatewayStore(db) };
}

/** Use-case dependencies on `store`; enqueued delivery ids are collected in `enqueued`. */
export function useCaseDeps(
  store: AllStores,
  clock: TestClock,
): GatewayDeps & ReturnType<typeof storePortsOf> & { queue: DeliveryQueue; enqueued: string[] } {
  const enqueued: string[] = [];
  return {
    ...storePortsOf(store),
    queue: {
      enqueue: async (ids) => {
        enqueued.push(...ids);
      },
      enqueueFanout: async () => {},
    },
    now: clock,
    newId: newGatewayId,
    log: { warn: () => {} },
    enqueued,
  };
}

/** The caller `id` acting as `role` (registered or not). */
export function principalOf(id: string, role: PartyRecord['role']): Principal {
  return { partyId: id, role, party: party(id, { role }) };
}
