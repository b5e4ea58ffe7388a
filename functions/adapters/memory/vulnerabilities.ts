/** Vulnerabilities in memory: each write is one transaction of named items, as on DynamoDB. */
import type { Obligation } from '../../core/clocks/obligations.js';
import type { VulnerabilityRecord, VulnerabilityVersionRecord } from '../../core/ports/records.js';
import type {
  NewVulnerabilityWrite,
  VulnerabilityFilter,
  VulnerabilityStore,
  VulnerabilityUpdateWrite,
} from '../../core/ports/vulnerabilities.js';
import { ClaimTakenError } from '../../core/ports/write-conflicts.js';
import { ITEM } from '../transactions.js';
import { auditAppendItems } from './audit-trail.js';
import {
  obligationKey,
  put,
  putDelivery,
  putIdempotencyClaim,
  putNew,
  putObligationChange,
  type StoredClaim,
  writeItems,
} from './items.js';
import type { MemoryDb, MemoryTxItem } from './memory-db.js';
import { pageOf, sortable } from './paging.js';

const versionKey = (id: string, version: number) => `${id}#${String(version).padStart(9, '0')}`;
const referenceKey = (reporterId: string, reference: string) => `${reporterId}#${reference}`;

/** The (reporter, reference) claim of a new vulnerability; fails if the pair was ever used. */
function putReferenceClaim(
  db: MemoryDb,
  reporterId: string,
  reference: string,
  claim: StoredClaim,
): MemoryTxItem {
  const key = referenceKey(reporterId, reference);
  const taken = async () => {
    const stored = db.get<StoredClaim>('vulnerabilityReferences', key);
    return stored === undefined
      ? undefined
      : new ClaimTakenError('vulnerabilityReference', structuredClone(stored));
  };
  return {
    ...putNew(ITEM.vulnerabilityReference, 'vulnerabilityReferences', key, claim),
    role: { kind: 'claim', taken },
  };
}

function newVulnerabilityItems(db: MemoryDb, write: NewVulnerabilityWrite): MemoryTxItem[] {
  const { vulnerability } = write;
  return [
    putNew(ITEM.vulnerability, 'vulnerabilities', vulnerability.id, vulnerability),
    putNew(
      ITEM.version,
      'vulnerabilityVersions',
      versionKey(vulnerability.id, write.version.version),
      write.version,
    ),
    ...write.obligations.map((o) => put(ITEM.obligation(o), 'obligations', obligationKey(o), o)),
    ...write.deliveries.map(putDelivery),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
    putReferenceClaim(db, vulnerability.reporterId, vulnerability.reference, {
      requestSha256: write.requestSha256,
      receipt: write.receipt,
      statusCode: 201,
      subjectId: vulnerability.id,
    }),
  ];
}

function updateItems(db: MemoryDb, write: VulnerabilityUpdateWrite): MemoryTxItem[] {
  const { vulnerability } = write;
  return [
    {
      name: ITEM.vulnerability,
      // Another revision got there first (or there is no such vulnerability).
      role: { kind: 'guard' },
      table: 'vulnerabilities',
      key: vulnerability.id,
      condition: (current) =>
        (current as VulnerabilityRecord | undefined)?.version === write.expectedVersion,
      write: () => vulnerability,
    },
    {
      ...putNew(
        ITEM.version,
        'vulnerabilityVersions',
        versionKey(vulnerability.id, write.newVersion.version),
        write.newVersion,
      ),
      role: { kind: 'guard' as const },
    },
    ...write.obligations.map(putObligationChange),
    ...write.deliveries.map(putDelivery),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
  ];
}

function matches(v: VulnerabilityRecord, filter: VulnerabilityFilter): boolean {
  if (filter.reporterId !== undefined && v.reporterId !== filter.reporterId) return false;
  if (filter.status !== undefined && v.status !== filter.status) return false;
  if (filter.createdFrom !== undefined && v.createdAt < filter.createdFrom) return false;
  if (filter.createdTo !== undefined && v.createdAt > filter.createdTo) return false;
  return true;
}

export function createMemoryVulnerabilityStore(db: MemoryDb): VulnerabilityStore {
  return {
    saveNewVulnerability: (write) =>
      db.runAsync(async () => {
        await writeItems(db, `saveNewVulnerability ${write.vulnerability.id}`, () => [
          ...newVulnerabilityItems(db, write),
          ...auditAppendItems(db, write.audit ?? []).items,
        ]);
      }),
    saveVulnerabilityUpdate: (write) =>
      db.runAsync(async () => {
        await writeItems(db, `Vulnerability ${write.vulnerability.id}`, () => [
          ...updateItems(db, write),
          ...auditAppendItems(db, write.audit ?? []).items,
        ]);
      }),
    getVulnerability: (id) =>
      db.run(() => {
        const vulnerability = db.get<VulnerabilityRecord>('vulnerabilities', id);
        if (vulnerability === undefined) return undefined;
        const versions = db
          .values<VulnerabilityVersionRecord>('vulnerabilityVersions')
          .filter((v) => v.vulnerabilityId === id)
          .sort((a, b) => a.version - b.version);
        const obligations = db
          .values<Obligation>('obligations')
          .filter((o) => o.subjectId === id)
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return { vulnerability, versions, obligations };
      }),
    listVulnerabilities: (filter, page) =>
      db.run(() =>
        pageOf(
          db.values<VulnerabilityRecord>('vulnerabilities').filter((v) => matches(v, filter)),
          (v) => `${sortable(v.createdAt)}#${v.id}`,
          {
            listing:
              filter.reporterId === undefined
                ? 'vulnerabilities'
                : `vulnerabilities:${filter.reporterId}`,
            descending: true,
          },
          page,
        ),
      ),
  };
}
