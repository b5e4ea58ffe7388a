import type { PartyRecord } from '../../ports/records.js';
import { formatInstant, instantOf } from '../../time.js';

/**
 * The `updatedAt` of a party's next version: now, but always after the version it replaces,
 * so it changes with every write even within one millisecond — it is what a write
 * conditioned on the party as read (`putParty(party, {updatedAt})`) compares.
 */
export function nextUpdatedAt(previous: PartyRecord | undefined, nowMs: number): string {
  const after = previous === undefined ? nowMs : instantOf(previous.updatedAt) + 1;
  return formatInstant(Math.max(nowMs, after));
}

/** A party as the API shows it: the webhook secret is replaced by whether one is set. */
export function partyView(party: PartyRecord) {
  const { webhook, authFailures: _internal, ...rest } = party;
  return { ...rest, ...(webhook ? { webhook: { url: webhook.url, secretSet: true } } : {}) };
}
