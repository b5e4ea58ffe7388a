/**
 * Just enough of the store for the delivery use cases, in memory, so their branches
 * are tested in milliseconds; the emulator tests cover the real adapter.
 */

import { redriven } from '../../../../functions/core/delivery/redrive.js';
import type { FinalAttempt } from '../../../../functions/core/ports/deliveries.js';
import { type AllStores, storePortsOf } from '../../../../functions/core/ports/ports.js';
import type { DeliveryRecord, PartyRecord } from '../../../../functions/core/ports/records.js';
import type { WebhookRequest, WebhookSender } from '../../../../functions/core/ports/webhooks.js';
import type { DeliverDeps } from '../../../../functions/core/use-cases/deliveries/delivery-deps.js';
import { testSecretBox } from '../../../support/secret-box.js';

type Store = AllStores;

export interface FakeWorld {
  parties: Map<string, PartyRecord>;
  deliveries: Map<string, DeliveryRecord>;
  queued: string[];
  posts: WebhookRequest[];
  warnings: string[];
}

/** A store whose unused methods throw, so a test notices an unexpected call. */
function fakeStore(world: FakeWorld): Store {
  const implemented: Partial<Store> = {
    getDelivery: async (id) => world.deliveries.get(id),
    getParty: async (id) => world.parties.get(id),
    listParties: async () => [...world.parties.values()],
    markQueued: async (ids) => {
      for (const id of ids) {
        const d = world.deliveries.get(id);
        if (d) d.queued = true;
      }
    },
    recordAttempt: async ({ id }, outcome) => {
      const d = world.deliveries.get(id);
      if (!d) return;
      d.status = outcome.status;
      d.attempts = outcome.attempts;
      if (outcome.error !== undefined) d.lastError = outcome.error;
      if (outcome.sentSha256 !== undefined) d.sentSha256 = outcome.sentSha256;
      if (outcome.status === 'delivered') {
        d.deliveredAt = outcome.at;
        delete d.nextAttemptAt;
      }
      if (outcome.nextAttemptAt !== undefined) d.nextAttemptAt = outcome.nextAttemptAt;
      if (outcome.retryVia === 'outbox') d.queued = false;
    },
    failDelivery: async ({ id }, attempt: FinalAttempt, escalations: DeliveryRecord[]) => {
      const d = world.deliveries.get(id);
      if (!d || d.status === 'failed') return false;
      Object.assign(d, { status: 'failed', attempts: attempt.attempts, lastError: attempt.error });
      delete d.nextAttemptAt;
      for (const e of escalations) world.deliveries.set(e.id, { ...e });
      return true;
    },
    listUndelivered: async (partyId, limit) =>
      [...world.deliveries.values()]
        .filter(
          (d) =>
            d.partyId === partyId &&
            (d.status === 'failed' || (d.status === 'pending' && d.nextAttemptAt !== undefined)),
        )
        .slice(0, limit)
        .map((d) => ({ ...d })),
    redrive: async (deliveries, at) =>
      deliveries.flatMap((expected) => {
        const next = redriven(expected, at);
        if (!next) return [];
        world.deliveries.set(next.id, { ...next });
        return [next];
      }),
  };
  return new Proxy(implemented, {
    get(target, name: string) {
      const method = target[name as keyof Store];
      if (method) return method;
      return () => {
        throw new Error(`fake store: ${name} not implemented`);
      };
    },
  }) as Store;
}

export function party(id: string, role: PartyRecord['role'], webhookUrl?: string): PartyRecord {
  return {
    id,
    clientId: id,
    role,
    name: id,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...(webhookUrl
      ? { webhook: { url: webhookUrl, secret: `secret-of-${id}-0123456789abcdef0123` } }
      : {}),
  };
}

export function pendingDelivery(
  id: string,
  partyId: string,
  overrides: Partial<DeliveryRecord> = {},
): DeliveryRecord {
  return {
    id,
    partyId,
    event: 'incident.notified',
    subjectId: 'inc_1',
    createdAt: '2026-11-20T04:12:31Z',
    payload: { incident: { id: 'inc_1' } },
    status: 'pending',
    attempts: 0,
    queued: true,
    ...overrides,
  };
}

/** Deps over the fake world; `answer` decides each POST's status (or throws). */
export function fakeDeliverDeps(
  world: FakeWorld,
  answer: (request: WebhookRequest) => number,
): DeliverDeps {
  let next = 0;
  const webhooks: WebhookSender = {
    async post(request) {
      world.posts.push(request);
      return { status: answer(request) };
    },
  };
  return {
    ...storePortsOf(fakeStore(world)),
    queue: {
      async enqueue(ids) {
        world.queued.push(...ids);
      },
      async enqueueFanout() {},
    },
    now: () => new Date('2026-11-20T05:00:00Z'),
    newId: (prefix) => {
      next += 1;
      return `${prefix}_${next}`;
    },
    log: { warn: (message) => world.warnings.push(message) },
    webhooks,
    secretBox: testSecretBox(),
    // Two waits: three attempts, the second wait beyond what SQS can hold.
    delivery: { retryScheduleSeconds: [10, 3_600], timeoutMs: 1_000 },
  };
}

export function emptyWorld(): FakeWorld {
  return { parties: new Map(), deliveries: new Map(), queued: [], posts: [], warnings: [] };
}
