/**
 * Stands in for the EventBridge Scheduler rules on this machine (docs/contract.md §7): runs the
 * sweep every `SWEEP_INTERVAL_SECONDS`, and the daily audit job every hour. Runs are
 * sequential, so a slow run delays the next one instead of overlapping it (overlap would
 * be safe, only wasteful).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../handlers/logger.js';

export interface SweepTickerOptions {
  /** One sweep, e.g. the sweep handler. */
  run: () => Promise<unknown>;
  intervalSeconds: number;
  logger: Logger;
  /** What runs, for the log line of a failed run (default "Sweep"). */
  what?: string;
}

export interface SweepTicker {
  /** Stops ticking and resolves once a sweep in progress, if any, has finished. */
  stop(): Promise<void>;
}

/** Starts ticking at once: the first sweep runs immediately. */
export function startSweepTicker({
  run,
  intervalSeconds,
  logger,
  what = 'Sweep',
}: SweepTickerOptions): SweepTicker {
  const abort = new AbortController();

  async function loop(): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        await run();
      } catch (error) {
        // Already logged by the handler; the next tick tries again.
        logger.warn(`${what} failed; retrying at the next tick`, {
          error: error instanceof Error ? error.message : String(error),
        });
      }
      try {
        await sleep(intervalSeconds * 1000, undefined, { signal: abort.signal });
      } catch {
        // Aborted by stop(): the loop condition ends the loop.
      }
    }
  }

  const running = loop();
  return {
    async stop() {
      abort.abort();
      await running;
    },
  };
}
