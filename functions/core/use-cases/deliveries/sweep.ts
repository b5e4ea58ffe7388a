import { type AuditEvent, sha256Hex } from '../../audit/audit-entry.js';
import type { EscalationTargets } from '../../clocks/escalation.js';
import {
  isLevel2Due,
  markMissed,
  markReminded,
  type Obligation,
  settleLevel2,
  sweepAction,
} from '../../clocks/obligations.js';
import type { ConnectionStore } from '../../ports/connections.js';
import type { ObligationTransition } from '../../ports/obligations.js';
import type { DeliveryRecord } from '../../ports/records.js';
import { formatInstant, formatNational, instantOf } from '../../time.js';
import { sweepCredentialAges } from '../connections/credential-age.js';
import type { Uses } from '../context.js';
import { deliveriesFor, handOff } from '../dispatch.js';
import { escalateMiss, escalationTargetsOf, level1Audit, level2Drafts } from '../escalations.js';
import { resumeFanouts } from '../notices/fanout.js';
import { type RelayDeps, relayOutbox } from './relay-outbox.js';

export interface SweepDeps extends RelayDeps, Uses<'obligations' | 'parties' | 'notices'> {
  /** Obligations read per page (default 100). */
  sweepPageSize?: number;
  /** Connection state: with it, the sweep also keeps the credential ages (п.90-1(4)). */
  connections?: ConnectionStore;
}

/** What one sweep did. */
export interface SweepStats {
  /** Obligations this sweep marked missed (and escalated). */
  missed: number;
  /** Reminders this sweep sent. */
  reminded: number;
  /** Level-2 escalations this sweep settled: sent, or stopped by an ack of level 1 in time. */
  level2: number;
  /** Parties reminded that their client credential expires within 7 days. */
  credentialsReminded: number;
  /** Connections blocked because their client credential expired. */
  credentialsExpired: number;
  /** Outbox deliveries handed to SQS. */
  relayed: number;
  /** Recipients of stalled notice fan-outs this sweep expanded (issue #14 item 5). */
  fannedOut: number;
  /** Obligations read from the due and reminder indexes. */
  read: number;
}

const DEFAULT_PAGE_SIZE = 100;
/** How long one sweep goes on expanding stalled fan-outs; the next sweep continues. */
const FANOUT_BUDGET_MS = 20_000;
/** Pages per index per run: bounds one run; the next sweep continues. */
const MAX_PAGES = 50;

/**
 * The clock sweep (docs/contract.md §2), run on a schedule.
 *
 * 1. Read the open obligations now past due (from the sparse due index: the cost
 *    follows what is due, not what is open); mark each missed and escalate it to the
 *    NCC, the owing SOC and, for `elimination`, the authority.
 * 2. Read the reminders now due and remind the owing party.
 * 3. Read the missed obligations whose level 2 is due: if an `ncc` party acknowledged
 *    one of level 1's deliveries by then, level 2 is stopped; otherwise it goes to the
 *    recipients the NCC named (issue #9 item 8). Either way, once.
 * 4. Finish notice fan-outs that stopped (the accepting process crashed, its store
 *    failed, or it ran out of time), from where each stands.
 * 5. Keep the parties' credential ages (п.90-1(4)): remind 7 days before expiry, block
 *    at expiry (only with the connection store wired).
 * 6. Relay outbox deliveries that never reached SQS.
 *
 * Safe under duplicate and concurrent runs: every change is written by
 * `transitionOpen`, conditioned on the obligation being unchanged since it was read,
 * together with its deliveries. The loser of a race writes nothing, so each miss is
 * marked and escalated exactly once, and only the winner hands the deliveries to SQS.
 */
