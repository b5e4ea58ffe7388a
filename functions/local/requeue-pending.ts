/**
 * fauxqs keeps its queues in memory, so a restart loses every message that was in
 * flight. The sweep's outbox relay only re-sends deliveries never handed to SQS;
 * this hands over again the ones that were (`queued`) but are still `pending`, so a
 * restart delays a delivery but never loses it. The worker skips one that is already
 * delivered, so a second hand-off is harmless.
 */

import type { DeliveryStore } from '../core/ports/deliveries.js';
import type { DeliveryQueue } from '../core/ports/delivery-queue.js';
import type { PartyStore } from '../core/ports/parties.js';

const PAGE_SIZE = 100;
/** Bounds the start-up scan of one party's deliveries (a local registry is small). */
const MAX_PAGES_PER_PARTY = 100;

/** Re-enqueues every queued-but-pending delivery; returns how many. */
export async function requeuePendingDeliveries(
  parties: PartyStore,
  deliveries: DeliveryStore,
  queue: DeliveryQueue,
): Promise<number> {
  let requeued = 0;
  for (const party of await parties.listParties()) {
    // Nothing is pushed to a party without a webhook: its deliveries wait in its inbox.
    if (party.webhook === undefined) continue;
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES_PER_PARTY; page += 1) {
      const result = await deliveries.listDeliveries(party.id, {
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      const pending = result.items
        .filter((d) => d.status === 'pending' && d.queued)
        .map((d) => d.id);
      await queue.enqueue(pending);
      requeued += pending.length;
      cursor = result.nextCursor;
      if (cursor === undefined) break;
    }
  }
  return requeued;
}
