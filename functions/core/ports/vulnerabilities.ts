/**
 * Vulnerabilities (001 п.13, Annexes 5–6): a first report and every revision are each one
 * atomic write with their obligations, outbox deliveries and claims, as incidents are.
 */
import type { AuditEvent } from '../audit/audit-entry.js';
import type { Obligation } from '../clocks/obligations.js';
import type { Receipt } from '../model/messages.js';
import type { IdempotencyClaim } from './idempotency.js';
import type { ObligationChange } from './obligations.js';
import type { Page, PageRequest } from './paging.js';
import type {
  DeliveryRecord,
  VulnerabilityRecord,
  VulnerabilityStatus,
  VulnerabilityVersionRecord,
} from './records.js';

export interface NewVulnerabilityWrite {
  vulnerability: VulnerabilityRecord;
  version: VulnerabilityVersionRecord;
  obligations: Obligation[];
  deliveries: DeliveryRecord[];
  /** Receipt stored with the (reporter, reference) claim and the idempotency record. */
  receipt: Receipt;
  /** SHA-256 identifying the request (see IdempotencyRecord.requestSha256). */
  requestSha256: string;
  idempotency?: IdempotencyClaim;
  /** Audit entries appended to their parties' chains in the same transaction (п.90-1(7)). */
  audit?: AuditEvent[];
}

export interface VulnerabilityUpdateWrite {
  vulnerability: VulnerabilityRecord;
  /** The version as read; the write fails with StaleWriteError otherwise. */
  expectedVersion: number;
  newVersion: VulnerabilityVersionRecord;
  /** Obligations that changed or opened, each guarded by the state read (else StaleWriteError). */
  obligations: ObligationChange[];
  deliveries: DeliveryRecord[];
  idempotency?: IdempotencyClaim;
  /** Audit entries appended to their parties' chains in the same transaction (п.90-1(7)). */
  audit?: AuditEvent[];
}

export interface VulnerabilityFilter {
  reporterId?: string;
  status?: VulnerabilityStatus;
  /** Inclusive bounds on when the gateway received the first report (formatInstant). */
  createdFrom?: string;
  createdTo?: string;
}

export interface VulnerabilityDetail {
  vulnerability: VulnerabilityRecord;
  /** Every version, oldest first. */
  versions: VulnerabilityVersionRecord[];
  /** Its obligations, ordered by id. */
  obligations: Obligation[];
}

export interface VulnerabilityStore {
  /** Record, version 1, obligations, outbox deliveries and claims in one transaction; ClaimTakenError on a replay. */
  saveNewVulnerability(write: NewVulnerabilityWrite): Promise<void>;
  /** A revision in one transaction; StaleWriteError when the record moved on. */
  saveVulnerabilityUpdate(write: VulnerabilityUpdateWrite): Promise<void>;
  getVulnerability(id: string): Promise<VulnerabilityDetail | undefined>;
  /** Newest first. */
  listVulnerabilities(
    filter: VulnerabilityFilter,
    page: PageRequest,
  ): Promise<Page<VulnerabilityRecord>>;
}
