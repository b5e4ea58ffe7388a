/**
 * The quarterly summary of 001 п.17 (issue #11 item 9): «"МТҚ" АҚ тоқсан сайын ҚР ҰҚК-ға
 * анықталған ... АҚ оқыс оқиғалары ... бойынша жиынтық ақпаратты ... жолдайды» — the NCC
 * sends ҰҚК, every quarter, summary information on the incidents detected. Its
 * arithmetic, apart from where incidents and obligations come from: incidents by type,
 * severity, sector and SOC; the clocks by kind and by party (on time, late, missed,
 * waived, open); the vulnerabilities reported in it (001 п.13) by status, Annex 6 reason,
 * contour and reporter, with their clocks; one flat table for the CSV.
 */
import { CATALOGUE } from '../catalogue/catalogue.js';
import { formatInstant, instantOf } from '../time.js';
import {
  type ComplianceTable,
  complianceGroups,
  OBLIGATION_KINDS,
  type PartyObligations,
  type Tally,
} from './compliance.js';

/** The national (Asia/Almaty, UTC+5) offset: quarters begin at national midnight. */
const NATIONAL_OFFSET_MS = 5 * 3_600_000;

export interface QuarterWindow {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** First instant of the quarter (national midnight of its first day), UTC text. */
  from: string;
  /** Last whole second of the quarter (23:59:59 national of its last day), UTC text. */
  to: string;
  startMs: number;
  /** Exclusive: the next quarter's first instant. */
  endMs: number;
}

export function quarterWindow(year: number, quarter: 1 | 2 | 3 | 4): QuarterWindow {
  const startMs = Date.UTC(year, (quarter - 1) * 3, 1) - NATIONAL_OFFSET_MS;
  const endMs = Date.UTC(year, quarter * 3, 1) - NATIONAL_OFFSET_MS;
  // Inclusive store bounds compare as formatInstant text: a whole second, so an instant
  // stored with milliseconds in the last second still sorts before it.
  return {
    year,
    quarter,
    from: formatInstant(startMs),
    to: formatInstant(endMs - 1000),
    startMs,
    endMs,
  };
}

/** Whether an instant falls in the quarter (exact, whatever the stored text's precision). */
export function inQuarter(window: QuarterWindow, timestamp: string): boolean {
  const at = instantOf(timestamp);
  return at >= window.startMs && at < window.endMs;
}

/** What the summary needs of an incident. */
export interface CountedIncident {
  socId: string;
  type: string;
  severity: number;
  /** The sectors of the affected object's owner party; empty when unknown. */
  sectors: readonly string[];
}

export const UNSPECIFIED_SECTOR = 'unspecified';

export interface SocCount {
  socId: string;
  role: string;
  name: string;
  incidents: number;
}

export interface QuarterlyIncidents {
  total: number;
  /** Every Annex 3 type, in the form's order (zeros included: the summary is a form). */
  byType: { type: string; incidents: number }[];
  /** Every level, 4 (highest) first, as the form lists them. */
  bySeverity: { severity: number; incidents: number }[];
  /**
   * Every sector, then `unspecified` (owner unknown or without sectors). An owner in two
   * sectors counts in both, so these may add up to more than `total`.
   */
  bySector: { sector: string; incidents: number }[];
  /** Every SOC (one that reported nothing is news too), and any other party that reported. */
  bySoc: SocCount[];
}

export interface QuarterlyClocks {
  byKind: Record<string, Tally>;
  total: Tally;
  /** Per owing party: its total (per-kind detail is in the compliance report). */
  byParty: { socId: string; role: string; name: string; total: Tally }[];
}

