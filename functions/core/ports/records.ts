/**
 * What the gateway keeps: plain records owned by the core. Adapters store and load
 * them as they are; they never add meaning of their own.
 */
import type { Obligation } from '../clocks/obligations.js';
import type { ClockPolicy } from '../clocks/rules.js';
import type {
  IncidentNotification,
  NccNotice,
  NoticeResponse,
  Party,
  Receipt,
  Role,
  Vulnerability,
} from '../model/messages.js';
import type { WireFormat } from '../wire/read-body.js';
import type { SealedSecret } from './secret-box.js';

/**
 * A party's webhook as stored: the URL, and the HMAC secret sealed (issue #12 item 4).
 * Records written before secrets were sealed carry `secret` in clear; they are still
 * delivered (read-old) and are sealed the next time the party is registered (write-new).
 */
export interface StoredWebhook {
  url: string;
  sealedSecret?: SealedSecret;
  /** Plaintext secret of a record written before sealing; never written any more. */
  secret?: string;
  /**
   * The secret before the last rotation, still valid (deliveries are signed with both)
   * until `validUntil`, so the party can switch without losing a delivery.
   */
  previous?: { sealedSecret: SealedSecret; validUntil: string };
}

/** A registered party with the gateway's own bookkeeping (docs/contract.md §6). */
export interface PartyRecord extends Omit<Party, 'webhook'> {
  id: string;
  webhook?: StoredWebhook;
  /** OAuth2 client whose tokens act as this party. */
  clientId: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
  /** Set while the connection is blocked (auth failures, inactivity, admin); 403 until unblocked. */
  blocked?: { at: string; reason: string };
  /** Consecutive authentication failures (reset on success). */
  authFailures?: number;
  lastSeenAt?: string;
  /**
   * Each contact change reported (001 п.16): the moment of the change (`contact.changedAt`)
   * and when the gateway first received it — the `contact_change` clock's start and
   * satisfaction. Oldest first; at most {@link MAX_CONTACT_REPORTS}, dropping the oldest
   * on-time one first (a late one only when all are late).
   */
  contactReports?: ContactReport[];
}

export interface ContactReport {
  changedAt: string;
  reportedAt: string;
}

/** Contact changes kept per party: years of quarterly summaries at any plausible rate. */
export const MAX_CONTACT_REPORTS = 50;

export type IncidentStatus = 'open' | 'closed';

/** An incident and its current card (the latest version). */
export interface IncidentRecord {
  id: string;
  socId: string;
  socReference: string;
  /** Owner party of the affected object, if known. */
  ownerId?: string;
  status: IncidentStatus;
  /** The confirmedAt of the first message: legal clocks never move with revisions. */
  confirmedAt: string;
  severity: number;
  type: string;
  version: number;
  completeCard: boolean;
  card: IncidentNotification;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  eliminatedAt?: string;
}

/** One accepted card version, kept verbatim with its digest (records ≥ 3 years, docs/contract.md §6). */
export interface CardVersionRecord {
  incidentId: string;
  version: number;
  messageId: string;
  receivedAt: string;
  sha256: string;
  format: WireFormat;
  card: IncidentNotification;
  warnings: Receipt['warnings'];
}

/**
 * Where a vulnerability stands (001 п.13, Annex 6): `reported` (nothing stated yet on its
 * elimination), `not_eliminated` (an Annex 6 reason stated), `eliminated`.
 */
export type VulnerabilityStatus = 'reported' | 'not_eliminated' | 'eliminated';

/** A vulnerability and its current form (the latest version). */
export interface VulnerabilityRecord {
  id: string;
  /** The party that reported it: the object's owner, or a SOC on its behalf. */
  reporterId: string;
  reporterRole: 'owner' | 'soc';
  /** The sender's own reference (unique per reporter). */
  reference: string;
  /** The object's owner party when known and not the reporter: it hears of the report. */
  ownerId?: string;
  status: VulnerabilityStatus;
  detectedAt: string;
  version: number;
  vulnerability: Vulnerability;
  createdAt: string;
  updatedAt: string;
}

/** One accepted version of a vulnerability report, kept verbatim with its digest. */
export interface VulnerabilityVersionRecord {
  vulnerabilityId: string;
  version: number;
  messageId: string;
  receivedAt: string;
  sha256: string;
  format: WireFormat;
  vulnerability: Vulnerability;
  warnings: Receipt['warnings'];
  /**
   * The party that sent this version: the reporter, or the owner a SOC reported it for
   * (001 п.23). Absent on versions stored before it was kept: those were the reporter's.
   */
  sentBy?: string;
}

