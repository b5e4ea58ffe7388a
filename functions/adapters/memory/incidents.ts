/** Incidents in memory: each write is one transaction of named items, as on DynamoDB. */
import type { Obligation } from '../../core/clocks/obligations.js';
import type {
  IncidentFilter,
  IncidentStore,
  IncidentUpdateWrite,
  NewIncidentWrite,
} from '../../core/ports/incidents.js';
import type { CardVersionRecord, IncidentRecord } from '../../core/ports/records.js';
import { StaleWriteError } from '../../core/ports/write-conflicts.js';
import {
  isIncidentObligation,
  obligationKey,
  put,
  putDelivery,
  putIdempotencyClaim,
  putNew,
  putObligationChange,
  putSocReferenceClaim,
  throwTakenClaim,
} from './items.js';
import { type MemoryDb, MemoryStoreError, type MemoryTxItem } from './memory-db.js';
import { pageOf, sortable } from './paging.js';

const versionKey = (incidentId: string, version: number) =>
  `${incidentId}#${String(version).padStart(9, '0')}`;

/** Everything a new incident writes, named as on DynamoDB (also used inside a notice response). */
export function newIncidentItems(db: MemoryDb, write: NewIncidentWrite): MemoryTxItem[] {
  const { incident } = write;
  return [
    putNew('head', 'incidents', incident.id, incident),
    putNew('version', 'versions', versionKey(incident.id, write.version.version), write.version),
    ...write.obligations.map((o) => put(`obligation:${o.id}`, 'obligations', obligationKey(o), o)),
    ...write.deliveries.map(putDelivery),
    putSocReferenceClaim(incident.socId, incident.socReference, {
      requestSha256: write.requestSha256,
      receipt: write.receipt,
      statusCode: 201,
      subjectId: incident.id,
    }),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
  ];
}

function saveNewIncident(db: MemoryDb, write: NewIncidentWrite): void {
  const outcome = db.transact(newIncidentItems(db, write));
  if (outcome.committed) return;
  throwTakenClaim(db, outcome, {
    ...(write.idempotency === undefined ? {} : { idempotency: write.idempotency }),
    socReference: { socId: write.incident.socId, socReference: write.incident.socReference },
  });
  throw new MemoryStoreError(
    `saveNewIncident: an item of incident ${write.incident.id} already exists`,
  );
}

function saveIncidentUpdate(db: MemoryDb, write: IncidentUpdateWrite): void {
  const { incident } = write;
  const items: MemoryTxItem[] = [
    {
      name: 'head',
      table: 'incidents',
      key: incident.id,
      condition: (current) => {
        const stored = current as IncidentRecord | undefined;
        return stored?.version === write.expectedVersion && stored.status === write.expectedStatus;
      },
      write: () => incident,
    },
    ...(write.newVersion === undefined
      ? []
      : [
          putNew(
            'version',
            'versions',
            versionKey(incident.id, write.newVersion.version),
            write.newVersion,
          ),
        ]),
    ...write.obligations.map(putObligationChange),
    ...write.deliveries.map(putDelivery),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
  ];
  const outcome = db.transact(items);
  if (outcome.committed) return;
  throwTakenClaim(
    db,
    outcome,
    write.idempotency === undefined ? {} : { idempotency: write.idempotency },
  );
  if (
    outcome.failed.has('head') ||
    outcome.failed.has('version') ||
    [...outcome.failed].some((name) => name.startsWith('obligation:'))
  ) {
    throw new StaleWriteError(`Incident ${incident.id}`);
  }
  throw new MemoryStoreError(`saveIncidentUpdate ${incident.id}: a new item already existed`);
}

function obligationsOfSubject(db: MemoryDb, subjectId: string): Obligation[] {
  return db
    .values<Obligation>('obligations')
    .filter((o) => o.subjectId === subjectId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function isOverdue(db: MemoryDb, incidentId: string): boolean {
  return obligationsOfSubject(db, incidentId).some(
    (o) => isIncidentObligation(o) && o.state === 'missed',
  );
}

function matches(db: MemoryDb, incident: IncidentRecord, filter: IncidentFilter): boolean {
  if (filter.socId !== undefined && incident.socId !== filter.socId) return false;
  if (filter.status !== undefined && incident.status !== filter.status) return false;
  if (filter.severity !== undefined && incident.severity !== filter.severity) return false;
  if (filter.overdue !== undefined && isOverdue(db, incident.id) !== filter.overdue) return false;
  // As on DynamoDB: the stored createdAt (formatInstant) against bounds in the same form.
  if (filter.createdFrom !== undefined && incident.createdAt < filter.createdFrom) return false;
  if (filter.createdTo !== undefined && incident.createdAt > filter.createdTo) return false;
  return true;
}

export function createMemoryIncidentStore(db: MemoryDb): IncidentStore {
  return {
    saveNewIncident: (write) => db.run(() => saveNewIncident(db, write)),
    saveIncidentUpdate: (write) => db.run(() => saveIncidentUpdate(db, write)),
    getIncident: (id) =>
      db.run(() => {
        const incident = db.get<IncidentRecord>('incidents', id);
        if (incident === undefined) return undefined;
        const versions = db
          .values<CardVersionRecord>('versions')
          .filter((v) => v.incidentId === id)
          .sort((a, b) => a.version - b.version);
        return { incident, versions, obligations: obligationsOfSubject(db, id) };
      }),
    listIncidents: (filter, page) =>
      db.run(() =>
        pageOf(
          db.values<IncidentRecord>('incidents').filter((i) => matches(db, i, filter)),
          (i) => `${sortable(i.createdAt)}#${i.id}`,
          {
            listing: filter.socId === undefined ? 'incidents' : `incidents:${filter.socId}`,
            descending: true,
          },
          page,
        ),
      ),
  };
}