function countBy<K extends string | number>(
  keys: readonly K[],
  values: Iterable<K>,
): Map<K, number> {
  const counts = new Map<K, number>(keys.map((k) => [k, 0]));
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

export function quarterlyIncidents(
  incidents: readonly CountedIncident[],
  parties: readonly { id: string; role: string; name: string }[],
): QuarterlyIncidents {
  const types = countBy(
    CATALOGUE.incidentType.map((e) => String(e.code)),
    incidents.map((i) => i.type),
  );
  const severities = countBy(
    CATALOGUE.severity.map((e) => Number(e.code)),
    incidents.map((i) => i.severity),
  );
  const sectors = countBy(
    [...CATALOGUE.sector.map((e) => String(e.code)), UNSPECIFIED_SECTOR],
    incidents.flatMap((i) => (i.sectors.length > 0 ? i.sectors : [UNSPECIFIED_SECTOR])),
  );
  const bySocCounts = countBy<string>(
    [],
    incidents.map((i) => i.socId),
  );
  const known = new Set(parties.map((p) => p.id));
  const bySoc: SocCount[] = [
    ...parties
      .filter((p) => p.role === 'soc' || bySocCounts.has(p.id))
      .map((p) => ({
        socId: p.id,
        role: p.role,
        name: p.name,
        incidents: bySocCounts.get(p.id) ?? 0,
      })),
    // A reporter no longer registered still counted, by id.
    ...[...bySocCounts]
      .filter(([id]) => !known.has(id))
      .map(([id, n]) => ({ socId: id, role: '', name: '', incidents: n })),
  ];
  return {
    total: incidents.length,
    byType: [...types].map(([type, n]) => ({ type, incidents: n })),
    bySeverity: [...severities].map(([severity, n]) => ({ severity, incidents: n })),
    bySector: [...sectors].map(([sector, n]) => ({ sector, incidents: n })),
    bySoc,
  };
}

export function quarterlyClocks(parties: readonly PartyObligations[]): QuarterlyClocks {
  const kinds = complianceGroups(parties, 'kind', {});
  const socs = complianceGroups(parties, 'soc', {});
  if (kinds.groupBy !== 'kind' || socs.groupBy !== 'soc') throw new Error('unreachable');
  return {
    byKind: kinds.kinds,
    total: kinds.total,
    byParty: socs.socs.map((row) => ({
      socId: row.socId,
      role: row.role,
      name: row.name,
      total: row.total,
    })),
  };
}

/** What the summary needs of a vulnerability (001 п.13, Annexes 5–6). */
export interface CountedVulnerability {
  reporterId: string;
  /** reported, not_eliminated, eliminated: as it stands when the summary is made. */
  status: string;
  contour: string;
  /** The Annex 6 category, when one is stated. */
  reason?: string;
}

/** The vulnerability clocks (001 п.13, Annex 6, п.23). */
export const VULNERABILITY_KINDS = [
  'vulnerability_report',
  'vulnerability_measures',
  'vulnerability_elimination',
  'vulnerability_correction',
] as const;

export const VULNERABILITY_STATUSES = ['reported', 'not_eliminated', 'eliminated'] as const;

export interface QuarterlyVulnerabilities {
  /** Reported to the gateway in the quarter. */
  total: number;
  /** Every status, zeros included. The form has no severity column (Annex 5), so none is counted. */
  byStatus: { status: string; vulnerabilities: number }[];
  /** Every Annex 6 category of those not eliminated. */
  byReason: { reason: string; vulnerabilities: number }[];
  byContour: { contour: string; vulnerabilities: number }[];
  /** Each party that reported in the quarter, by id. */
  byReporter: { reporterId: string; name: string; vulnerabilities: number }[];
  /** The vulnerability clocks due in the quarter (the same obligations as `clocks.byKind`). */
  clocks: Record<(typeof VULNERABILITY_KINDS)[number], Tally> & { total: Tally };
}

export function quarterlyVulnerabilities(
  vulnerabilities: readonly CountedVulnerability[],
  clocks: QuarterlyClocks,
  parties: readonly { id: string; name: string }[],
): QuarterlyVulnerabilities {
  const statuses = countBy<string>(
    VULNERABILITY_STATUSES,
    vulnerabilities.map((v) => v.status),
  );
  const reasons = countBy<string>(
    CATALOGUE.nonEliminationReason.map((e) => String(e.code)),
    vulnerabilities.flatMap((v) => (v.reason === undefined ? [] : [v.reason])),
  );
  const contours = countBy<string>(
    CATALOGUE.perimeter.map((e) => String(e.code)),
    vulnerabilities.map((v) => v.contour),
  );
  const reporters = countBy<string>(
    [],
    vulnerabilities.map((v) => v.reporterId),
  );
  const names = new Map(parties.map((p) => [p.id, p.name]));
  const tallies = Object.fromEntries(
    VULNERABILITY_KINDS.map((kind) => [kind, clocks.byKind[kind] as Tally]),
  ) as Record<(typeof VULNERABILITY_KINDS)[number], Tally>;
  return {
    total: vulnerabilities.length,
    byStatus: [...statuses].map(([status, n]) => ({ status, vulnerabilities: n })),
    byReason: [...reasons].map(([reason, n]) => ({ reason, vulnerabilities: n })),
    byContour: [...contours].map(([contour, n]) => ({ contour, vulnerabilities: n })),
    byReporter: [...reporters]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([reporterId, n]) => ({
        reporterId,
        name: names.get(reporterId) ?? '',
        vulnerabilities: n,
      })),
    clocks: { ...tallies, total: sumTallies(Object.values(tallies)) },
  };
}