export type WebhookEvent =
  | 'incident.notified'
  | 'incident.card'
  | 'vulnerability.reported'
  | 'vulnerability.updated'
  | 'notice.issued'
  | 'notice.acknowledged'
  | 'notice.responded'
  | 'obligation.reminder'
  | 'obligation.missed'
  | 'connection.blocked'
  | 'connection.unblocked'
  | 'credentials.expiring'
  /** 001 п.17: the NCC's quarterly summary, to every `authority` party once per quarter. */
  | 'report.quarterly';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One message to one party (docs/contract.md §5): a webhook POST through SQS, and an inbox entry. */
export interface DeliveryRecord {
  id: string;
  partyId: string;
  event: WebhookEvent;
  /** Incident, notice or obligation the delivery is about. */
  subjectId: string;
  createdAt: string;
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  /**
   * False while the delivery waits in the outbox (new, or waiting for a scheduled retry
   * longer than SQS can hold a message back); true once handed to SQS.
   */
  queued: boolean;
  lastError?: string;
  /** When the next attempt is due, after a failed one (absent once delivered or failed). */
  nextAttemptAt?: string;
  /** When an admin or a later successful delivery last redrove it (a new round of attempts). */
  redrivenAt?: string;
  /** Attempts made before the last redrive: the retry schedule counts from here. */
  attemptsBeforeRedrive?: number;
  deliveredAt?: string;
  /**
   * SHA-256 of the webhook body last POSTed (lowercase hex): the bytes are in the verbatim
   * archive under it (issue #15 item 2), readable by the recipient at `GET /v1/messages/{sha256}`.
   */
  sentSha256?: string;
  acknowledgedAt?: string;
  /** The obligation the recipient's ack satisfies (`notify_owner`), if any. */
  ackSatisfies?: string;
}

/** An NCC notice as issued, with its resolved recipients. */
export interface NoticeRecord {
  id: string;
  issuedBy: string;
  issuedAt: string;
  notifiedAt: string;
  sha256: string;
  notice: NccNotice;
  recipients: string[];
}

/** One recipient's view of a notice: its inbox entry. */
export interface NoticeRecipientRecord {
  noticeId: string;
  partyId: string;
  issuedAt: string;
  acknowledgedAt?: string;
  respondedAt?: string;
  /** The `notice.issued` delivery to this recipient (absent on entries written before it was kept). */
  deliveryId?: string;
}

/** One recipient of a notice as accepted: who, and the clock settings its deadlines follow. */
export interface FanoutRecipient {
  partyId: string;
  policy: ClockPolicy;
}

/**
 * The fan-out of a notice (issue #14 item 5). Written in the one transaction that
 * accepts the notice, so a notice to the whole country is accepted whole or not at all;
 * recipients are then expanded from it in order, a batch per transaction that also
 * advances `expanded`, so a crash at any point resumes where it stopped and never
 * writes a recipient twice.
 */
export interface NoticeFanoutRecord {
  noticeId: string;
  /** Every recipient, in the order expansion follows, with its clock settings at acceptance. */
  recipients: FanoutRecipient[];
  /** How many recipients, from the start of `recipients`, have their inbox entry, clocks and delivery. */
  expanded: number;
  createdAt: string;
  /** When expansion last made progress; the sweep resumes one idle for longer than its grace. */
  updatedAt: string;
  /** Set by the batch that expands the last recipient. */
  completedAt?: string;
}

export interface NoticeResponseRecord {
  id: string;
  noticeId: string;
  partyId: string;
  receivedAt: string;
  sha256: string;
  response: NoticeResponse;
  /** Incident opened by an incident_card response. */
  incidentId?: string;
}

/** A stored answer to a request with an idempotency key (the only records with TTL). */
export interface IdempotencyRecord {
  partyId: string;
  key: string;
  /** SHA-256 of method, path and raw body: the same key with another request is a 409. */
  requestSha256: string;
  statusCode: number;
  receipt: Receipt;
  expiresAtEpochSeconds: number;
  /** The first request's route and canonical content, to name what a reuse changes (absent when large). */
  request?: { route: string; content: unknown };
}

/** One line of the append-only, hash-chained audit trail of a party (docs/contract.md §6). */
export interface AuditEntry {
  partyId: string;
  sequence: number;
  at: string;
  direction: 'in' | 'out';
  /** What was exchanged: route or event name. */
  kind: string;
  subjectId?: string;
  sha256: string;
  /** The message verbatim. */
  body: string;
  previousHash: string;
  /** SHA-256 over previousHash and this entry's fields: altering any line breaks the chain. */
  hash: string;
}

export type { Obligation };
