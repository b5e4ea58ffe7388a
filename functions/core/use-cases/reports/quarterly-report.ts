import { contactChangeObligations } from '../../clocks/contact-change.js';
import { ValidationError } from '../../errors.js';
import type { Page } from '../../ports/paging.js';
import type { IncidentRecord, Obligation, VulnerabilityRecord } from '../../ports/records.js';
import type { PartyObligations } from '../../reports/compliance.js';
import {
  type CountedIncident,
  inQuarter,
  type QuarterlySummary,
  quarterlyClocks,
  quarterlyIncidents,
  quarterlyVulnerabilities,
  quarterWindow,
} from '../../reports/quarterly.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { type QueryParameters, QueryReader } from '../paging.js';

const PAGE = 200;

/** Every page of a listing, in order. */
async function all<T>(read: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * GET /v1/reports/quarterly?year=&quarter= (NCC; 001 п.17: the summary the NCC sends ҰҚК
 * every quarter). A quarter is three national (UTC+5) calendar months. Incidents are
 * those the gateway received in the quarter, by type, severity, the sectors of the
 * affected object's owner party, and reporting party; clocks are the obligations due in
 * the quarter, on time, late, missed, waived and open, by kind and by owing party. Both
 * come from the stores' listings by window (incidents by creation, obligations by due
 * time); no table scan. The vulnerabilities (001 п.13) are those reported in the
 * quarter, by status, Annex 6 reason, contour and reporter, with the vulnerability clocks
 * due in it. The current quarter is answered as it stands; a later one is 422.
 */
export async function quarterlyReport(
  deps: Uses<'incidents' | 'vulnerabilities' | 'obligations' | 'parties'>,
  principal: Principal,
  query: QueryParameters,
): Promise<QuarterlySummary & { generatedAt: string }> {
  requireRole(principal, 'ncc');
  const reader = new QueryReader(query);
  // Absent: `required`; present: an integer in range, else `out_of_range` (both 422).
  reader.requiredString('year');
  reader.requiredString('quarter');
  const year = reader.integer('year', 2000, 9999);
  const quarter = reader.integer('quarter', 1, 4);
  reader.done();
  if (year === undefined || quarter === undefined) throw new Error('unreachable: done() refused');
  const window = quarterWindow(year, quarter as 1 | 2 | 3 | 4);
  if (window.startMs > deps.now().getTime()) {
    throw new ValidationError(
      [{ pointer: '/query/quarter', code: 'in_future', message: 'Lies in the future.' }],
      'The query parameters are invalid.',
    );
  }
  return quarterlySummaryOf(deps, year, quarter as 1 | 2 | 3 | 4);
}

/** The ports the summary reads. */
export type QuarterlySummaryDeps = Uses<
  'incidents' | 'vulnerabilities' | 'obligations' | 'parties'
>;

/**
 * The summary of one national quarter as it stands now: what the route answers and what
 * the quarterly job delivers to ҰҚК (001 п.17, `deliver-quarterly-summary.ts`).
 */
export async function quarterlySummaryOf(
  deps: QuarterlySummaryDeps,
  year: number,
  quarter: 1 | 2 | 3 | 4,
): Promise<QuarterlySummary & { generatedAt: string }> {
  const window = quarterWindow(year, quarter);
  const now = deps.now();

  const [parties, incidents, vulnerabilities, obligations] = await Promise.all([
    deps.parties.listParties(),
    all<IncidentRecord>((cursor) =>
      deps.incidents.listIncidents(
        { createdFrom: window.from, createdTo: window.to },
        { limit: PAGE, ...(cursor ? { cursor } : {}) },
      ),
    ),
    all<VulnerabilityRecord>((cursor) =>
      deps.vulnerabilities.listVulnerabilities(
        { createdFrom: window.from, createdTo: window.to },
        { limit: PAGE, ...(cursor ? { cursor } : {}) },
      ),
    ),
    all<Obligation>((cursor) =>
      deps.obligations.listObligations(
        { dueFrom: window.from, dueTo: window.to },
        { limit: PAGE, ...(cursor ? { cursor } : {}) },
      ),
    ),
  ]);
  const byId = new Map(parties.map((p) => [p.id, p]));

  const counted: CountedIncident[] = incidents
    .filter((i) => inQuarter(window, i.createdAt))
    .map((i) => {
      // The owner as the gateway resolved it (registered among the SOC's objects), not a bare claim.
      const owner = i.ownerId;
      return {
        socId: i.socId,
        type: i.type,
        severity: i.severity,
        sectors: (owner === undefined ? undefined : byId.get(owner)?.sectors) ?? [],
      };
    });

  // As the compliance report: every SOC, and an owner (001 п.24) or the NCC (001 п.10(1))
  // when it owed something in the quarter.
  const owed = new Map<string, Obligation[]>();
  for (const o of obligations) {
    if (!inQuarter(window, o.dueAt)) continue;
    const list = owed.get(o.owedBy);
    if (list) list.push(o);
    else owed.set(o.owedBy, [o]);
  }
  // 001 п.16: contact changes are clocks kept on the party record (clocks/contact-change.ts).
  const owing: PartyObligations[] = parties
    .filter((p) => p.role === 'soc' || p.role === 'owner' || p.role === 'ncc')
    .map((p) => ({
      party: { id: p.id, role: p.role, name: p.name },
      obligations: [
        ...(owed.get(p.id) ?? []),
        ...contactChangeObligations(p).filter((o) => inQuarter(window, o.dueAt)),
      ],
    }));

  const clocks = quarterlyClocks(owing);
  return {
    generatedAt: now.toISOString(),
    year,
    quarter,
    from: window.from,
    to: window.to,
    incidents: quarterlyIncidents(
      counted,
      parties.map((p) => ({ id: p.id, role: p.role, name: p.name })),
    ),
    clocks,
    vulnerabilities: quarterlyVulnerabilities(
      vulnerabilities
        .filter((v) => inQuarter(window, v.createdAt))
        .map((v) => ({
          reporterId: v.reporterId,
          status: v.status,
          contour: v.vulnerability.contour,
          ...(v.vulnerability.notEliminated
            ? { reason: v.vulnerability.notEliminated.reason }
            : {}),
        })),
      clocks,
      parties,
    ),
  };
}
