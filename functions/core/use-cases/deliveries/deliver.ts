import { backoffSeconds } from '../../delivery/backoff.js';
import { renderWebhookBody } from '../../delivery/webhook-envelope.js';
import { SIGNATURE_HEADER, signWebhook } from '../../delivery/webhook-signature.js';
import type { DeliveryRecord, PartyRecord } from '../../ports/records.js';
import { formatInstant } from '../../time.js';
import { handOff } from '../dispatch.js';
import type { DeliverDeps } from './delivery-deps.js';
import { escalationsForFailure } from './escalate-failure.js';

/** Header naming the delivery, so recipients can drop duplicates (SQS is at-least-once). */
export const DELIVERY_ID_HEADER = 'X-Gateway-Delivery-Id';

const MAX_ERROR_CHARS = 500;

/** What became of one attempt, and what the queue must do with the message. */
export type DeliveryOutcome =
  | { outcome: 'delivered'; status: number }
  /** Nothing to send: delete the message. */
  | { outcome: 'skipped'; reason: 'missing' | 'already_delivered' | 'unknown_party' | 'no_webhook' }
  /** Keep the message and show it again after `retryAfterSeconds`. */
  | { outcome: 'retry'; retryAfterSeconds: number; error: string }
  /** Retries are exhausted: let SQS move the message to the DLQ. */
  | { outcome: 'dead_letter'; error: string; escalations: number };

/**
 * Delivers one queued delivery as a signed webhook POST (SPEC §5).
 *
 * 1. Load the delivery; a missing or already delivered one needs nothing (SQS may
 *    hand the same message over twice).
 * 2. Load the recipient; a party without a webhook pulls its inbox, so nothing is sent.
 * 3. POST the signed envelope. A 2xx means delivered (not acknowledged: SPEC §5).
 * 4. Otherwise record the failed attempt and ask for a retry after the backoff, or,
 *    at the last attempt, mark it failed, escalate it once to the NCC and dead-letter it.
 *
 * @param attempt 1-based attempt number (the SQS ApproximateReceiveCount)
 */
export async function deliverOne(
  deps: DeliverDeps,
  deliveryId: string,
  attempt: number,
): Promise<DeliveryOutcome> {
  const delivery = await deps.deliveries.getDelivery(deliveryId);
  if (!delivery) return { outcome: 'skipped', reason: 'missing' };
  if (delivery.status === 'delivered') return { outcome: 'skipped', reason: 'already_delivered' };
  const { maxAttempts } = deps.delivery;
  // Failed and escalated already, and the queue still shows it: let it reach the DLQ.
  // (A failed delivery redriven from the DLQ starts again at attempt 1 and is retried.)
  if (delivery.status === 'failed' && attempt >= maxAttempts) {
    return { outcome: 'dead_letter', error: delivery.lastError ?? 'failed', escalations: 0 };
  }
  const party = await deps.parties.getParty(delivery.partyId);
  if (!party) {
    deps.log.warn('Delivery to an unknown party dropped', {
      deliveryId,
      partyId: delivery.partyId,
    });
    return { outcome: 'skipped', reason: 'unknown_party' };
  }
  if (!party.webhook) return { outcome: 'skipped', reason: 'no_webhook' };

  const secret = await webhookSecret(deps, party);
  if (secret === undefined) return { outcome: 'skipped', reason: 'no_webhook' };
  const result = await post(deps, delivery, party.webhook.url, secret);
  const at = formatInstant(deps.now().getTime());
  const attempts = delivery.attempts + 1;
  if (result.ok) {
    await deps.deliveries.recordAttempt(delivery.id, { status: 'delivered', attempts, at });
    return { outcome: 'delivered', status: result.status };
  }
  if (attempt < maxAttempts) {
    await deps.deliveries.recordAttempt(delivery.id, {
      status: 'pending',
      attempts,
      at,
      error: result.error,
    });
    const retryAfterSeconds = backoffSeconds(attempt, deps.delivery.backoff, deps.random);
    return { outcome: 'retry', retryAfterSeconds, error: result.error };
  }
  return giveUp(deps, delivery, { attempts, at, error: result.error });
}

type PostResult = { ok: true; status: number } | { ok: false; error: string };

/**
 * The recipient's webhook secret: the sealed one opened for this party, or — for a
 * record written before secrets were sealed — the plaintext one (read-old; the next
 * registration seals it). A secret that will not open (altered, moved from another
 * party, key unavailable) throws: the message stays queued and is retried, and the
 * error never carries the secret.
 */
async function webhookSecret(deps: DeliverDeps, party: PartyRecord): Promise<string | undefined> {
  const webhook = party.webhook;
  if (webhook?.sealedSecret) return deps.secretBox.open(webhook.sealedSecret, party.id);
  return webhook?.secret;
}

async function post(
  deps: DeliverDeps,
  delivery: DeliveryRecord,
  url: string,
  secret: string,
): Promise<PostResult> {
  const body = renderWebhookBody(delivery);
  const unixSeconds = Math.floor(deps.now().getTime() / 1000);
  try {
    const { status } = await deps.webhooks.post({
      url,
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(secret, unixSeconds, body),
        [DELIVERY_ID_HEADER]: delivery.id,
      },
      body,
      timeoutMs: deps.delivery.timeoutMs,
    });
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, error: `HTTP ${status}` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.slice(0, MAX_ERROR_CHARS) };
  }
}

/** The last attempt failed: mark failed, escalate once, dead-letter. */
async function giveUp(
  deps: DeliverDeps,
  delivery: DeliveryRecord,
  final: { attempts: number; at: string; error: string },
): Promise<DeliveryOutcome> {
  const escalations = await escalationsForFailure(deps, delivery, final.error, final.at);
  const first = await deps.deliveries.failDelivery(delivery.id, final, escalations);
  if (!first) {
    // Another worker failed it first (SQS handed the same message over twice): it escalated.
    await deps.deliveries.recordAttempt(delivery.id, { status: 'failed', ...final });
    return { outcome: 'dead_letter', error: final.error, escalations: 0 };
  }
  deps.log.warn('Delivery failed after its last attempt; escalated to the NCC', {
    deliveryId: delivery.id,
    partyId: delivery.partyId,
    attempts: final.attempts,
    error: final.error,
  });
  await handOff(deps, escalations);
  return { outcome: 'dead_letter', error: final.error, escalations: escalations.length };
}
