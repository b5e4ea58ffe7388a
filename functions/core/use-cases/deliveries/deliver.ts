import { type AuditEvent, sha256Hex } from '../../audit/audit-entry.js';
import { sentAudit } from '../../audit/message-audit.js';
import { failedAttemptsInRound } from '../../delivery/redrive.js';
import { nextAttempt, QUEUE_DELAY_MAX_SECONDS } from '../../delivery/retry-schedule.js';
import { renderWebhookBody } from '../../delivery/webhook-envelope.js';
import { SIGNATURE_HEADER, signWebhookWithEach } from '../../delivery/webhook-signature.js';
import type { DeliveryRecord, PartyRecord } from '../../ports/records.js';
import { formatInstant, instantOf } from '../../time.js';
import { handOff } from '../dispatch.js';
import type { DeliverDeps } from './delivery-deps.js';
import { escalationsForFailure } from './escalate-failure.js';
import { redriveParty } from './redrive.js';

/** Header naming the delivery, so recipients can drop duplicates (SQS is at-least-once). */
export const DELIVERY_ID_HEADER = 'X-Gateway-Delivery-Id';

const MAX_ERROR_CHARS = 500;

/** What became of one attempt, and what the queue must do with the message. */
export type DeliveryOutcome =
  /** Delete the message; `redriven` other deliveries to the party were made due now. */
  | { outcome: 'delivered'; status: number; redriven: number }
  /** Nothing to send: delete the message. */
  | {
      outcome: 'skipped';
      reason:
        | 'missing'
        | 'already_delivered'
        | 'failed'
        | 'not_due'
        | 'unknown_party'
        | 'no_webhook';
    }
  /** Keep the message and show it again after `retryAfterSeconds` (a wait SQS can hold). */
  | { outcome: 'retry'; retryAfterSeconds: number; nextAttemptAt: string; error: string }
  /** Delete the message: the delivery waits in the outbox until `nextAttemptAt`, for the sweep. */
  | { outcome: 'scheduled'; nextAttemptAt: string; error: string }
  /** The schedule is exhausted: failed (kept, redrivable) and escalated; delete the message. */
  | { outcome: 'failed'; error: string; escalations: number };

/**
 * Delivers one queued delivery as a signed webhook POST (docs/contract.md §5). The delivery as
 * stored decides everything (attempts, schedule, state); the SQS message only says
 * "try this one now", so a lost or repeated message neither loses nor repeats one.
 *
 * 1. Load the delivery; a missing, delivered or failed one needs nothing (SQS may hand
 *    the same message over twice; a failed one waits for a redrive), nor one waiting in
 *    the outbox for a later attempt (a leftover message).
 * 2. Load the recipient; a party without a webhook pulls its inbox, so nothing is sent.
 * 3. Keep the envelope's bytes in the verbatim archive (a failure throws: nothing is sent
 *    that was not kept, and the message is retried), then POST it signed. A 2xx means delivered (not acknowledged: docs/contract.md §5); the
 *    receiver is back, so the party's other undelivered deliveries are redriven.
 * 4. Otherwise take the next wait from the retry schedule: a short one (≤ 15 min) holds
 *    the SQS message back, a longer one stores the time in the outbox for the sweep;
 *    past the schedule's end, mark it failed and escalate it once to the NCC.
 */
export async function deliverOne(deps: DeliverDeps, deliveryId: string): Promise<DeliveryOutcome> {
  const delivery = await deps.deliveries.getDelivery(deliveryId);
  if (!delivery) return { outcome: 'skipped', reason: 'missing' };
  const outcome = await attempt(deps, delivery);
  if (deps.onAttempt !== undefined && !isRepeat(outcome)) {
    try {
      deps.onAttempt(delivery, outcome);
    } catch {
      // An observer that throws must not turn a settled attempt into a retry.
    }
  }
  return outcome;
}

/** An outcome that did nothing new (a repeated or early message): the observer is not told. */
function isRepeat(outcome: DeliveryOutcome): boolean {
  return (
    outcome.outcome === 'skipped' &&
    ['missing', 'already_delivered', 'failed', 'not_due'].includes(outcome.reason)
  );
}

