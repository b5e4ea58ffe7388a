/**
 * Transaction items shared by the in-memory aggregates: claims, guarded obligation
 * changes, new records. Each item is named, so a cancelled transaction says which
 * condition failed (the same names as the DynamoDB adapter's).
 */
import type { Obligation } from '../../core/clocks/obligations.js';
import type { IdempotencyClaim } from '../../core/ports/idempotency.js';
import type { ObligationChange } from '../../core/ports/obligations.js';
import type { DeliveryRecord, IdempotencyRecord } from '../../core/ports/records.js';
import { ClaimTakenError } from '../../core/ports/write-conflicts.js';
import type { MemoryDb, MemoryTxItem, MemoryTxOutcome, TableName } from './memory-db.js';

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
  return putNew(`delivery:${delivery.id}`, 'deliveries', delivery.id, delivery);
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
    name: `obligation:${next.id}`,
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
    name: `incident-of-obligation:${id}`,
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
  return {
    name: 'claim:idempotency',
    table: 'idempotency',
    key: idempotencyKey(claim.partyId, claim.key),
    condition: (current) =>
      current === undefined || (current as IdempotencyRecord).expiresAtEpochSeconds <= nowSeconds,
    write: () => claim,
  };
}

export function putSocReferenceClaim(
  socId: string,
  socReference: string,
  claim: StoredClaim,
): MemoryTxItem {
  return putNew('claim:socReference', 'socReferences', socReferenceKey(socId, socReference), claim);
}

/**
 * After a cancelled transaction: throws {@link ClaimTakenError} with what the earlier
 * request stored when a claim failed (the idempotency key first).
 */
export function throwTakenClaim(
  db: MemoryDb,
  outcome: MemoryTxOutcome,
  claims: {
    idempotency?: IdempotencyClaim;
    socReference?: { socId: string; socReference: string };
  },
): void {
  if (outcome.committed) return;
  if (claims.idempotency !== undefined && outcome.failed.has('claim:idempotency')) {
    const record = db.get<IdempotencyRecord>(
      'idempotency',
      idempotencyKey(claims.idempotency.partyId, claims.idempotency.key),
    );
    if (record !== undefined) {
      throw new ClaimTakenError('idempotencyKey', {
        requestSha256: record.requestSha256,
        receipt: structuredClone(record.receipt),
        statusCode: record.statusCode,
        subjectId: record.receipt.id,
      });
    }
  }
  if (claims.socReference !== undefined && outcome.failed.has('claim:socReference')) {
    const claim = db.get<StoredClaim>(
      'socReferences',
      socReferenceKey(claims.socReference.socId, claims.socReference.socReference),
    );
    if (claim !== undefined) throw new ClaimTakenError('socReference', structuredClone(claim));
  }
}
