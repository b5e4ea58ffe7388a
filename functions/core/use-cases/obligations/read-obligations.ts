import { contactChangeObligations } from '../../clocks/contact-change.js';
import { statusOf } from '../../clocks/obligations.js';
import { ValidationError } from '../../errors.js';
import type { ObligationState } from '../../model/messages.js';
import type { Page } from '../../ports/paging.js';
import type { Obligation } from '../../ports/records.js';
import { complianceGroups, GROUP_BYS, type PartyObligations } from '../../reports/compliance.js';
import { formatInstant, instantOf } from '../../time.js';
import { ownPartyFilter, type Principal, requireRole, type Uses } from '../context.js';
import { type QueryParameters, QueryReader } from '../paging.js';

const STATES: readonly ObligationState[] = [
  'open',
  'satisfied',
  'satisfied_late',
  'missed',
  'waived',
];

/**
 * The store filter for the query scheme: `dueWithin` narrows the due window to
 * [now, now + duration] (open obligations unless a state is named), `overdue=true`
 * means missed and `overdue=false` anything but missed. Contradictions are a 422.
 */
export function obligationWindow(q: {
  nowMs: number;
  state?: ObligationState;
  from?: string;
  to?: string;
  dueWithinMs?: number;
  overdue?: boolean;
}): { state?: ObligationState; dueFrom?: string; dueTo?: string } {
  let state = q.state;
  let dueFrom = q.from;
  let dueTo = q.to;
  if (q.dueWithinMs !== undefined) {
    const now = formatInstant(q.nowMs);
    const until = formatInstant(q.nowMs + q.dueWithinMs);
    dueFrom = dueFrom !== undefined && dueFrom > now ? dueFrom : now;
    dueTo = dueTo !== undefined && dueTo < until ? dueTo : until;
    state ??= 'open';
  }
  if (q.overdue === true) {
    if (state !== undefined && state !== 'missed') throw contradiction('overdue', `state=${state}`);
    state = 'missed';
  }
  if (q.overdue === false && state === 'missed') throw contradiction('overdue', 'state=missed');
  return {
    ...(state === undefined ? {} : { state }),
    ...(dueFrom === undefined ? {} : { dueFrom }),
    ...(dueTo === undefined ? {} : { dueTo }),
  };
}

function contradiction(name: string, other: string): ValidationError {
  return new ValidationError(
    [
      {
        pointer: `/query/${name}`,
        code: 'conflicting_parameters',
        message: `Contradicts ${other}.`,
      },
    ],
    'The query parameters are invalid.',
  );
}

/** Whether a due instant lies in the inclusive window (bounds as the query gave them). */
function dueWithin(dueAt: string, from?: string, to?: string): boolean {
  const at = instantOf(dueAt);
  return (from === undefined || at >= instantOf(from)) && (to === undefined || at <= instantOf(to));
}

/** An obligation as the API shows it. */
export function obligationView(o: Obligation) {
  return {
    id: o.id,
    subjectId: o.subjectId,
    owedBy: o.owedBy,
    ...statusOf(o),
    startsAt: o.startsAt,
    ...(o.satisfiedAt ? { satisfiedAt: o.satisfiedAt } : {}),
    ...(o.missedAt ? { missedAt: o.missedAt } : {}),
    ...(o.escalation ? { escalation: o.escalation } : {}),
    ...(o.waiver ? { waiver: o.waiver } : {}),
  };
}

/**
 * GET /v1/obligations — the NCC sees all (optionally one SOC's, `soc=`), a SOC its own.
 * `from`/`to` bound the due time; `dueWithin=PT1H` is what falls due in the next hour
 * (open, unless `state` says otherwise); `overdue=true` is what was missed.
 */
export async function listObligations(
  deps: Uses<'obligations'>,
  principal: Principal,
  query: QueryParameters,
) {
  requireRole(principal, 'soc', 'owner', 'ncc');
  const reader = new QueryReader(query);
  const requestedState = reader.oneOf('state', STATES);
  const window = reader.window();
  const dueWithinMs = reader.duration('dueWithin');
  const overdue = reader.boolean('overdue');
  const owedBy = ownPartyFilter(principal, 'soc', reader.string('soc'));
  const page = reader.page();
  reader.done();
  const nowMs = deps.now().getTime();
  const filter = obligationWindow({
    nowMs,
    ...(requestedState === undefined ? {} : { state: requestedState }),
    ...window,
    ...(dueWithinMs === undefined ? {} : { dueWithinMs }),
    ...(overdue === undefined ? {} : { overdue }),
  });
  const { state, dueFrom, dueTo } = filter;
  const result = await deps.obligations.listObligations(
    {
      ...(owedBy === undefined ? {} : { owedBy }),
      ...(state === undefined ? {} : { state }),
      ...(dueFrom === undefined ? {} : { dueFrom }),
      ...(dueTo === undefined ? {} : { dueTo }),
    },
    page,
  );
  return {
    items: result.items.map(obligationView),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

/**
 * GET /v1/reports/compliance — over obligations due in the window (`from`/`to`), per
 * party and obligation kind (`groupBy=soc`, the default), per kind (`kind`) or per
 * national month, party and kind (`month`): on time, late (median and worst lateness),
 * missed (still outstanding past due), open and waived. `soc=` keeps one party.
 */
export async function complianceReport(
  deps: Uses<'obligations' | 'parties'>,
  principal: Principal,
  query: QueryParameters,
) {
  requireRole(principal, 'ncc');
  const reader = new QueryReader(query);
  const window = reader.window();
  const { from: dueFrom, to: dueTo } = window;
  const onlySoc = reader.string('soc');
  const groupBy = reader.oneOf('groupBy', GROUP_BYS) ?? 'soc';
  reader.done();
  // Every SOC has a row; an owner that reported itself (001 п.24) and the NCC (its own
  // 30-minute notices, 001 п.10(1)) have one when they owe something in the window.
  const owing = (await deps.parties.listParties()).filter(
    (p) =>
      (p.role === 'soc' || p.role === 'owner' || p.role === 'ncc') &&
      (onlySoc === undefined || p.id === onlySoc),
  );
  const parties: PartyObligations[] = [];
  for (const party of owing) {
    const obligations: Obligation[] = [];
    let cursor: string | undefined;
    do {
      const page: Page<Obligation> = await deps.obligations.listObligations(
        { owedBy: party.id, ...(dueFrom ? { dueFrom } : {}), ...(dueTo ? { dueTo } : {}) },
        { limit: 200, ...(cursor ? { cursor } : {}) },
      );
      obligations.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // 001 п.16: contact changes are clocks kept on the party record (clocks/contact-change.ts).
    obligations.push(
      ...contactChangeObligations(party).filter((o) => dueWithin(o.dueAt, dueFrom, dueTo)),
    );
    parties.push({ party: { id: party.id, role: party.role, name: party.name }, obligations });
  }
  return {
    generatedAt: deps.now().toISOString(),
    ...(dueFrom ? { from: dueFrom } : {}),
    ...(dueTo ? { to: dueTo } : {}),
    ...(onlySoc ? { soc: onlySoc } : {}),
    ...complianceGroups(parties, groupBy, window),
  };
}
