/**
 * Requests that change obligations race the sweep: an ack that read `open` must not
 * overwrite the `missed` the sweep wrote a moment later (the miss was escalated, and
 * the compliance report would count the obligation on time). The store therefore
 * writes each changed obligation only if it is still in the state read, and otherwise
 * fails with StaleWriteError; the use case then reads again and recomputes, which turns
 * the same message into `satisfied_late` with the miss kept on record.
 */
import type { Obligation } from '../clocks/obligations.js';
import { METRIC, type Metrics } from '../ports/metrics.js';
import type { ObligationChange } from '../ports/obligations.js';
import { StaleWriteError } from '../ports/write-conflicts.js';

/**
 * Attempts of one request: an obligation moves at most open → missed → satisfied, so a
 * request loses the race at most twice to the sweep; the rest is headroom for other requests.
 */
export const STALE_WRITE_ATTEMPTS = 4;

/**
 * Runs `attempt` (read, compute, write) again while its write fails with
 * StaleWriteError, up to `attempts` times; then the StaleWriteError is the caller's.
 */
export async function retryStaleWrites<T>(
  attempt: () => Promise<T>,
  attempts = STALE_WRITE_ATTEMPTS,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StaleWriteError) || n >= attempts) throw error;
    }
  }
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
