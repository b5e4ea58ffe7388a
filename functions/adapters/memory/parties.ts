/** The party registry in memory: a party and its client-id mapping change together. */
import { ConflictError } from '../../core/errors.js';
import { type PartyStore, withoutWebhookSecret } from '../../core/ports/parties.js';
import type { PartyRecord } from '../../core/ports/records.js';
import { StaleWriteError } from '../../core/ports/write-conflicts.js';
import { auditAppendItems } from './audit-trail.js';
import type { MemoryDb, MemoryTxItem } from './memory-db.js';

export function createMemoryPartyStore(db: MemoryDb): PartyStore {
  return {
    getParty: (id) => db.run(() => db.get<PartyRecord>('parties', id)),
    findPartyByClientId: (clientId) =>
      db.run(() => {
        const id = db.get<string>('clients', clientId);
        const party = id === undefined ? undefined : db.get<PartyRecord>('parties', id);
        return party === undefined ? undefined : withoutWebhookSecret(party);
      }),
    putParty: (party, expected, audit = []) =>
      db.run(() => {
        const previous = db.get<PartyRecord>('parties', party.id);
        const items: MemoryTxItem[] = [
          {
            name: 'party',
            table: 'parties',
            key: party.id,
            ...(expected === undefined
              ? {}
              : {
                  condition: (current: unknown) =>
                    (current as PartyRecord | undefined)?.updatedAt === expected.updatedAt,
                }),
            write: () => party,
          },
          {
            name: 'client',
            table: 'clients',
            key: party.clientId,
            condition: (current) => current === undefined || current === party.id,
            write: () => party.id,
          },
        ];
        if (previous !== undefined && previous.clientId !== party.clientId) {
          items.push({
            name: 'old-client',
            table: 'clients',
            key: previous.clientId,
            write: () => null,
          });
        }
        items.push(...auditAppendItems(db, audit).items);
        const outcome = db.transact(items);
        if (!outcome.committed && outcome.failed.has('party'))
          throw new StaleWriteError(`Party ${party.id}`);
        if (!outcome.committed) {
          throw new ConflictError(
            'client_id_taken',
            `Client id ${party.clientId} already belongs to another party.`,
          );
        }
      }),
    listParties: () =>
      db.run(() =>
        db.values<PartyRecord>('parties').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      ),
  };
}
