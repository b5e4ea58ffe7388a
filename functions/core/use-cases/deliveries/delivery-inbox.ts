import { obligationsAfterAck, statusOf } from '../../clocks/obligations.js';
import { NotFoundError } from '../../errors.js';
import type { DeliveryRecord } from '../../ports/records.js';
import { formatInstant } from '../../time.js';
import { type GatewayDeps, type Principal, requireRole } from '../context.js';
import { type QueryParameters, QueryReader } from '../paging.js';

/** A delivery as its recipient sees it in the pull inbox (SPEC §5: a dead webhook loses nothing). */
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
    payload: d.payload,
  };
}

/** GET /v1/deliveries — everything delivered (or being delivered) to the caller, newest first. */
export async function listDeliveries(
  deps: GatewayDeps,
  principal: Principal,
  query: QueryParameters,
) {
  const reader = new QueryReader(query);
  const page = reader.page();
  reader.done();
  const result = await deps.store.listDeliveries(principal.partyId, page);
  return {
    items: result.items.map(deliveryView),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

/**
 * POST /v1/deliveries/{id}/ack — the owner (or the NCC) acknowledges an incident
 * delivery. For the owner this satisfies `notify_owner` (004 п.9): a 2xx from its
 * webhook means delivered, not acknowledged.
 */
export async function ackDelivery(deps: GatewayDeps, principal: Principal, deliveryId: string) {
  requireRole(principal, 'owner', 'ncc');
  const delivery = await deps.store.getDelivery(deliveryId);
  if (!delivery || delivery.partyId !== principal.partyId)
    throw new NotFoundError(`Delivery ${deliveryId}`);
  const nowMs = deps.now().getTime();
  let satisfied: ReturnType<typeof obligationsAfterAck> = [];
  if (delivery.ackSatisfies && !delivery.acknowledgedAt) {
    const obligations = await deps.store.obligationsOf(delivery.subjectId);
    satisfied = obligationsAfterAck(
      obligations.filter((o) => o.id === delivery.ackSatisfies),
      'notify_owner',
      nowMs,
      `${deliveryId}#ack`,
    );
  }
  const acknowledged = {
    ...delivery,
    acknowledgedAt: delivery.acknowledgedAt ?? formatInstant(nowMs),
  };
  if (!delivery.acknowledgedAt) await deps.store.saveAcknowledgement(acknowledged, satisfied);
  return {
    deliveryId,
    acknowledgedAt: acknowledged.acknowledgedAt,
    obligations: satisfied.map(statusOf),
  };
}