export async function sweep(deps: SweepDeps): Promise<SweepStats> {
  const nowMs = deps.now().getTime();
  const now = formatInstant(nowMs);
  const pageSize = deps.sweepPageSize ?? DEFAULT_PAGE_SIZE;
  const stats: SweepStats = {
    missed: 0,
    reminded: 0,
    level2: 0,
    credentialsReminded: 0,
    credentialsExpired: 0,
    relayed: 0,
    fannedOut: 0,
    read: 0,
  };
  // The registry is read only when something is due, so an idle sweep reads nothing.
  let targets: EscalationTargets | undefined;
  const targetsRead = (): EscalationTargets => {
    if (!targets) throw new Error('escalation targets are read with the first due page');
    return targets;
  };

  // Each step runs even if an earlier one failed: a broken reminder must not stop the
  // outbox relay that backs docs/contract.md §5, nor an unreachable index stop the other one.
  const failures: unknown[] = [];
  const step = async <T>(name: string, run: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      failures.push(error);
      deps.log.warn(`Sweep step "${name}" failed; the next sweep retries it`, {
        error: describe(error),
      });
      return fallback;
    }
  };
  stats.missed = await step(
    'misses',
    () =>
      drain(deps, stats, failures, pageSize, {
        read: async () => {
          const due = await deps.obligations.listDue(now, pageSize);
          if (due.length > 0) targets ??= escalationTargetsOf(await deps.parties.listParties());
          return due;
        },
        transition: async (ob) =>
          sweepAction(ob, nowMs) === 'miss'
            ? escalateMiss(deps, markMissed(ob, nowMs), targetsRead(), nowMs)
            : undefined,
        // Level 1 is a service event too: audited with the transition that escalates it.
        write: (changes) =>
          deps.obligations.transitionOpenMany(
            changes.map((c) => ({
              ...c,
              audit: level1Audit(c.next, c.deliveries, nowMs, 'sweep'),
            })),
          ),
      }),
    0,
  );
  stats.reminded = await step(
    'reminders',
    () =>
      drain(deps, stats, failures, pageSize, {
        read: () => deps.obligations.listRemindersDue(now, pageSize),
        // A reminder that is also past due is left to the miss, which drops it.
        transition: async (ob) =>
          sweepAction(ob, nowMs) === 'remind' ? reminded(deps, ob, now) : undefined,
        write: (changes) => deps.obligations.transitionOpenMany(changes),
      }),
    0,
  );
  stats.level2 = await step(
    'level 2',
    () =>
      drain(deps, stats, failures, pageSize, {
        read: async () => {
          const due = await deps.obligations.listLevel2Due(now, pageSize);
          if (due.length > 0) targets ??= escalationTargetsOf(await deps.parties.listParties());
          return due;
        },
        transition: (ob) =>
          isLevel2Due(ob, nowMs)
            ? level2(deps, ob, nowMs, targetsRead())
            : Promise.resolve(undefined),
        write: (changes) =>
          deps.obligations.transitionLevel2Many(
            changes.map((c) => ({ ...c, audit: level2Audit(c.next, nowMs) })),
          ),
      }),
    0,
  );
  stats.fannedOut = await step(
    'fan-outs',
    () => resumeFanouts(deps, nowMs, { untilMs: nowMs + FANOUT_BUDGET_MS }),
    0,
  );
  const { connections } = deps;
  if (connections) {
    const ages = await step(
      'credential ages',
      () => sweepCredentialAges({ ...deps, connections }, nowMs),
      { reminded: 0, blocked: 0 },
    );
    stats.credentialsReminded = ages.reminded;
    stats.credentialsExpired = ages.blocked;
  }
  stats.relayed = await step('outbox relay', () => relayOutbox(deps, nowMs), 0);
  // Every step had its chance; now let the scheduler see the run failed.
  if (failures.length > 0) throw failures[0];
  return stats;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The obligation's next state and the deliveries that announce it. */
interface Transition {
  next: Obligation;
  deliveries: DeliveryRecord[];
}

interface Pass {
  read: () => Promise<Obligation[]>;
  /** The change to write, or undefined when the obligation needs nothing now. */
  transition: (ob: Obligation) => Promise<Transition | undefined>;
  /** Writes the page's changes, each guarded by the obligation as read. */
  write: (changes: ObligationTransition[]) => Promise<PromiseSettledResult<boolean>[]>;
}

