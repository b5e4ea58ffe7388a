/**
 * Retry delays for webhook deliveries (SPEC §5: "retried with exponential backoff").
 * Whole seconds, because the delay becomes an SQS visibility timeout.
 */

export interface BackoffPolicy {
  /** Delay before the second attempt, in seconds. */
  baseSeconds: number;
  /** Upper bound of any delay, in seconds. */
  maxSeconds: number;
}

/**
 * Seconds to wait after failed attempt `attempt` (1-based): `base · 2^(attempt−1)`,
 * capped at `maxSeconds`.
 *
 * With `random` (a source of [0, 1), e.g. `Math.random`), applies "full jitter": a
 * uniform whole number of seconds in [0, delay], which spreads the retries of many
 * deliveries that failed together (a recipient outage) instead of retrying in waves.
 */
export function backoffSeconds(
  attempt: number,
  policy: BackoffPolicy,
  random?: () => number,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2 ** exponent overflows to Infinity for huge attempts; the cap absorbs it.
  const delay = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** exponent);
  const capped = Math.max(0, Math.floor(delay));
  if (!random) return capped;
  return Math.min(capped, Math.floor(random() * (capped + 1)));
}
