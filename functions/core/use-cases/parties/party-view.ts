import type { PartyRecord } from '../../ports/records.js';

/** A party as the API shows it: the webhook secret is replaced by whether one is set. */
export function partyView(party: PartyRecord) {
  const { webhook, authFailures: _internal, ...rest } = party;
  return { ...rest, ...(webhook ? { webhook: { url: webhook.url, secretSet: true } } : {}) };
}