/** Applies a pass page by page until a page is short; returns how many transitions it won. */
async function drain(
  deps: SweepDeps,
  stats: SweepStats,
  failures: unknown[],
  pageSize: number,
  pass: Pass,
): Promise<number> {
  let won = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const due = await pass.read();
    stats.read += due.length;
    const attempts: { ob: Obligation; change: Transition }[] = [];
    for (const ob of due) {
      const change = await pass.transition(ob);
      if (change) attempts.push({ ob, change });
    }
    // Batched into as few transactions as fit; one obligation that cannot be written
    // (a damaged record) is settled on its own and does not hold up the rest.
    const results = await pass.write(
      attempts.map(({ ob, change }) => ({
        next: change.next,
        expected: ob,
        deliveries: change.deliveries,
      })),
    );
    const settled = results.map((result, i) =>
      result.status === 'fulfilled'
        ? {
            status: 'fulfilled' as const,
            value: result.value ? attempts[i]?.change.deliveries : undefined,
          }
        : result,
    );
    const winners: DeliveryRecord[][] = [];
    let failed = 0;
    settled.forEach((result, i) => {
      if (result.status === 'fulfilled') {
        if (result.value) winners.push(result.value);
        return;
      }
      failed += 1;
      failures.push(result.reason);
      deps.log.warn('Sweep could not update an obligation; it stays due for the next sweep', {
        obligationId: attempts[i]?.ob.id,
        error: describe(result.reason),
      });
    });
    won += winners.length;
    // One hand-off per page; if SQS is down the deliveries wait in the outbox.
    await handOff(deps, winners.flat());
    // Won or lost, each written obligation has left the index; with nothing written the
    // rest of the page is not actionable now and re-reading would find the same page.
    if (due.length < pageSize || attempts.length === failed) break;
  }
  return won;
}

/**
 * The audit entry of a settled level 2 on the owing party's chain (п.90-1(7): every
 * service event, escalations included, is recorded with the write it records).
 */
function level2Audit(settled: Obligation, nowMs: number): AuditEvent {
  const at = formatInstant(nowMs);
  const ladder = settled.escalation;
  const stopped = ladder?.acknowledgedAt !== undefined;
  const detail = { obligationId: settled.id, escalation: ladder };
  return {
    partyId: settled.owedBy,
    at,
    startedAt: at,
    connectionPoint: 'gateway',
    userId: 'gateway',
    source: 'sweep',
    action: 'obligation.escalated',
    outcome: stopped ? 'level2_stopped' : 'level2',
    subjectId: settled.id,
    sha256: sha256Hex(JSON.stringify(detail)),
    description: stopped
      ? `Level 2 of the missed ${settled.kind} of ${settled.subjectId} not sent: level 1 acknowledged by ${ladder?.acknowledgedBy} at ${ladder?.acknowledgedAt}`
      : `Missed ${settled.kind} of ${settled.subjectId} escalated to level 2: ${(ladder?.level2Recipients ?? []).join(', ') || 'nobody registered'}`,
  };
}

/**
 * Issue #9 item 8: level 2 of a missed obligation. An ack by an `ncc` party of any of
 * level 1's deliveries, made by the level-2 due time, stops it (an ack after it does not:
 * the answer never depends on when the sweep happened to run). Otherwise it goes to the
 * recipients the NCC names now.
 */
async function level2(
  deps: SweepDeps,
  ob: Obligation,
  nowMs: number,
  targets: EscalationTargets,
): Promise<Transition> {
  const ladder = ob.escalation;
  const dueMs = instantOf(ladder?.level2DueAt ?? formatInstant(nowMs));
  const level1 = await Promise.all(
    (ladder?.level1Deliveries ?? []).map((id) => deps.deliveries.getDelivery(id)),
  );
  const acks = level1
    .filter((d): d is DeliveryRecord => d?.acknowledgedAt !== undefined)
    .filter((d) => instantOf(d.acknowledgedAt ?? '') <= dueMs)
    .sort((a, b) => instantOf(a.acknowledgedAt ?? '') - instantOf(b.acknowledgedAt ?? ''));
  const firstAck = acks[0];
  if (firstAck?.acknowledgedAt !== undefined) {
    const next = settleLevel2(ob, {
      acknowledged: { at: firstAck.acknowledgedAt, by: firstAck.partyId },
    });
    return { next, deliveries: [] };
  }
  const recipients = targets.level2?.recipients ?? [];
  const next = settleLevel2(ob, { sent: { atMs: nowMs, recipients } });
  return {
    next,
    deliveries: deliveriesFor(deps, level2Drafts(next, recipients), formatInstant(nowMs)),
  };
}

/** docs/contract.md §2: reminders go to the owing party before the due time. */
function reminded(deps: SweepDeps, ob: Obligation, now: string): Transition {
  const next = markReminded(ob);
  const payload = {
    obligation: next,
    subjectId: ob.subjectId,
    dueAt: ob.dueAt,
    dueAtNational: formatNational(instantOf(ob.dueAt)),
  };
  const draft = {
    partyId: ob.owedBy,
    event: 'obligation.reminder' as const,
    subjectId: ob.subjectId,
    payload,
  };
  return { next, deliveries: deliveriesFor(deps, [draft], now) };
}
