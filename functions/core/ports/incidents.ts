/**
 * Incidents: a new incident and every later revision or closure are each one atomic
 * write with their obligations, outbox deliveries and claims, so a request either
 * lands whole or not at all, and the deliveries written with it survive an SQS outage.
 */
import type { AuditEvent } from '../audit/audit-entry.js';
import type { Obligation } from '../clocks/obligations.js';
import type { Receipt } from '../model/messages.js';
import type { IdempotencyClaim } from './idempotency.js';
import type { ObligationChange } from './obligations.js';
import type { Page, PageRequest } from './paging.js';
import type {
  CardVersionRecord,
  DeliveryRecord,
  IncidentRecord,
  IncidentStatus,
} from './records.js';

export interface NewIncidentWrite {
  incident: IncidentRecord;
  version: CardVersionRecord;
  obligations: Obligation[];
  deliveries: DeliveryRecord[];
  /** Receipt stored with the (SOC, socReference) claim and the idempotency record. */
  receipt: Receipt;
  /** SHA-256 identifying the request (see IdempotencyRecord.requestSha256). */
  requestSha256: string;
  idempotency?: IdempotencyClaim;
  /** Audit entries of this write (the message received), appended to their chains in the same transaction (п.90-1(7)). */
  audit?: AuditEvent[];
}

export interface IncidentUpdateWrite {
  incident: IncidentRecord;
  /** The incident's version as it was read; the write fails with StaleWriteError otherwise. */
  expectedVersion: number;
  /** Expected status as read (a closure must not race a revision into a closed incident). */
  expectedStatus: IncidentStatus;
  newVersion?: CardVersionRecord;
  /** Obligations that changed or opened, each guarded by the state read (else StaleWriteError). */
  obligations: ObligationChange[];
  deliveries: DeliveryRecord[];
  idempotency?: IdempotencyClaim;
  /** Audit entries of this write (the message received), appended to their chains in the same transaction (п.90-1(7)). */
  audit?: AuditEvent[];
}

export interface IncidentFilter {
  socId?: string;
  status?: IncidentStatus;
  severity?: number;
  /** Only incidents with at least one missed obligation. */
  overdue?: boolean;
  /** Inclusive bounds on when the gateway received the first message (RFC 3339 UTC, formatInstant). */
  createdFrom?: string;
  createdTo?: string;
}

export interface IncidentDetail {
  incident: IncidentRecord;
  /** Every card version, oldest first. */
  versions: CardVersionRecord[];
  /** Its obligations, ordered by id. */
  obligations: Obligation[];
}

export interface IncidentStore {
  /** Incident, version 1, obligations, outbox deliveries and claims in one transaction; ClaimTakenError on a replay. */
  saveNewIncident(write: NewIncidentWrite): Promise<void>;
  /** Revision or closure in one transaction; StaleWriteError when the incident moved on. */
  saveIncidentUpdate(write: IncidentUpdateWrite): Promise<void>;
  getIncident(id: string): Promise<IncidentDetail | undefined>;
  /** Newest first. */
  listIncidents(filter: IncidentFilter, page: PageRequest): Promise<Page<IncidentRecord>>;
}
