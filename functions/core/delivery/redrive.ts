/**
 * Redriving a delivery (issue #14 item 6): making it due now, in the outbox, so the
 * sweep's relay (or the caller's own hand-off) gives it to SQS again. Both stores
 * write what this computes, conditioned on the delivery being as read.
 */
import type { DeliveryRecord } from '../ports/records.js';
import { instantOf } from '../time.js';

/**
 * How long after its creation a delivery still unattempted and marked handed to SQS can be
 * in SQS's hands (the worker takes it within seconds; a failed attempt counts). Older, it is
 * stranded: built `queued` for a party without a webhook (pull-only, nothing to push), or
 * skipped by the worker as `no_webhook` — it is never pushed unless it is redriven.
 */
export const STRANDED_AFTER_MS = 15 * 60_000;

/** What a redrive does to a delivery in this state. */
export type RedriveAction =
  /** Failed (a dead letter): a new round of attempts starts. */
  | 'restart'
  /** Waiting in the outbox for a later retry: brought forward. */
  | 'bring_forward'
  /**
   * Never attempted and long past SQS's hands (see {@link STRANDED_AFTER_MS}): made due and
   * put back in the outbox, so a party that registered a webhook since gets it pushed.
   */
  | 'push_stranded'
  /** Delivered, or held by SQS right now (its next attempt is at most minutes away): nothing. */
  | 'none';

export function redriveAction(delivery: DeliveryRecord, atMs: number): RedriveAction {
  if (delivery.status === 'failed') return 'restart';
  if (delivery.status === 'pending' && !delivery.queued) return 'bring_forward';
  if (
    delivery.status === 'pending' &&
    delivery.attempts === 0 &&
    delivery.nextAttemptAt === undefined &&
    instantOf(delivery.createdAt) + STRANDED_AFTER_MS < atMs
  )
    return 'push_stranded';
  return 'none';
}

/** The delivery as redriven at `at`, or undefined when there is nothing to do. */
export function redriven(delivery: DeliveryRecord, at: string): DeliveryRecord | undefined {
  switch (redriveAction(delivery, instantOf(at))) {
    case 'restart':
      return {
        ...delivery,
        status: 'pending',
        queued: false,
        nextAttemptAt: at,
        redrivenAt: at,
        attemptsBeforeRedrive: delivery.attempts,
      };
    case 'bring_forward':
      return { ...delivery, nextAttemptAt: at };
    case 'push_stranded':
      return {
        ...delivery,
        queued: false,
        nextAttemptAt: at,
        redrivenAt: at,
        attemptsBeforeRedrive: 0,
      };
    case 'none':
      return undefined;
  }
}

/** Failed attempts in the current round (since creation or the last redrive). */
export function failedAttemptsInRound(delivery: DeliveryRecord): number {
  return delivery.attempts - (delivery.attemptsBeforeRedrive ?? 0);
}
