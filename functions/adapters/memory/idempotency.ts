/** Idempotency records in memory: a record past its expiry no longer counts. */
import type { IdempotencyStore } from '../../core/ports/idempotency.js';
import type { IdempotencyRecord } from '../../core/ports/records.js';
import { idempotencyKey } from './items.js';
import type { MemoryDb } from './memory-db.js';

export function createMemoryIdempotencyStore(db: MemoryDb): IdempotencyStore {
  return {
    getIdempotency: (partyId, key) =>
      db.run(() => {
        const record = db.get<IdempotencyRecord>('idempotency', idempotencyKey(partyId, key));
        const nowSeconds = Math.floor(db.now().getTime() / 1000);
        return record !== undefined && record.expiresAtEpochSeconds > nowSeconds
          ? record
          : undefined;
      }),
  };
}
