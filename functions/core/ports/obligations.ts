/**
 * The legal clocks (docs/contract.md §2): the sweep's reads and guarded transitions, and the
 * listings. Requests change obligations through the write of the message that changes
 * them (incident, ack, notice response), each guarded by an {@link ObligationChange}.
 */
import type { AuditEvent } from '../audit/audit-entry.js';
import type { Obligation } from '../clocks/obligations.js';
import type { ObligationState } from '../model/messages.js';
import type { Page, PageRequest } from './paging.js';
import type { DeliveryRecord } from './records.js';

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

export interface ObligationFilter {
  owedBy?: string;
  state?: ObligationState;
  /** Inclusive bounds on dueAt (RFC 3339); a bound that is not a timestamp is a 400. */
  dueFrom?: string;
  dueTo?: string;
}

/** One sweep transition: the obligation's next state, as read, and the deliveries announcing it. */
export interface ObligationTransition {
  next: Obligation;
  expected: Obligation;
  deliveries: DeliveryRecord[];
  /** The transition's audit entry (a level-1 escalation: `obligation.escalated`), in the same transaction. */
  audit?: AuditEvent;
}

/** Level 2 settled, with the audit entry that records it on the owing party's chain (same transaction). */
export interface Level2Transition extends ObligationTransition {
  audit: AuditEvent;
}

export interface ObligationStore {
  /** Open obligations with dueAt ≤ `until`, oldest due first (never a Scan). */
  listDue(until: string, limit: number): Promise<Obligation[]>;
  /** Open obligations whose reminder time ≤ `until`, earliest reminder first. */
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
   * A batch the store could not write at all (DependencyUnavailableError) wrote nothing:
   * each of its transitions, and of the batches after it, is rejected with that error,
   * so the sweep's run fails and the next run retries them; what earlier batches wrote
   * stays, and their guards make the retry a no-op for them.
   */
  transitionOpenMany(
    changes: ReadonlyArray<ObligationTransition>,
  ): Promise<PromiseSettledResult<boolean>[]>;
  /** Missed obligations whose level-2 escalation is pending and due at or before `until`, earliest first (never a Scan). */
  listLevel2Due(until: string, limit: number): Promise<Obligation[]>;
  /**
   * Settles level 2 of missed obligations (sent, or stopped by an ack of level 1) with the
   * deliveries that announce it and its audit entry, each conditioned on the stored obligation still being
   * `missed` with the level-2 due time read — so however often the sweep runs, level 2 goes
   * out once, and never after a waiver or a late satisfaction. Each result says whether
   * that transition was won; a store outage rejects each with the error, writing nothing of it.
   */
  transitionLevel2Many(
    changes: ReadonlyArray<Level2Transition>,
  ): Promise<PromiseSettledResult<boolean>[]>;
  /**
   * Writes a waiver (the obligation in state `waived`, guarded by the state read as in
   * {@link ObligationChange}) and its audit entry on the owing party's chain in one
   * transaction: StaleWriteError, writing nothing, when the obligation changed meanwhile.
   */
  saveWaiver(change: ObligationChange, audit: AuditEvent): Promise<void>;
  /** Obligations matching the filter, oldest due first. */
  listObligations(filter: ObligationFilter, page: PageRequest): Promise<Page<Obligation>>;
  /** Every obligation of one incident or notice, ordered by id. */
  obligationsOf(subjectId: string): Promise<Obligation[]>;
}
