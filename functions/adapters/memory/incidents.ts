/** Incidents in memory: each write is one transaction of named items, as on DynamoDB. */
import type { Obligation } from '../../core/clocks/obligations.js';
import type {
  IncidentFilter,
  IncidentStore,
  IncidentUpdateWrite,
  NewIncidentWrite,
} from '../../core/ports/incidents.js';
import type { CardVersionRecord, IncidentRecord } from '../../core/ports/records.js';
import { ITEM } from '../transactions.js';
import { auditAppendItems } from './audit-trail.js';
import {
  isIncidentObligation,
  obligationKey,
  put,
  putDelivery,
  putIdempotencyClaim,
  putNew,
  putObligationChange,
  putSocReferenceClaim,
  writeItems,
} from './items.js';
import type { MemoryDb, MemoryTxItem } from './memory-db.js';
import { pageOf, sortable } from './paging.js';

const versionKey = (incidentId: string, version: number) =>
  `${incidentId}#${String(version).padStart(9, '0')}`;

/** Everything a new incident writes, named as on DynamoDB (also used inside a notice response). */
export function newIncidentItems(db: MemoryDb, write: NewIncidentWrite): MemoryTxItem[] {
  const { incident } = write;
  return [
    putNew(ITEM.incident, 'incidents', incident.id, incident),
    putNew(ITEM.version, 'versions', versionKey(incident.id, write.version.version), write.version),
    ...write.obligations.map((o) => put(ITEM.obligation(o), 'obligations', obligationKey(o), o)),
    ...write.deliveries.map(putDelivery),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
    putSocReferenceClaim(db, incident.socId, incident.socReference, {
      requestSha256: write.requestSha256,
      receipt: write.receipt,
      statusCode: 201,
      subjectId: incident.id,
    }),
  ];
}

async function saveNewIncident(db: MemoryDb, write: NewIncidentWrite): Promise<void> {
  await writeItems(db, `saveNewIncident ${write.incident.id}`, () => [
    ...newIncidentItems(db, write),
    ...auditAppendItems(db, write.audit ?? []).items,
  ]);
}

async function saveIncidentUpdate(db: MemoryDb, write: IncidentUpdateWrite): Promise<void> {
  const { incident } = write;
  await writeItems(db, `Incident ${incident.id}`, () => [
    {
      name: ITEM.incident,
      // Another revision or closure got there first (or there is no such incident).
      role: { kind: 'guard' },
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
          {
            ...putNew(
              ITEM.version,
              'versions',
              versionKey(incident.id, write.newVersion.version),
              write.newVersion,
            ),
            // A version number another revision already took is a stale write too.
            role: { kind: 'guard' as const },
          },
        ]),
    ...write.obligations.map(putObligationChange),
    ...write.deliveries.map(putDelivery),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
    ...auditAppendItems(db, write.audit ?? []).items,
  ]);
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
    saveNewIncident: (write) => db.runAsync(() => saveNewIncident(db, write)),
    saveIncidentUpdate: (write) => db.runAsync(() => saveIncidentUpdate(db, write)),
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
