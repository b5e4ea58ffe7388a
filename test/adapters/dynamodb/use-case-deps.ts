/**
 * Use cases on the real DynamoDB adapter: a settable clock shared by the use case and
 * the store (idempotency expiry), a queue that only records, and principals.
 */
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import type { GatewayStore } from '../../../functions/core/ports/stores.js';
import {
  type GatewayDeps,
  newGatewayId,
  type Principal,
} from '../../../functions/core/use-cases/context.js';
import type { FreshStore } from './fresh-store.js';
import { freshStore } from './fresh-store.js';
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

/** A fresh table whose store judges idempotency expiry by `clock`. */
export function freshStoreAt(clock: TestClock): Promise<FreshStore> {
  return freshStore({ now: clock });
}

/** Use-case dependencies on `store`; enqueued delivery ids are collected in `enqueued`. */
export function useCaseDeps(
  store: GatewayStore,
  clock: TestClock,
): GatewayDeps & { enqueued: string[] } {
  const enqueued: string[] = [];
  return {
    store,
    queue: {
      enqueue: async (ids) => {
        enqueued.push(...ids);
      },
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
