/** The party registry: who may call, in which role, and where their webhook is. */
import type { PartyRecord } from './records.js';

export interface PartyStore {
  getParty(id: string): Promise<PartyRecord | undefined>;
  /** The party a token's client id acts as (every authenticated request reads it). */
  findPartyByClientId(clientId: string): Promise<PartyRecord | undefined>;
  /** Creates or replaces a party and its client-id mapping; ConflictError when the client id is another party's. */
  putParty(party: PartyRecord): Promise<void>;
  /** Every party, ordered by id. */
  listParties(): Promise<PartyRecord[]>;
}
