/**
 * Fan-out (docs/contract.md §5): deliveries are written in the same transaction as the message
 * that caused them (the outbox), then handed to SQS right away. If SQS is down the
 * hand-off fails quietly here and the outbox relay hands them over later, so an
 * accepted message is always fanned out.
 */
import type { DeliveryRecord, PartyRecord, WebhookEvent } from '../ports/records.js';
import { formatInstant } from '../time.js';
import type { GatewayDeps, Uses } from './context.js';

export interface DeliveryDraft {
  partyId: string;
  event: WebhookEvent;
  subjectId: string;
  payload: unknown;
  ackSatisfies?: string;
}

/**
 * Builds pending delivery records (one per recipient). Given the registry the caller read,
 * a delivery to a party without a webhook is built as already handed over (`queued`): it
 * waits in the party's inbox (`GET /v1/deliveries`), and a trip through SQS would only have
 * the worker read it to skip it (`no_webhook`) — the state it ends in anyway.
 */
export function deliveriesFor(
  deps: Pick<GatewayDeps, 'newId'>,
  drafts: DeliveryDraft[],
  createdAt: string,
  registry?: readonly PartyRecord[],
): DeliveryRecord[] {
  const pullOnly = new Set(registry?.filter((p) => p.webhook === undefined).map((p) => p.id));
  return drafts.map((draft) => ({
    id: deps.newId('dlv'),
    ...draft,
    createdAt,
    status: 'pending',
    attempts: 0,
    queued: pullOnly.has(draft.partyId),
  }));
}

/** Hands written deliveries to SQS; on failure they stay in the outbox for the relay. */
export async function handOff(
  deps: Uses<'queue' | 'deliveries'>,
  deliveries: readonly DeliveryRecord[],
): Promise<boolean> {
  // Built as handed over (a recipient with nothing to push to): no trip through SQS.
  const ids = deliveries.filter((d) => !d.queued).map((d) => d.id);
  if (ids.length === 0) return true;
  try {
    await deps.queue.enqueue(ids);
    await deps.deliveries.markQueued(ids, formatInstant(deps.now().getTime()));
    return true;
  } catch (error) {
    deps.log.warn('Hand-off to the delivery queue failed; the outbox relay will retry', {
      deliveryIds: ids,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}