/** Tallies added up; the lateness figures need the single lates, so they are left out. */
function sumTallies(tallies: readonly Tally[]): Tally {
  const sum = (key: 'onTime' | 'late' | 'missed' | 'open' | 'waived') =>
    tallies.reduce((n, t) => n + t[key], 0);
  return {
    onTime: sum('onTime'),
    late: sum('late'),
    missed: sum('missed'),
    open: sum('open'),
    waived: sum('waived'),
  };
}

export interface QuarterlySummary {
  year: number;
  quarter: number;
  from: string;
  to: string;
  incidents: QuarterlyIncidents;
  clocks: QuarterlyClocks;
  vulnerabilities: QuarterlyVulnerabilities;
}

const TALLY_COLUMNS = ['onTime', 'late', 'lateMedian', 'lateWorst', 'missed', 'waived', 'open'];

function tallyCells(t: Tally): (string | number)[] {
  return [t.onTime, t.late, t.lateMedian ?? '', t.lateWorst ?? '', t.missed, t.waived, t.open];
}

const NO_TALLY = TALLY_COLUMNS.map(() => '');

/**
 * The summary as one table for the CSV: a `section` column (type, severity, sector,
 * soc, clock, clock_party), the row's key and name, the incidents counted (incident
 * sections) or the clock's tally (clock sections).
 */
export function quarterlyTable(summary: QuarterlySummary): ComplianceTable {
  const { incidents, clocks, vulnerabilities } = summary;
  const lead = [summary.year, summary.quarter];
  return {
    columns: ['year', 'quarter', 'section', 'key', 'name', 'incidents', ...TALLY_COLUMNS],
    rows: [
      [...lead, 'incidents', 'total', '', incidents.total, ...NO_TALLY],
      ...incidents.byType.map((r) => [...lead, 'type', r.type, '', r.incidents, ...NO_TALLY]),
      ...incidents.bySeverity.map((r) => [
        ...lead,
        'severity',
        r.severity,
        '',
        r.incidents,
        ...NO_TALLY,
      ]),
      ...incidents.bySector.map((r) => [...lead, 'sector', r.sector, '', r.incidents, ...NO_TALLY]),
      ...incidents.bySoc.map((r) => [...lead, 'soc', r.socId, r.name, r.incidents, ...NO_TALLY]),
      ...OBLIGATION_KINDS.map((kind) => [
        ...lead,
        'clock',
        kind,
        '',
        '',
        ...tallyCells(clocks.byKind[kind] as Tally),
      ]),
      [...lead, 'clock', 'total', '', '', ...tallyCells(clocks.total)],
      ...clocks.byParty.map((r) => [
        ...lead,
        'clock_party',
        r.socId,
        r.name,
        '',
        ...tallyCells(r.total),
      ]),
      // 001 п.13: the vulnerabilities; their count sits in the `incidents` column.
      [...lead, 'vulnerabilities', 'total', '', vulnerabilities.total, ...NO_TALLY],
      ...vulnerabilities.byStatus.map((r) => [
        ...lead,
        'vulnerability_status',
        r.status,
        '',
        r.vulnerabilities,
        ...NO_TALLY,
      ]),
      ...vulnerabilities.byReason.map((r) => [
        ...lead,
        'vulnerability_reason',
        r.reason,
        '',
        r.vulnerabilities,
        ...NO_TALLY,
      ]),
      ...vulnerabilities.byContour.map((r) => [
        ...lead,
        'vulnerability_contour',
        r.contour,
        '',
        r.vulnerabilities,
        ...NO_TALLY,
      ]),
      ...vulnerabilities.byReporter.map((r) => [
        ...lead,
        'vulnerability_reporter',
        r.reporterId,
        r.name,
        r.vulnerabilities,
        ...NO_TALLY,
      ]),
    ],
  };
}
