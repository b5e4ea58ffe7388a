/**
 * The one retry policy of the write path: every in-request retry (a transaction another
 * one holds, a claim that vanished between the failed write and its read, a stale write
 * re-read and recomputed, a batch read DynamoDB left unprocessed) is bounded by the same
 * number of attempts and spaced by the same jittered, capped exponential pause. Webhook
 * deliveries are retried across invocations instead (`delivery/backoff.ts`).
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first pause, in milliseconds; it doubles per attempt. */
  baseMs: number;
  /** No pause is longer than this. */
  capMs: number;
}

/**
 * Eight attempts cover the worst race a request can lose: an obligation moves at most
 * open → missed → satisfied (two losses to the sweep), and concurrent revisions of one
 * incident each land as the next version; the rest is headroom. The pauses add up to
 * about a second at most, well inside a request's time.
 */
export const RETRY_POLICY: RetryPolicy = { attempts: 8, baseMs: 10, capMs: 250 };

/**
 * The pause after failed attempt `attempt` (1-based): "equal jitter", at least half the
 * exponential step, so concurrent retries spread out but never spin.
 */
export function retryPauseMs(
  attempt: number,
  policy: RetryPolicy = RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return step / 2 + random() * (step / 2);
}

/** Waits the pause after failed attempt `attempt`. */
export function pauseBeforeRetry(attempt: number, policy: RetryPolicy = RETRY_POLICY) {
  return new Promise<void>((resolve) => setTimeout(resolve, retryPauseMs(attempt, policy)));
}

/** What {@link withRetries} asks of a failure. */
export type RetryVerdict = 'retry' | 'fail';

/**
 * Runs `attempt` until it succeeds, `verdict` says a failure is final, or the policy's
 * attempts are spent; then the last failure is thrown (through `exhausted` when given,
 * for the failures that were retried).
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  options: {
    verdict: (error: unknown) => RetryVerdict;
    exhausted?: (error: unknown) => unknown;
    policy?: RetryPolicy;
  },
): Promise<T> {
  const policy = options.policy ?? RETRY_POLICY;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (options.verdict(error) === 'fail') throw error;
      if (n >= policy.attempts) throw options.exhausted ? options.exhausted(error) : error;
      await pauseBeforeRetry(n, policy);
    }
  }
}