async function attempt(deps: DeliverDeps, delivery: DeliveryRecord): Promise<DeliveryOutcome> {
  const deliveryId = delivery.id;
  if (delivery.status === 'delivered') return { outcome: 'skipped', reason: 'already_delivered' };
  if (delivery.status === 'failed') return { outcome: 'skipped', reason: 'failed' };
  const nowMs = deps.now().getTime();
  if (
    !delivery.queued &&
    delivery.nextAttemptAt !== undefined &&
    instantOf(delivery.nextAttemptAt) > nowMs
  ) {
    return { outcome: 'skipped', reason: 'not_due' };
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

  const secrets = await webhookSecrets(deps, party);
  if (secrets.length === 0) return { outcome: 'skipped', reason: 'no_webhook' };
  const body = renderWebhookBody(delivery);
  const sentSha256 = await keepSent(deps, delivery, body);
  const startedAt = formatInstant(deps.now().getTime());
  const result = await post(deps, delivery, party.webhook.url, secrets, body);
  const atMs = deps.now().getTime();
  const at = formatInstant(atMs);
  const attempts = delivery.attempts + 1;
  const kept = sentSha256 === undefined ? {} : { sentSha256 };
  // п.90-1(7): the message sent, on the recipient's chain, with the attempt's outcome.
  const sent = (outcome: string, detail: string) =>
    sentAudit({
      partyId: delivery.partyId,
      subjectId: delivery.id,
      sha256: sentSha256 ?? sha256Hex(body),
      startedAt,
      at,
      outcome,
      description: `${delivery.event} pushed to the webhook, attempt ${attempts}: ${detail}`,
    });
  if (result.ok) {
    await deps.deliveries.recordAttempt(delivery, { status: 'delivered', attempts, at, ...kept }, [
      sent('delivered', `HTTP ${result.status}`),
    ]);
    return {
      outcome: 'delivered',
      status: result.status,
      redriven: await redriveAfter(deps, delivery),
    };
  }
  const next = nextAttempt(
    failedAttemptsInRound(delivery) + 1,
    atMs,
    deps.random,
    deps.delivery.retryScheduleSeconds,
  );
  if (next.kind === 'give_up') {
    return giveUp(deps, delivery, { attempts, at, error: result.error }, [
      sent('failed', `${result.error}; no attempt left`),
    ]);
  }
  const queueHoldsIt =
    next.waitSeconds <= (deps.delivery.queueDelayMaxSeconds ?? QUEUE_DELAY_MAX_SECONDS);
  await deps.deliveries.recordAttempt(
    delivery,
    {
      status: 'pending',
      attempts,
      at,
      error: result.error,
      nextAttemptAt: next.at,
      retryVia: queueHoldsIt ? 'queue' : 'outbox',
      ...kept,
    },
    [sent('retrying', `${result.error}; next attempt at ${next.at}`)],
  );
  return queueHoldsIt
    ? {
        outcome: 'retry',
        retryAfterSeconds: next.waitSeconds,
        nextAttemptAt: next.at,
        error: result.error,
      }
    : { outcome: 'scheduled', nextAttemptAt: next.at, error: result.error };
}

/** The receiver answered: redrive what it missed. Best effort: the delivery itself is done. */
async function redriveAfter(deps: DeliverDeps, delivered: DeliveryRecord): Promise<number> {
  try {
    const { redriven } = await redriveParty(deps, delivered.partyId, delivered.id);
    return redriven.length;
  } catch (error) {
    deps.log.warn('Could not redrive the deliveries a recovered receiver missed', {
      partyId: delivered.partyId,
      error: error instanceof Error ? error.message : String(error),
    });
    return 0;
  }
}

/**
 * The recipient's webhook secrets to sign with: the sealed one opened for this party
 * (or — for a record written before secrets were sealed — the plaintext one: read-old,
 * the next registration seals it), then, during a rotation's overlap window, the
 * previous one. A secret that will not open (altered, moved from another party, key
 * unavailable) throws: the message stays queued and is retried, and the error never
 * carries the secret.
 */
async function webhookSecrets(deps: DeliverDeps, party: PartyRecord): Promise<string[]> {
  const webhook = party.webhook;
  if (webhook === undefined) return [];
  const current = webhook.sealedSecret
    ? await deps.secretBox.open(webhook.sealedSecret, party.id)
    : webhook.secret;
  const previous =
    webhook.previous && Date.parse(webhook.previous.validUntil) > deps.now().getTime()
      ? await deps.secretBox.open(webhook.previous.sealedSecret, party.id)
      : undefined;
  return [current, previous].filter((s): s is string => s !== undefined);
}

/**
 * Keeps the exact bytes about to be sent, as `sent` to the recipient (who may then read
 * them at `GET /v1/messages/{sha256}`), and returns their digest. An archive failure
 * throws: the SQS message stays and is retried, and nothing unkept is ever sent.
 */
async function keepSent(
  deps: DeliverDeps,
  delivery: DeliveryRecord,
  body: string,
): Promise<string | undefined> {
  if (deps.archive === undefined) return undefined;
  const bytes = new TextEncoder().encode(body);
  const sha256 = sha256Hex(bytes);
  await deps.archive.keep({
    sha256,
    bytes,
    mediaType: 'application/json',
    partyId: delivery.partyId,
    direction: 'sent',
    at: formatInstant(deps.now().getTime()),
  });
  return sha256;
}

type PostResult = { ok: true; status: number } | { ok: false; error: string };

async function post(
  deps: DeliverDeps,
  delivery: DeliveryRecord,
  url: string,
  secrets: readonly string[],
  body: string,
): Promise<PostResult> {
  const unixSeconds = Math.floor(deps.now().getTime() / 1000);
  try {
    const { status } = await deps.webhooks.post({
      url,
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signWebhookWithEach(secrets, unixSeconds, body),
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

/** The last attempt failed: mark failed (it stays in the inbox, redrivable) and escalate once. */
async function giveUp(
  deps: DeliverDeps,
  delivery: DeliveryRecord,
  final: { attempts: number; at: string; error: string },
  audit: AuditEvent[],
): Promise<DeliveryOutcome> {
  const escalations = await escalationsForFailure(deps, delivery, final.error, final.at);
  const first = await deps.deliveries.failDelivery(delivery, final, escalations, audit);
  if (!first) {
    // Another worker failed it first (SQS handed the same message over twice): it escalated.
    // This attempt was still made, so it is still recorded with its entry.
    await deps.deliveries.recordAttempt(delivery, { status: 'failed', ...final }, audit);
    return { outcome: 'failed', error: final.error, escalations: 0 };
  }
  deps.log.warn('Delivery failed after its last attempt; escalated to the NCC', {
    deliveryId: delivery.id,
    partyId: delivery.partyId,
    attempts: final.attempts,
    error: final.error,
  });
  await handOff(deps, escalations);
  return { outcome: 'failed', error: final.error, escalations: escalations.length };
}
