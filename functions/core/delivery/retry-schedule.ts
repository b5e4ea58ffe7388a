/**
 * When a failed webhook delivery is tried again (docs/contract.md §5: "retried with backoff, then
 * dead-lettered and escalated"; issue #14 item 6: a schedule that outlasts a real
 * outage). One pure function of the number of failed attempts and a random source.
 *
 * The nominal waits span about 44.6 h; each actual wait is drawn from
 * [¾·nominal, 1¼·nominal) ("bounded jitter"), so retries of deliveries that failed
 * together (one recipient's outage) spread out instead of arriving in waves, no wait
 * is ever below half its nominal value, and even the shortest draw of every wait adds
 * up to more than 24 h (33.4 h).
 */

import { formatInstant } from '../time.js';

/** Nominal wait after the 1st, 2nd, … failed attempt, in seconds: 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h. */
export const RETRY_SCHEDULE_SECONDS: readonly number[] = [
  10, 60, 300, 1_800, 7_200, 21_600, 43_200, 86_400,
];

/** How far a wait may stray from its nominal value, as a fraction of it (±25 %). */
export const RETRY_JITTER = 0.25;

/** The longest wait SQS can hold a message back (visibility/delay for our purpose: 15 min). */
export const QUEUE_DELAY_MAX_SECONDS = 900;

/** What follows a failed attempt. */
export type NextAttempt =
  /** Try again at `at` (an ISO instant), `waitSeconds` from the failure. */
  | { kind: 'retry'; waitSeconds: number; at: string }
  /** The schedule is exhausted: the delivery fails (and is escalated). */
  | { kind: 'give_up' };

/**
 * The wait after failed attempt number `failed` (1-based, counted since the delivery
 * was created or last redriven), or undefined once the schedule is exhausted.
 *
 * @param random a source of [0, 1) (`Math.random` in production; injected in tests);
 *   omitted means the nominal wait exactly.
 * @returns whole seconds (an SQS visibility timeout is whole seconds), at least 1
 */
export function retryWaitSeconds(
  failed: number,
  random?: () => number,
  schedule: readonly number[] = RETRY_SCHEDULE_SECONDS,
): number | undefined {
  const index = Math.max(1, Math.floor(failed)) - 1;
  const nominal = schedule[index];
  if (nominal === undefined) return undefined;
  if (!random) return Math.max(1, nominal);
  // Clamped, so a source that returns 1 (or garbage) cannot leave the band.
  const r = Math.min(Math.max(random(), 0), 1);
  const factor = 1 - RETRY_JITTER + 2 * RETRY_JITTER * r;
  return Math.max(1, Math.ceil(nominal * factor - 1e-9));
}

/**
 * The next attempt after failed attempt `failed`, which ended at `failedAtMs`: when, or
 * that the delivery is given up.
 */
export function nextAttempt(
  failed: number,
  failedAtMs: number,
  random?: () => number,
  schedule: readonly number[] = RETRY_SCHEDULE_SECONDS,
): NextAttempt {
  const waitSeconds = retryWaitSeconds(failed, random, schedule);
  if (waitSeconds === undefined) return { kind: 'give_up' };
  return {
    kind: 'retry',
    waitSeconds,
    at: formatInstant(failedAtMs + waitSeconds * 1000),
  };
}

/** Attempts a delivery gets before it fails, in one round: the first one plus one per wait. */
export function attemptsPerRound(schedule: readonly number[] = RETRY_SCHEDULE_SECONDS): number {
  return schedule.length + 1;
}
