/**
 * Redriving a delivery (issue #14 item 6): making it due now, in the outbox, so the
 * sweep's relay (or the caller's own hand-off) gives it to SQS again. Both stores
 * write what this computes, conditioned on the delivery being as read.
 */
import type { DeliveryRecord } from '../ports/records.js';

/** What a redrive does to a delivery in this state. */
export type RedriveAction =
  /** Failed (a dead letter): a new round of attempts starts. */
  | 'restart'
  /** Waiting in the outbox for a later retry: brought forward. */
  | 'bring_forward'
  /** Delivered, or held by SQS right now (its next attempt is at most minutes away): nothing. */
  | 'none';

export function redriveAction(delivery: DeliveryRecord): RedriveAction {
  if (delivery.status === 'failed') return 'restart';
  if (delivery.status === 'pending' && !delivery.queued) return 'bring_forward';
  return 'none';
}

/** The delivery as redriven at `at`, or undefined when there is nothing to do. */
export function redriven(delivery: DeliveryRecord, at: string): DeliveryRecord | undefined {
  switch (redriveAction(delivery)) {
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
    case 'none':
      return undefined;
  }
}

/** Failed attempts in the current round (since creation or the last redrive). */
export function failedAttemptsInRound(delivery: DeliveryRecord): number {
  return delivery.attempts - (delivery.attemptsBeforeRedrive ?? 0);
}
