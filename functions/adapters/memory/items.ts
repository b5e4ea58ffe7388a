/**
 * Transaction items shared by the in-memory aggregates: claims, guarded obligation
 * changes, new records. Each item is named and has a role, the same as the DynamoDB
 * adapter's (`adapters/transactions.ts`), so a cancelled transaction says which condition
 * failed and means the same on both stores.
 */
import type { Obligation } from '../../core/clocks/obligations.js';
import type { IdempotencyClaim } from '../../core/ports/idempotency.js';
import type { ObligationChange } from '../../core/ports/obligations.js';
import type { DeliveryRecord, IdempotencyRecord } from '../../core/ports/records.js';
import { ClaimTakenError } from '../../core/ports/write-conflicts.js';
import { ITEM, type Transact, type WriteResult, writeNamed } from '../transactions.js';
import { type MemoryDb, MemoryStoreError, type MemoryTxItem, type TableName } from './memory-db.js';

/** What a (SOC, socReference) claim stores. */
export type StoredClaim = ClaimTakenError['existing'];

export const obligationKey = (o: Pick<Obligation, 'subjectId' | 'id'>) => `${o.subjectId}#${o.id}`;
export const idempotencyKey = (partyId: string, key: string) => `${partyId}#${key}`;
export const socReferenceKey = (socId: string, socReference: string) => `${socId}#${socReference}`;

const absent = (current: unknown) => current === undefined;

/** Puts a record that must not exist yet. */
export function putNew(name: string, table: TableName, key: string, value: unknown): MemoryTxItem {
  return { name, table, key, condition: absent, write: () => value };
}

/** Puts a record whatever is there. */
export function put(name: string, table: TableName, key: string, value: unknown): MemoryTxItem {
  return { name, table, key, write: () => value };
}

export function putDelivery(delivery: DeliveryRecord): MemoryTxItem {
  return putNew(ITEM.delivery(delivery), 'deliveries', delivery.id, delivery);
}

/** Runs `build`'s items as one transaction through the shared claim-and-retry helper. */
export function writeItems(
  db: MemoryDb,
  subject: string,
  build: () => MemoryTxItem[],
): Promise<WriteResult> {
  const transact: Transact<MemoryTxItem> = async (items) => db.transact(items);
  return writeNamed(transact, build, {
    subject,
    fault: (message) => new MemoryStoreError(message),
  });
}

/** The obligations the incident clocks belong to (as opposed to a notice's). */
const INCIDENT_KINDS = new Set([
  'notify_ncc',
  'notify_owner',
  'card',
  'severity_review',
  'elimination',
]);

export function isIncidentObligation(obligation: Obligation): boolean {
  return INCIDENT_KINDS.has(obligation.kind);
}

/**
 * An obligation in its new state, only if the stored one is still in the state read
 * (or, for one the write opens, only if there is none).
 */
export function putObligationChange(change: ObligationChange): MemoryTxItem {
  const { next, expectedState } = change;
  return {
    name: ITEM.obligation(next),
    role: { kind: 'guard' },
    table: 'obligations',
    key: obligationKey(next),
    condition: (current) =>
      expectedState === undefined
        ? current === undefined
        : (current as Obligation | undefined)?.state === expectedState,
    write: () => next,
  };
}

/** A check that each incident whose obligations change exists (an obligation never creates one). */
export function incidentChecks(obligations: readonly Obligation[]): MemoryTxItem[] {
  const ids = [...new Set(obligations.filter(isIncidentObligation).map((o) => o.subjectId))];
  return ids.map((id) => ({
    name: ITEM.incidentOf(id),
    table: 'incidents' as const,
    key: id,
    condition: (current: unknown) => current !== undefined,
  }));
}

/** The guarded changes and their incident checks (acks and notice responses). */
export function obligationWrites(changes: readonly ObligationChange[]): MemoryTxItem[] {
  return [...changes.map(putObligationChange), ...incidentChecks(changes.map((c) => c.next))];
}

/** The idempotency record: new, or replacing one past its expiry. */
export function putIdempotencyClaim(db: MemoryDb, claim: IdempotencyClaim): MemoryTxItem {
  const nowSeconds = Math.floor(db.now().getTime() / 1000);
  const key = idempotencyKey(claim.partyId, claim.key);
  const taken = async () => {
    const record = db.get<IdempotencyRecord>('idempotency', key);
    return record === undefined
      ? undefined
      : new ClaimTakenError('idempotencyKey', {
          requestSha256: record.requestSha256,
          receipt: structuredClone(record.receipt),
          statusCode: record.statusCode,
          subjectId: record.receipt.id,
          ...(record.request === undefined ? {} : { request: structuredClone(record.request) }),
        });
  };
  return {
    name: ITEM.idempotency,
    role: { kind: 'claim', taken },
    table: 'idempotency',
    key,
    condition: (current) =>
      current === undefined || (current as IdempotencyRecord).expiresAtEpochSeconds <= nowSeconds,
    write: () => claim,
  };
}

/** The (SOC, socReference) claim of a new incident; fails if the pair was ever used. */
export function putSocReferenceClaim(
  db: MemoryDb,
  socId: string,
  socReference: string,
  claim: StoredClaim,
): MemoryTxItem {
  const key = socReferenceKey(socId, socReference);
  const taken = async () => {
    const stored = db.get<StoredClaim>('socReferences', key);
    return stored === undefined
      ? undefined
      : new ClaimTakenError('socReference', structuredClone(stored));
  };
  return {
    ...putNew(ITEM.socReference, 'socReferences', key, claim),
    role: { kind: 'claim', taken },
  };
}
