/**
 * The ports the core owns (STYLE: "ports owned by the core"). Each write method is
 * one atomic unit of work: the DynamoDB adapter makes each a single transaction, so a
 * request either lands whole or not at all ("nothing is ever half-written"), and the
 * deliveries written with it form the outbox that survives an SQS outage.
 *
 * Adapters translate their failures: a dependency that cannot be reached becomes a
 * DependencyUnavailableError; a lost race becomes one of the errors below.
 */
import type { Obligation } from '../clocks/obligations.js';
import type { ObligationState, Receipt } from '../model/messages.js';
import type {
  CardVersionRecord,
  DeliveryRecord,
  IdempotencyRecord,
  IncidentRecord,
  IncidentStatus,
  NoticeRecipientRecord,
  NoticeRecord,
  NoticeResponseRecord,
  PartyRecord,
} from './records.js';

/** A page of results and the opaque cursor of the next page, if any. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/**
 * A write lost to an earlier one with the same claim: the (SOC, socReference) pair or
 * the idempotency key. Carries what the earlier request stored, so the caller can
 * answer a replay with the original receipt or refuse a different body with 409.
 */
export class ClaimTakenError extends Error {
  constructor(
    readonly claim: 'socReference' | 'idempotencyKey',
    readonly existing: {
      requestSha256: string;
      receipt: Receipt;
      statusCode: number;
      subjectId: string;
      /** The first request's route and canonical content, when stored (Idempotency-Key only). */
      request?: { route: string; content: unknown };
    },
  ) {
    super(`${claim} already used`);
    this.name = 'ClaimTakenError';
  }
}

/** An optimistic-concurrency write found the record changed since it was read; reload and retry. */
export class StaleWriteError extends Error {
  constructor(what: string) {
    super(`${what} changed concurrently`);
    this.name = 'StaleWriteError';
  }
}

/**
 * An obligation a request changes, with the state it was read in. The store writes it
 * only if the stored obligation is still in that state (or, for one this write opens,
 * only if there is none yet), and otherwise fails the whole write with StaleWriteError:
 * a request that read `open` must never overwrite the sweep's `missed` and lose the
 * miss. The caller re-reads and recomputes (`satisfy` then yields `satisfied_late`,
 * keeping `missedAt`).
 */
export interface ObligationChange {
  /** The obligation as it is to be written. */
  next: Obligation;
  /** The state it was read in; absent for an obligation this write opens. */
  expectedState?: ObligationState;
}

/** Stored with a write so that a replay of the same request returns the same answer. */
export type IdempotencyClaim = Omit<IdempotencyRecord, 'expiresAtEpochSeconds'> & {
  expiresAtEpochSeconds: number;
};

export interface PartyStore {
  getParty(id: string): Promise<PartyRecord | undefined>;
  findPartyByClientId(clientId: string): Promise<PartyRecord | undefined>;
  /** Creates or replaces a party and its client-id mapping. */
  putParty(party: PartyRecord): Promise<void>;
  listParties(): Promise<PartyRecord[]>;
}

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
  versions: CardVersionRecord[];
  obligations: Obligation[];
}

export interface IncidentStore {
  /** Incident, version 1, obligations, outbox deliveries and claims in one transaction; ClaimTakenError on a replay. */
  saveNewIncident(write: NewIncidentWrite): Promise<void>;
  /** Revision or closure in one transaction; StaleWriteError when the incident moved on. */
  saveIncidentUpdate(write: IncidentUpdateWrite): Promise<void>;
  getIncident(id: string): Promise<IncidentDetail | undefined>;
  listIncidents(filter: IncidentFilter, page: PageRequest): Promise<Page<IncidentRecord>>;
}

export interface ObligationFilter {
  owedBy?: string;
  state?: ObligationState;
  /** Inclusive bounds on dueAt (RFC 3339). */
  dueFrom?: string;
  dueTo?: string;
}

export interface ObligationStore {
  /** Open obligations with dueAt ≤ `until`, from the sparse due-time index (never a Scan). */
  listDue(until: string, limit: number): Promise<Obligation[]>;
  /** Open obligations whose reminder time ≤ `until`, from the sparse reminder index. */
  listRemindersDue(until: string, limit: number): Promise<Obligation[]>;
  /**
   * Replaces an open obligation with its next state (missed, or reminded) and writes the
   * deliveries that announce it, in one transaction conditioned on it still being open
   * with the same reminder — so concurrent sweeps escalate exactly once. False when another got there first.
   */
  transitionOpen(
    next: Obligation,
    expected: Obligation,
    deliveries: DeliveryRecord[],
  ): Promise<boolean>;
  /**
   * {@link transitionOpen} for many obligations at once, as few transactions as fit:
   * the sweep's escalations cost one round trip per batch instead of one per
   * obligation. Each result says whether that obligation's transition was won; a batch
   * that loses any condition is retried one obligation at a time, so exactly-once holds.
   */
  transitionOpenMany(
    changes: ReadonlyArray<{
      next: Obligation;
      expected: Obligation;
      deliveries: DeliveryRecord[];
    }>,
  ): Promise<PromiseSettledResult<boolean>[]>;
  listObligations(filter: ObligationFilter, page: PageRequest): Promise<Page<Obligation>>;
  /** Every obligation of one incident or notice. */
  obligationsOf(subjectId: string): Promise<Obligation[]>;
}

