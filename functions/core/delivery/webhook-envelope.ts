/**
 * The JSON body of every webhook POST (docs/contract.md §10):
 * `{ "deliveryId", "event", "partyId", "createdAt", "payload" }`.
 */
import type { DeliveryRecord, WebhookEvent } from '../ports/records.js';

export interface WebhookEnvelope {
  /** Same as the `X-Gateway-Delivery-Id` header; recipients deduplicate on it. */
  deliveryId: string;
  event: WebhookEvent;
  /** The recipient party. */
  partyId: string;
  createdAt: string;
  payload: unknown;
}

/** The envelope of one delivery. */
export function webhookEnvelope(delivery: DeliveryRecord): WebhookEnvelope {
  return {
    deliveryId: delivery.id,
    event: delivery.event,
    partyId: delivery.partyId,
    createdAt: delivery.createdAt,
    payload: delivery.payload,
  };
}

/** The exact body that is signed and sent. */
export function renderWebhookBody(delivery: DeliveryRecord): string {
  return JSON.stringify(webhookEnvelope(delivery));
}
