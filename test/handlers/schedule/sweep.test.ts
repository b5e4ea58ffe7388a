/**
 * The clock sweep on the emulators: misses marked and escalated exactly once under
 * concurrent sweeps, reminders sent once, and the outbox relay after an SQS outage.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqsClient } from '../../../functions/adapters/aws-clients.js';
import { createSqsDeliveryQueue } from '../../../functions/adapters/sqs/sqs-delivery-queue.js';
import { type Obligation, obligationId } from '../../../functions/core/clocks/obligations.js';
import type { ObligationKind } from '../../../functions/core/model/messages.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import { handOff } from '../../../functions/core/use-cases/dispatch.js';
import { buildDeliverWebhooks } from '../../../functions/handlers/queue/deliver-webhooks.js';
import { buildSweep } from '../../../functions/handlers/schedule/sweep.js';
import { findFreePort } from '../../../functions/local/emulators.js';
import type { SqsPoller } from '../../../functions/local/sqs-poller.js';
import {
  harness,
  newDelivery,
  pollDeliveries,
  testParty,
  writeIncident,
} from '../../support/delivery-harness.js';
import { provisionFresh, TEST_REGION } from '../../support/emulators.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const MINUTE = 60_000;

let receiver: WebhookReceiver;
let poller: SqsPoller | undefined;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
  await receiver.close();
});

async function registerParties(store: AllStores): Promise<void> {
  await store.putParty(testParty('ncc-duty', 'ncc', receiver.url('/ncc')));
  await store.putParty(testParty('soc-alpha', 'soc', receiver.url('/soc')));
  await store.putParty(testParty('authority-knb', 'authority', receiver.url('/authority')));
}

function obligation(
  subjectId: string,
  kind: ObligationKind,
  dueAtMs: number,
  remindAtMs?: number,
): Obligation {
  return {
    id: obligationId(subjectId, kind, 'soc-alpha'),
    kind,
    subjectId,
    owedBy: 'soc-alpha',
    startsAt: new Date(dueAtMs - 72 * 60 * MINUTE).toISOString(),
    dueAt: new Date(dueAtMs).toISOString(),
    ...(remindAtMs === undefined ? {} : { remindAt: new Date(remindAtMs).toISOString() }),
    state: 'open',
  };
}

async function deliveriesOf(store: AllStores, partyId: string) {
  return (await store.listDeliveries(partyId, { limit: 100 })).items;
}

describe('sweep', () => {
  it('marks past-due obligations missed and escalates each exactly once under concurrent sweeps', async () => {
    // Arrange: `card` and `elimination` past due, `severity_review` due in a day with its reminder due
    const stack = await provisionFresh();
    const h = harness(stack);
    await registerParties(h.store);
    const now = Date.now();
    const incidentId = await writeIncident(h.store, 'soc-alpha', {
      obligations: (id) => [
        obligation(id, 'card', now - MINUTE),
        obligation(id, 'elimination', now - 2 * MINUTE),
        obligation(id, 'severity_review', now + 24 * 60 * MINUTE, now - MINUTE),
        obligation(id, 'notice_ack', now + 60 * MINUTE, now + 30 * MINUTE),
      ],
    });
    poller = pollDeliveries(stack, buildDeliverWebhooks(h.worker), h.logger);
    const sweepHandler = buildSweep(h.sweep);

    // Act: two sweeps at once, then a third
    const [a, b] = await Promise.all([sweepHandler(), sweepHandler()]);
    const third = await sweepHandler();

    // Assert: each transition won by exactly one sweep
    expect(a.missed + b.missed).toBe(2);
    expect(a.reminded + b.reminded).toBe(1);
    expect(third).toMatchObject({ missed: 0, reminded: 0 });
    const obligations = await h.store.obligationsOf(incidentId);
    const byKind = Object.fromEntries(obligations.map((o) => [o.kind, o]));
    expect(byKind.card).toMatchObject({ state: 'missed' });
    expect(byKind.elimination).toMatchObject({ state: 'missed' });
    expect(byKind.card?.missedAt).toBeDefined();
    expect(byKind.severity_review).toMatchObject({ state: 'open' });
    expect(byKind.severity_review?.remindAt).toBeUndefined();
    expect(byKind.notice_ack?.remindAt).toBeDefined();

    // docs/contract.md §2: NCC and SOC hear of both misses; the authority only of `elimination`.
    const events = async (partyId: string) =>
      (await deliveriesOf(h.store, partyId)).map((d) => d.event).sort();
    expect(await events('ncc-duty')).toEqual(['obligation.missed', 'obligation.missed']);
    expect(await events('soc-alpha')).toEqual([
      'obligation.missed',
      'obligation.missed',
      'obligation.reminder',
    ]);
    expect(await events('authority-knb')).toEqual(['obligation.missed']);

    // …and the webhooks receive exactly those, once each.
    await vi.waitFor(() => expect(receiver.received).toHaveLength(6), {
      timeout: 15_000,
      interval: 100,
    });
    const kindsAt = (path: string) =>
      receiver
        .at(path)
        .map((r) => `${r.json.event}:${(r.json.payload.obligation as Obligation).kind}`)
        .sort();
    expect(kindsAt('/ncc')).toEqual(['obligation.missed:card', 'obligation.missed:elimination']);
    expect(kindsAt('/soc')).toEqual([
      'obligation.missed:card',
      'obligation.missed:elimination',
      'obligation.reminder:severity_review',
    ]);
    expect(kindsAt('/authority')).toEqual(['obligation.missed:elimination']);
    const missedCard = receiver
      .at('/ncc')
      .find((r) => (r.json.payload.obligation as Obligation).kind === 'card');
    expect(missedCard?.json.payload).toMatchObject({
      reason: 'deadline_passed',
      subjectId: incidentId,
      owedBy: 'soc-alpha',
      obligation: { id: obligationId(incidentId, 'card', 'soc-alpha'), state: 'missed' },
    });
  });

  it('reads only what is due: open obligations in the future are not touched', async () => {
    const stack = await provisionFresh();
    const h = harness(stack);
    await registerParties(h.store);
    const now = Date.now();
    await writeIncident(h.store, 'soc-alpha', {
      obligations: (id) => [
        obligation(id, 'card', now + 60 * MINUTE),
        obligation(id, 'elimination', now + 60 * MINUTE),
      ],
    });

    const stats = await buildSweep(h.sweep)();

    expect(stats).toEqual({
      missed: 0,
      reminded: 0,
      level2: 0,
      credentialsReminded: 0,
      credentialsExpired: 0,
      relayed: 0,
      fannedOut: 0,
      read: 0,
    });
  });

  it('relays deliveries that were written while SQS was down', async () => {
    // Arrange: the hand-off goes to a port nobody listens on
    const stack = await provisionFresh();
    const h = harness(stack);
    await registerParties(h.store);
    const deadSqs = createSqsClient({
      region: TEST_REGION,
      endpoint: `http://127.0.0.1:${await findFreePort()}`,
      maxAttempts: 1,
    });
    const deadQueue = createSqsDeliveryQueue({
      client: deadSqs,
      queueUrl: 'http://127.0.0.1:1/000000000000/nowhere',
    });
    const deliveries = [
      newDelivery('ncc-duty'),
      newDelivery('soc-alpha', { event: 'notice.issued' }),
    ];
    await writeIncident(h.store, 'soc-alpha', { deliveries });
    const handedOff = await handOff({ ...h.worker, queue: deadQueue }, deliveries);
    deadSqs.destroy();
    expect(handedOff).toBe(false);
    expect(
      (await h.store.listUnqueued(new Date(Date.now() + MINUTE).toISOString(), 10))
        .map((d) => d.id)
        .sort(),
    ).toEqual(deliveries.map((d) => d.id).sort());
    poller = pollDeliveries(stack, buildDeliverWebhooks(h.worker), h.logger);

    // Act: within the grace period nothing moves; after it, the sweep relays
    const early = await buildSweep(h.sweep)();
    const later = await buildSweep({ ...h.sweep, now: () => new Date(Date.now() + 11_000) })();
    const again = await buildSweep({ ...h.sweep, now: () => new Date(Date.now() + 11_000) })();

    // Assert
    expect(early.relayed).toBe(0);
    expect(later.relayed).toBe(2);
    expect(again.relayed).toBe(0);
    await vi.waitFor(() => expect(receiver.received).toHaveLength(2), {
      timeout: 15_000,
      interval: 100,
    });
    expect(receiver.received.map((r) => r.json.deliveryId).sort()).toEqual(
      deliveries.map((d) => d.id).sort(),
    );
    expect(await h.store.listUnqueued(new Date(Date.now() + MINUTE).toISOString(), 10)).toEqual([]);
  });
});
