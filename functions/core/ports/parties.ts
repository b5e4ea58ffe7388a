/** The party registry: who may call, in which role, and where their webhook is. */
import type { AuditEvent } from '../audit/audit-entry.js';
import type { PartyRecord } from './records.js';

export interface PartyStore {
  getParty(id: string): Promise<PartyRecord | undefined>;
  /**
   * The party a token's client id acts as (every authenticated request reads it), without
   * its webhook secret: the copy kept for this lookup never holds one ({@link withoutWebhookSecret}).
   */
  findPartyByClientId(clientId: string): Promise<PartyRecord | undefined>;
  /**
   * Creates or replaces a party and its client-id mapping; ConflictError when the client id is
   * another party's. With `expected`, only if the stored party is still the one read (its
   * `updatedAt`), else StaleWriteError and nothing written: a caller that changes one part of
   * a record it read (a party's own contact report) cannot put back what another write changed.
   * `audit` entries are appended to their parties' chains in the same transaction (п.90-1(7)).
   */
  putParty(
    party: PartyRecord,
    expected?: { updatedAt: string },
    audit?: readonly AuditEvent[],
  ): Promise<void>;
  /** Every party, ordered by id. */
  listParties(): Promise<PartyRecord[]>;
}

/**
 * A party as its client-id copy holds it: the webhook's URL but no secret, sealed or
 * not (issue #12 item 4: the secret is stored once, in the party itself, and only the
 * delivery worker opens it).
 */
export function withoutWebhookSecret(party: PartyRecord): PartyRecord {
  return party.webhook === undefined ? party : { ...party, webhook: { url: party.webhook.url } };
}
