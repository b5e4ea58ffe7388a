/**
 * Redrives (issue #14 item 6): a delivery that failed, or waits hours for its next
 * attempt, is made due now and handed to SQS again — by an admin (one delivery, or
 * every one of a party), and automatically when a later delivery to the same party
 * succeeds (the receiver is evidently back).
 */
import { redriveAction } from '../../delivery/redrive.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { requireGatewayId } from '../../ids.js';
import type { DeliveryRecord } from '../../ports/records.js';
import { formatInstant } from '../../time.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { handOff } from '../dispatch.js';
import { type QueryParameters, QueryReader } from '../paging.js';

type RedriveDeps = Uses<'deliveries' | 'queue'>;

/** Undelivered deliveries read per page of a party redrive. */
const PAGE_SIZE = 100;
/** Pages per call: bounds one request; a caller (or the next success) continues. */
const MAX_PAGES = 10;

/** What a redrive did. */
export interface RedriveResult {
  /** Deliveries made due now (and handed to SQS unless SQS is down: then the relay does it). */
  redriven: string[];
  /** True when the bound stopped it with more undelivered deliveries left (call again). */
  more: boolean;
}

/**
 * Makes a party's undelivered deliveries due now, except `exclude` (the one that just
 * succeeded). Those held by SQS right now are left to it (their next attempt is at
 * most minutes away). Never-attempted ones are not among the undelivered (see
 * {@link redriveStranded}), so a recovered receiver's automatic redrive never replays a
 * pulled inbox.
 */
export async function redriveParty(
  deps: RedriveDeps,
  partyId: string,
  exclude?: string,
): Promise<RedriveResult> {
  const atMs = deps.now().getTime();
  const at = formatInstant(atMs);
  const redrivable = (d: DeliveryRecord) => {
    const action = redriveAction(d, atMs);
    return action === 'restart' || action === 'bring_forward';
  };
  const redriven: string[] = [];
  const seen = new Set<string>(exclude === undefined ? [] : [exclude]);
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const undelivered = await deps.deliveries.listUndelivered(partyId, PAGE_SIZE * (page + 1));
    const fresh = undelivered.filter((d) => !seen.has(d.id));
    for (const d of fresh) seen.add(d.id);
    const done = await deps.deliveries.redrive(fresh.filter(redrivable), at);
    await handOff(deps, done);
    redriven.push(...done.map((d) => d.id));
    if (undelivered.length < PAGE_SIZE * (page + 1)) return { redriven, more: false };
  }
  return { redriven, more: true };
}

/**
 * The deliveries built for a party while it had no webhook (`queued` at creation: it pulled
 * them from its inbox), or skipped by the worker as `no_webhook`: never attempted and long
 * past SQS's hands, no message will ever push them. Once the party has a webhook, an admin's
 * redrive of the party puts them back in the outbox to be pushed (newest first, bounded like
 * the undelivered ones: call again while `more`). Receivers deduplicate on the delivery id,
 * which is the one their inbox showed.
 */
export async function redriveStranded(deps: RedriveDeps, partyId: string): Promise<RedriveResult> {
  const atMs = deps.now().getTime();
  const at = formatInstant(atMs);
  const redriven: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const listed = await deps.deliveries.listDeliveries(partyId, {
      limit: PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    const stranded = listed.items.filter((d) => redriveAction(d, atMs) === 'push_stranded');
    const done = await deps.deliveries.redrive(stranded, at);
    await handOff(deps, done);
    redriven.push(...done.map((d) => d.id));
    cursor = listed.nextCursor;
    if (cursor === undefined) return { redriven, more: false };
  }
  return { redriven, more: true };
}

function redriveView(result: RedriveResult, partyId: string) {
  return {
    partyId,
    redriven: result.redriven.length,
    deliveryIds: result.redriven,
    ...(result.more ? { more: true } : {}),
  };
}

/** POST /v1/deliveries/redrive?party= — an admin redrives every undelivered delivery of a party. */
export async function redrivePartyDeliveries(
  deps: RedriveDeps & Uses<'parties'>,
  principal: Principal,
  query: QueryParameters,
) {
  requireRole(principal, 'admin');
  const reader = new QueryReader(query);
  const partyId = reader.requiredString('party');
  reader.done();
  const party = await deps.parties.getParty(partyId);
  if (!party) throw new NotFoundError(`Party ${partyId}`);
  const undelivered = await redriveParty(deps, partyId);
  // A party with a webhook now gets what was built for it while it pulled only.
  if (party.webhook === undefined) return redriveView(undelivered, partyId);
  const stranded = await redriveStranded(deps, partyId);
  return redriveView(
    {
      redriven: [...undelivered.redriven, ...stranded.redriven],
      more: undelivered.more || stranded.more,
    },
    partyId,
  );
}

/**
 * POST /v1/deliveries/{id}/retry — an admin retries one delivery now: a failed one
 * starts a new round of attempts, one waiting for a later retry is brought forward,
 * one SQS holds is left as it is (answered as is). A delivered one is a 409.
 */
export async function retryDelivery(deps: RedriveDeps, principal: Principal, deliveryId: string) {
  requireRole(principal, 'admin');
  requireGatewayId('dlv', deliveryId);
  const delivery = await deps.deliveries.getDelivery(deliveryId);
  if (!delivery) throw new NotFoundError(`Delivery ${deliveryId}`);
  if (delivery.status === 'delivered') {
    throw new ConflictError(
      'delivery_already_delivered',
      delivery.deliveredAt === undefined
        ? 'This delivery was already delivered; there is nothing to retry.'
        : `Delivery ${deliveryId} was delivered at ${delivery.deliveredAt}; there is nothing to retry.`,
    );
  }
  const at = formatInstant(deps.now().getTime());
  const [done] = await deps.deliveries.redrive([delivery], at);
  if (done) await handOff(deps, [done]);
  const current: DeliveryRecord = done ?? delivery;
  return {
    deliveryId,
    partyId: current.partyId,
    status: current.status,
    attempts: current.attempts,
    retried: done !== undefined,
    ...(current.nextAttemptAt ? { nextAttemptAt: current.nextAttemptAt } : {}),
    ...(current.lastError ? { lastError: current.lastError } : {}),
  };
}
