import { EMPTY_BODY_SHA256, receivedAudit } from '../../audit/message-audit.js';
import { obligationsAfterAck, statusOf } from '../../clocks/obligations.js';
import { NotFoundError } from '../../errors.js';
import { requireGatewayId } from '../../ids.js';
import type { ObligationChange } from '../../ports/obligations.js';
import type { DeliveryRecord } from '../../ports/records.js';
import { formatInstant } from '../../time.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { type QueryParameters, QueryReader } from '../paging.js';
import { changesFrom, countLateSatisfactions, retryStaleWrites } from '../stale-writes.js';

/** A delivery as its recipient sees it in the pull inbox (docs/contract.md §5: a dead webhook loses nothing). */
export function deliveryView(d: DeliveryRecord) {
  return {
    deliveryId: d.id,
    event: d.event,
    partyId: d.partyId,
    createdAt: d.createdAt,
    status: d.status,
    attempts: d.attempts,
    ...(d.deliveredAt ? { deliveredAt: d.deliveredAt } : {}),
    ...(d.acknowledgedAt ? { acknowledgedAt: d.acknowledgedAt } : {}),
    ...(d.ackSatisfies ? { ackRequired: true } : {}),
    // The digest of the exact bytes last pushed to the webhook: GET /v1/messages/{sha256}.
    ...(d.sentSha256 ? { sentSha256: d.sentSha256 } : {}),
    payload: d.payload,
  };
}

/** GET /v1/deliveries — everything delivered (or being delivered) to the caller, newest first. */
export async function listDeliveries(
  deps: Uses<'deliveries'>,
  principal: Principal,
  query: QueryParameters,
) {
  const reader = new QueryReader(query);
  const page = reader.page();
  reader.done();
  const result = await deps.deliveries.listDeliveries(principal.partyId, page);
  return {
    items: result.items.map(deliveryView),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

/**
 * POST /v1/deliveries/{id}/ack — the owner (or the NCC) acknowledges an incident
 * delivery. For the owner this satisfies `notify_owner` (004 п.9): a 2xx from its
 * webhook means delivered, not acknowledged. The obligation is written only if it is
 * still as read: when the sweep marked it missed meanwhile, the ack reads again and
 * satisfies it late, keeping the miss.
 */
export async function ackDelivery(
  deps: Uses<'deliveries' | 'obligations'>,
  principal: Principal,
  deliveryId: string,
  /** SHA-256 of the request body as received (an ack's body is optional: absent, of no bytes). */
  bodySha256: string = EMPTY_BODY_SHA256,
) {
  requireRole(principal, 'owner', 'ncc');
  requireGatewayId('dlv', deliveryId);
  const startedAt = formatInstant(deps.now().getTime());
  return retryStaleWrites(async () => {
    const delivery = await deps.deliveries.getDelivery(deliveryId);
    if (!delivery || delivery.partyId !== principal.partyId)
      throw new NotFoundError(`Delivery ${deliveryId}`);
    const nowMs = deps.now().getTime();
    let satisfied: ObligationChange[] = [];
    if (delivery.ackSatisfies && !delivery.acknowledgedAt) {
      const obligations = (await deps.obligations.obligationsOf(delivery.subjectId)).filter(
        (o) => o.id === delivery.ackSatisfies,
      );
      const changed = obligationsAfterAck(obligations, 'notify_owner', nowMs, `${deliveryId}#ack`);
      satisfied = changesFrom(obligations, changed);
    }
    const acknowledged = {
      ...delivery,
      acknowledgedAt: delivery.acknowledgedAt ?? formatInstant(nowMs),
    };
    if (!delivery.acknowledgedAt) {
      // A repeated ack writes nothing and is not audited again: the first one's entry stands.
      await deps.deliveries.saveAcknowledgement(acknowledged, satisfied, [
        receivedAudit(principal, {
          source: 'ack-delivery',
          subjectId: deliveryId,
          sha256: bodySha256,
          startedAt,
          at: acknowledged.acknowledgedAt,
          description: `Delivery ${deliveryId} (${delivery.event}) acknowledged`,
        }),
      ]);
      countLateSatisfactions(deps.metrics, satisfied);
    }
    return {
      deliveryId,
      acknowledgedAt: acknowledged.acknowledgedAt,
      obligations: satisfied.map((change) => statusOf(change.next)),
    };
  });
}