export interface DeliveryStore {
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  /** Deliveries written but not yet handed to SQS, created at or before `until` (the outbox). */
  listUnqueued(until: string, limit: number): Promise<DeliveryRecord[]>;
  /** Marks deliveries as handed to SQS (removes them from the outbox). */
  markQueued(ids: string[]): Promise<void>;
  /** Records one delivery attempt's outcome. */
  recordAttempt(
    id: string,
    outcome: { status: DeliveryRecord['status']; attempts: number; at: string; error?: string },
  ): Promise<void>;
  /**
   * Records the recipient's ack and the obligation it satisfies, in one transaction; a
   * second ack is a no-op. StaleWriteError when the obligation is no longer in the state read.
   */
  saveAcknowledgement(delivery: DeliveryRecord, satisfied: ObligationChange[]): Promise<void>;
  /** A party's deliveries, newest first (the pull inbox). */
  listDeliveries(partyId: string, page: PageRequest): Promise<Page<DeliveryRecord>>;
}

/** The outcome of a delivery's last allowed attempt. */
export interface FinalAttempt {
  attempts: number;
  at: string;
  error: string;
}

/**
 * Gives up on a delivery (SPEC §5: "retried …, then dead-lettered and escalated").
 */
export interface DeliveryFailureStore {
  /**
   * Marks the delivery `failed` and writes the deliveries that escalate the failure
   * (outbox, `queued: false`), in one transaction conditioned on the delivery not being
   * `failed` already — so a redelivered SQS message escalates exactly once. Returns
   * false, writing nothing, when it already was failed.
   */
  failDelivery(id: string, attempt: FinalAttempt, escalations: DeliveryRecord[]): Promise<boolean>;
}

export interface NewNoticeWrite {
  notice: NoticeRecord;
  recipients: NoticeRecipientRecord[];
  obligations: Obligation[];
  deliveries: DeliveryRecord[];
  idempotency?: IdempotencyClaim;
}

export interface NoticeResponseWrite {
  response: NoticeResponseRecord;
  recipient: NoticeRecipientRecord;
  /** Guarded by the state read (else StaleWriteError). */
  satisfied: ObligationChange[];
  /** An incident_card response's new incident (its claims included; leave its `idempotency` unset). */
  incident?: NewIncidentWrite;
  /** The Idempotency-Key record of the response request; ClaimTakenError when the key is taken. */
  idempotency?: IdempotencyClaim;
}

export interface NoticeStore {
  /**
   * Notice, inbox entries, obligations and outbox deliveries. A large fan-out spans
   * several transactions: the idempotency claim and the head go first (a concurrent
   * duplicate fails with ClaimTakenError before writing anything), the obligations
   * last; a later transaction's failure removes what the earlier ones wrote.
   */
  saveNewNotice(write: NewNoticeWrite): Promise<void>;
  getNotice(id: string): Promise<NoticeRecord | undefined>;
  getRecipient(noticeId: string, partyId: string): Promise<NoticeRecipientRecord | undefined>;
  /** A party's inbox of notices, newest first. */
  listInbox(
    partyId: string,
    page: PageRequest,
  ): Promise<Page<NoticeRecipientRecord & { notice: NoticeRecord }>>;
  /** Like saveAcknowledgement, on the inbox entry. */
  saveNoticeAck(recipient: NoticeRecipientRecord, satisfied: ObligationChange[]): Promise<void>;
  /**
   * The response, its effect on obligations, its idempotency record and, for an
   * incident_card, the new incident, in one transaction. ClaimTakenError on a taken
   * claim; StaleWriteError when an obligation is no longer in the state read.
   */
  saveNoticeResponse(write: NoticeResponseWrite): Promise<void>;
}

export interface IdempotencyStore {
  getIdempotency(partyId: string, key: string): Promise<IdempotencyRecord | undefined>;
}

/** Everything the gateway stores, as one object that adapters implement. */
export interface GatewayStore
  extends PartyStore,
    IncidentStore,
    ObligationStore,
    DeliveryStore,
    DeliveryFailureStore,
    NoticeStore,
    IdempotencyStore {}

/** Hands delivery ids to the delivery queue (SQS). Messages carry only the id; the worker loads the rest. */
export interface DeliveryQueue {
  enqueue(deliveryIds: string[]): Promise<void>;
}
