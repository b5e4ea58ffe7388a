/**
 * One transaction shape for both stores. A write is a list of NAMED items (`incident`,
 * `version`, `obligation:card`, `delivery:<id>`, `socReference`, `idempotency`, …), each
 * with the meaning of its condition (its {@link ItemRole}). A cancelled transaction is
 * reported by the names of the items whose condition failed — DynamoDB's
 * CancellationReasons mapped back to names, the memory store's own — and one function,
 * {@link writeNamed}, turns that into the port's outcome, the same on both stores:
 *
 * 1. a set-once item (`once`) failed: the write was done before; a no-op (or 404 when the
 *    record it sets is gone);
 * 2. an item that must exist (`existing`) failed: 404;
 * 3. a claim failed: {@link ClaimTakenError} with what the earlier request stored, or,
 *    when the claim vanished before we could read it (an expired key deleted meanwhile),
 *    the whole write again (the one claim-and-retry loop, on the one retry policy);
 * 4. a guarded item (`guard`, written only if still as read) failed:
 *    {@link StaleWriteError} naming the items (a 409 unless the use case retries);
 * 5. anything else (a fresh id that clashed, a missing parent record) is a fault of ours,
 *    reported with the names of the items that failed.
 */
import { NotFoundError } from '../core/errors.js';
import { type ClaimTakenError, StaleWriteError } from '../core/ports/write-conflicts.js';
import { withRetries } from '../core/retry.js';

/** What a failed condition of an item means. */
export type ItemRole =
  /** A new record, or a check of ours: failing is a store fault. */
  | { kind: 'write' }
  /** Written only if still as read (a version, an obligation's state): failing is a stale write. */
  | { kind: 'guard' }
  /** A replay claim: failing means an earlier request holds it; `taken` reads what it stored. */
  | { kind: 'claim'; taken: () => Promise<ClaimTakenError | undefined> }
  /**
   * Set once: failing means it was set before, and the write is a no-op. When the
   * condition also requires the record to exist, `exists` tells the two apart.
   */
  | { kind: 'once'; what: string; exists?: () => Promise<boolean> }
  /** Must exist: failing is a 404 of `what`. */
  | { kind: 'existing'; what: string };

/** The name and role every transaction item carries, on either store. */
export interface Named {
  /**
   * What a failure is reported as. Items of one kind may share it (the `notice_ack`
   * obligations of a notice to many SOCs): a name says what failed, not which copy.
   */
  name: string;
  /** Absent means `write`. */
  role?: ItemRole;
}

/** How a transaction ended: committed, or cancelled with the names of the items whose condition failed. */
export type TxOutcome = { committed: true } | { committed: false; failed: ReadonlySet<string> };

/** The item names of the common records, the same on both stores. */
export const ITEM = {
  incident: 'incident',
  version: 'version',
  socReference: 'socReference',
  vulnerability: 'vulnerability',
  vulnerabilityReference: 'vulnerabilityReference',
  idempotency: 'idempotency',
  notice: 'notice',
  /** A notice's fan-out record and its progress. */
  fanout: 'fanout',
  response: 'response',
  ack: 'ack',
  fail: 'fail',
  obligation: (o: { kind: string }) => `obligation:${o.kind}`,
  delivery: (d: { id: string }) => `delivery:${d.id}`,
  recipient: (r: { partyId: string }) => `recipient:${r.partyId}`,
  /** The incident an obligation change mirrors its miss onto (must exist). */
  incidentOf: (incidentId: string) => `incident-of-obligation:${incidentId}`,
} as const;

/** True when any of the named items failed. */
export function failedAny(outcome: TxOutcome, ...names: string[]): boolean {
  return !outcome.committed && names.some((name) => outcome.failed.has(name));
}

/** The names of the failed items, in a stable order (for messages). */
export function failedNames(outcome: TxOutcome): string[] {
  return outcome.committed ? [] : [...outcome.failed].sort();
}

/** Runs one transaction of named items (one store's implementation). */
export type Transact<I extends Named> = (items: readonly I[]) => Promise<TxOutcome>;

/** What a committed-or-explained write came to. */
export type WriteResult = 'written' | 'already done';

/** A claim failed and was gone when read: the whole write is tried again. */
class ClaimVanished extends Error {
  constructor(readonly names: readonly string[]) {
    super(`claim ${names.join(', ')} failed and vanished`);
    this.name = 'ClaimVanished';
  }
}

/**
 * Explains a cancelled transaction by its items' roles (the order of the module
 * comment). Throws, or resolves `'already done'` for a set-once item set before.
 */
export async function explainCancelled(
  items: readonly Named[],
  outcome: TxOutcome,
  context: { subject: string; fault: (message: string) => Error },
): Promise<'already done'> {
  if (outcome.committed) return 'already done';
  const failed = items.filter((item) => outcome.failed.has(item.name));
  const ofKind = <K extends ItemRole['kind']>(kind: K) =>
    failed.flatMap((item) => {
      const role = item.role ?? { kind: 'write' };
      return role.kind === kind ? [{ name: item.name, role: role as ItemRole & { kind: K } }] : [];
    });

  for (const { role } of ofKind('once')) {
    if (role.exists !== undefined && !(await role.exists())) throw new NotFoundError(role.what);
    return 'already done';
  }
  for (const { role } of ofKind('existing')) throw new NotFoundError(role.what);
  // The Idempotency-Key first: the more specific replay.
  const claims = ofKind('claim').sort(
    (a, b) => Number(b.name === ITEM.idempotency) - Number(a.name === ITEM.idempotency),
  );
  for (const { role } of claims) {
    const taken = await role.taken();
    if (taken !== undefined) throw taken;
  }
  if (claims.length > 0) throw new ClaimVanished(claims.map((c) => c.name));
  const stale = ofKind('guard');
  if (stale.length > 0) {
    throw new StaleWriteError(
      context.subject,
      stale.map((s) => s.name),
    );
  }
  throw context.fault(
    `${context.subject}: the condition of ${failedNames(outcome).join(', ')} failed`,
  );
}

/**
 * The one claim-and-retry helper: builds the items (again on every attempt, so a claim
 * judged by the clock is judged afresh), runs them as one transaction, and explains a
 * cancellation by {@link explainCancelled}. A claim that vanished is retried on the
 * retry policy; a write that keeps meeting vanishing claims is a fault.
 */
export function writeNamed<I extends Named>(
  transact: Transact<I>,
  build: () => I[],
  context: { subject: string; fault: (message: string) => Error },
): Promise<WriteResult> {
  return withRetries(
    async () => {
      const items = build();
      const outcome = await transact(items);
      if (outcome.committed) return 'written' as const;
      return explainCancelled(items, outcome, context);
    },
    {
      verdict: (error) => (error instanceof ClaimVanished ? 'retry' : 'fail'),
      exhausted: (error) =>
        context.fault(
          `${context.subject}: a claim kept failing and vanishing (${error instanceof ClaimVanished ? error.names.join(', ') : String(error)})`,
        ),
    },
  );
}
