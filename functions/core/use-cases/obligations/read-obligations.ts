import { statusOf } from '../../clocks/obligations.js';
import type { ObligationKind, ObligationState } from '../../model/messages.js';
import type { Obligation } from '../../ports/records.js';
import type { Page } from '../../ports/stores.js';
import { type GatewayDeps, ownPartyFilter, type Principal, requireRole } from '../context.js';
import { type QueryParameters, QueryReader } from '../paging.js';

const STATES: readonly ObligationState[] = [
  'open',
  'satisfied',
  'satisfied_late',
  'missed',
  'waived',
];
const KINDS: readonly ObligationKind[] = [
  'notify_ncc',
  'notify_owner',
  'card',
  'severity_review',
  'notice_ack',
  'notice_response',
  'elimination',
];

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
  };
}

/** GET /v1/obligations — the NCC sees all (optionally one party's), a SOC its own; by state and due window. */
export async function listObligations(
  deps: GatewayDeps,
  principal: Principal,
  query: QueryParameters,
) {
  requireRole(principal, 'soc', 'ncc');
  const reader = new QueryReader(query);
  const state = reader.oneOf('state', STATES);
  const dueFrom = reader.timestamp('dueFrom');
  const dueTo = reader.timestamp('dueTo');
  const owedBy = ownPartyFilter(principal, 'party', reader.string('party'));
  const page = reader.page();
  reader.done();
  const result = await deps.store.listObligations(
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

type Tally = { onTime: number; late: number; missed: number; open: number; waived: number };

/**
 * GET /v1/reports/compliance — per SOC and obligation kind: on time, late, missed
 * (still outstanding past due), open and waived, over obligations due in the window.
 */
export async function complianceReport(
  deps: GatewayDeps,
  principal: Principal,
  query: QueryParameters,
) {
  requireRole(principal, 'ncc');
  const reader = new QueryReader(query);
  const dueFrom = reader.timestamp('from');
  const dueTo = reader.timestamp('to');
  reader.done();
  const socs = (await deps.store.listParties()).filter((p) => p.role === 'soc');
  const rows = [];
  for (const soc of socs) {
    const byKind = new Map<ObligationKind, Tally>(
      KINDS.map((k) => [k, { onTime: 0, late: 0, missed: 0, open: 0, waived: 0 }]),
    );
    let cursor: string | undefined;
    do {
      const page: Page<Obligation> = await deps.store.listObligations(
        { owedBy: soc.id, ...(dueFrom ? { dueFrom } : {}), ...(dueTo ? { dueTo } : {}) },
        { limit: 200, ...(cursor ? { cursor } : {}) },
      );
      for (const o of page.items) {
        const tally = byKind.get(o.kind);
        if (!tally) continue;
        if (o.state === 'satisfied') tally.onTime++;
        else if (o.state === 'satisfied_late') tally.late++;
        else if (o.state === 'missed') tally.missed++;
        else if (o.state === 'open') tally.open++;
        else tally.waived++;
      }
      cursor = page.nextCursor;
    } while (cursor);
    rows.push({ socId: soc.id, name: soc.name, obligations: Object.fromEntries(byKind) });
  }
  return {
    generatedAt: deps.now().toISOString(),
    ...(dueFrom ? { from: dueFrom } : {}),
    ...(dueTo ? { to: dueTo } : {}),
    socs: rows,
  };
}
