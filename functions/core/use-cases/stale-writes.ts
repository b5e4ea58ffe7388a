/**
 * Requests that change obligations race the sweep: an ack that read `open` must not
 * overwrite the `missed` the sweep wrote a moment later (the miss was escalated, and
 * the compliance report would count the obligation on time). The store therefore
 * writes each changed obligation only if it is still in the state read, and otherwise
 * fails with StaleWriteError; the use case then reads again and recomputes, which turns
 * the same message into `satisfied_late` with the miss kept on record.
 */
import type { Obligation } from '../clocks/obligations.js';
import type { GatewayError } from '../errors.js';
import { METRIC, type Metrics } from '../ports/metrics.js';
import type { ObligationChange } from '../ports/obligations.js';
import { ClaimTakenError, StaleWriteError } from '../ports/write-conflicts.js';
import { withRetries } from '../retry.js';

/**
 * The one replay/stale-write guard of the write use cases (revise, close, both acks, the
 * notice response). Runs `attempt` (read, compute, write):
 *
 * - a write that lost a claim race (ClaimTakenError: the same Idempotency-Key or
 *   socReference landed first) is answered by `replayed` — the original receipt, or a 409
 *   naming what differs; without `replayed` the error is the caller's;
 * - a write that found its records moved on (StaleWriteError) is read, computed and
 *   written again, on the one retry policy (bounded, jittered; `core/retry.ts`). One that
 *   keeps losing is a 409 — the StaleWriteError itself (`concurrent_change`, naming the
 *   items, with Retry-After), or what `exhausted` makes of it — never a 500.
 */
export function retryStaleWrites<T>(
  attempt: () => Promise<T>,
  options: {
    replayed?: (taken: ClaimTakenError) => Promise<T>;
    exhausted?: (error: StaleWriteError) => GatewayError;
  } = {},
): Promise<T> {
  const { replayed, exhausted } = options;
  return withRetries(
    async () => {
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof ClaimTakenError && replayed !== undefined) return replayed(error);
        throw error;
      }
    },
    {
      verdict: (error) => (error instanceof StaleWriteError ? 'retry' : 'fail'),
      exhausted: (error) =>
        error instanceof StaleWriteError && exhausted !== undefined ? exhausted(error) : error,
    },
  );
}

/** Pairs each changed obligation with the state it was read in (absent: it opens now). */
export function changesFrom(
  read: readonly Obligation[],
  changed: readonly Obligation[],
): ObligationChange[] {
  return changed.map((next) => {
    const before = read.find((o) => o.id === next.id);
    return before === undefined ? { next } : { next, expectedState: before.state };
  });
}

/** Counts the obligations a committed write satisfied late (not those already late before). */
export function countLateSatisfactions(
  metrics: Metrics | undefined,
  changes: readonly ObligationChange[],
): void {
  for (const { next, expectedState } of changes) {
    if (next.state === 'satisfied_late' && expectedState !== 'satisfied_late') {
      metrics?.count(METRIC.satisfiedLate, { obligation: next.kind });
    }
  }
}
