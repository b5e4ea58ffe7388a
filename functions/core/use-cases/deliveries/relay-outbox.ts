import { formatInstant } from '../../time.js';
import type { Uses } from '../context.js';
import { handOff } from '../dispatch.js';

export interface RelayDeps extends Uses<'deliveries' | 'queue'> {
  /**
   * How long a written delivery is left to its own hand-off before the relay takes
   * it over; keeps the relay from racing the request that is enqueuing it right now.
   */
  outboxGraceSeconds: number;
}

/** Deliveries read per page. */
const RELAY_PAGE_SIZE = 100;
/** Pages per run, so one run stays bounded even if marking queued silently lags. */
const RELAY_MAX_PAGES = 50;

/**
 * Hands over deliveries that were written but never reached SQS (docs/contract.md §5: "a message
 * accepted with 2xx is always fanned out, even if SQS was down when it arrived").
 * Stops at the first failed hand-off (SQS still down); the next run picks up the rest.
 * Two relays running at once may enqueue a delivery twice; the worker skips a
 * delivery that is already delivered, and recipients deduplicate on its id.
 *
 * @returns how many deliveries were handed over
 */
export async function relayOutbox(deps: RelayDeps, nowMs: number): Promise<number> {
  const until = formatInstant(nowMs - deps.outboxGraceSeconds * 1000);
  let relayed = 0;
  for (let page = 0; page < RELAY_MAX_PAGES; page += 1) {
    const waiting = await deps.deliveries.listUnqueued(until, RELAY_PAGE_SIZE);
    if (waiting.length === 0) break;
    if (!(await handOff(deps, waiting))) break;
    relayed += waiting.length;
    if (waiting.length < RELAY_PAGE_SIZE) break;
  }
  return relayed;
}
