/**
 * The compliance report's arithmetic (issue #10 item 5), apart from where obligations
 * come from: counts per party and obligation kind, per kind, or per national month, with
 * the lateness of what was done late (median and worst, ISO 8601 durations), and the one
 * flat table the CSV and XLSX renderings share.
 */
import type { ObligationKind, ObligationState } from '../model/messages.js';
import { instantOf, isoDuration } from '../time.js';

export const OBLIGATION_KINDS: readonly ObligationKind[] = [
  'notify_ncc',
  'notify_owner',
  'card',
  'severity_review',
  'notice_ack',
  'notice_response',
  'elimination',
  'notify_responsible',
  'contact_change',
  'vulnerability_report',
  'vulnerability_measures',
  'vulnerability_elimination',
  'vulnerability_correction',
];

export type ComplianceGroupBy = 'soc' | 'kind' | 'month';
export const GROUP_BYS: readonly ComplianceGroupBy[] = ['soc', 'kind', 'month'];

/** What the report needs of an obligation. */
export interface CountedObligation {
  kind: ObligationKind;
  state: ObligationState;
  dueAt: string;
  lateBySeconds?: number;
}

/** What the report needs of a party that owes obligations. */
export interface OwingParty {
  id: string;
  role: string;
  name: string;
}

/**
 * One cell of the report. `onTime` satisfied by the due instant; `late` satisfied after
 * it (a recorded miss stays counted here once satisfied); `missed` past due and still
 * outstanding; `open` not yet due; `waived` released.
 */
export interface Tally {
  onTime: number;
  late: number;
  /** Median lateness of the late ones (the mean of the middle two when even, whole seconds). */
  lateMedian?: string;
  /** The greatest lateness of the late ones. */
  lateWorst?: string;
  missed: number;
  open: number;
  waived: number;
}

class Counter {
  onTime = 0;
  missed = 0;
  open = 0;
  waived = 0;
  readonly lateSeconds: number[] = [];

  add(o: CountedObligation): void {
    if (o.state === 'satisfied') this.onTime++;
    else if (o.state === 'satisfied_late') this.lateSeconds.push(o.lateBySeconds ?? 0);
    else if (o.state === 'missed') this.missed++;
    else if (o.state === 'open') this.open++;
    else this.waived++;
  }

  get count(): number {
    return this.onTime + this.lateSeconds.length + this.missed + this.open + this.waived;
  }

  tally(): Tally {
    const late = [...this.lateSeconds].sort((a, b) => a - b);
    const tally: Tally = { onTime: this.onTime, late: late.length, missed: 0, open: 0, waived: 0 };
    if (late.length > 0) {
      const middle = Math.floor(late.length / 2);
      const median =
        late.length % 2 === 1
          ? (late[middle] ?? 0)
          : ((late[middle - 1] ?? 0) + (late[middle] ?? 0)) / 2;
      tally.lateMedian = isoDuration(median);
      tally.lateWorst = isoDuration(late[late.length - 1] ?? 0);
    }
    tally.missed = this.missed;
    tally.open = this.open;
    tally.waived = this.waived;
    return tally;
  }
}

/** Per kind (every kind, in the order of the forms) and in total. */
class KindCounters {
  readonly byKind = new Map<ObligationKind, Counter>(
    OBLIGATION_KINDS.map((k) => [k, new Counter()]),
  );
  readonly total = new Counter();

  add(o: CountedObligation): void {
    const counter = this.byKind.get(o.kind);
    if (!counter) return;
    counter.add(o);
    this.total.add(o);
  }

  view(): { obligations: Record<ObligationKind, Tally>; total: Tally } {
    return {
      obligations: Object.fromEntries(
        [...this.byKind].map(([kind, counter]) => [kind, counter.tally()]),
      ) as Record<ObligationKind, Tally>,
      total: this.total.tally(),
    };
  }

  /** Kinds with anything counted, in the forms' order. */
  kindsCounted(): ObligationKind[] {
    return [...this.byKind].filter(([, c]) => c.count > 0).map(([kind]) => kind);
  }
}

/** The national (Asia/Almaty, UTC+5) calendar month of an instant: `2026-10`. */
export function nationalMonthOf(timestamp: string): string {
  return new Date(instantOf(timestamp) + 5 * 3_600_000).toISOString().slice(0, 7);
}

/** A month-by-month view enumerates the window's months only up to this many. */
export const MAX_ENUMERATED_MONTHS = 36;

/** Every national month from `from` to `to`, when that is at most {@link MAX_ENUMERATED_MONTHS}. */
function monthsBetween(from: string, to: string): string[] {
  const [fy = 0, fm = 1] = nationalMonthOf(from).split('-').map(Number);
  const [ty = 0, tm = 1] = nationalMonthOf(to).split('-').map(Number);
  const count = (ty - fy) * 12 + (tm - fm) + 1;
  if (count < 1 || count > MAX_ENUMERATED_MONTHS) return [];
  return Array.from({ length: count }, (_, i) => {
    const index = fm - 1 + i;
    return `${fy + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

export interface PartyObligations {
  party: OwingParty;
  obligations: readonly CountedObligation[];
}

export interface ReportWindow {
  from?: string;
  to?: string;
}

/** A party's row: SOCs always (a SOC that owed nothing is news too), others when they owed something. */
function shown(party: OwingParty, counters: KindCounters): boolean {
  return party.role === 'soc' || counters.total.count > 0;
}

/** One party's counts: per kind (every kind) and in total. */
export interface PartyView {
  socId: string;
  role: string;
  name: string;
  obligations: Record<ObligationKind, Tally>;
  total: Tally;
}

function partyRow(party: OwingParty, counters: KindCounters): PartyView {
  return { socId: party.id, role: party.role, name: party.name, ...counters.view() };
}

/** The report body by grouping (the JSON and XML answer; CSV and XLSX flatten it). */
export type ComplianceGroups =
  | { groupBy: 'soc'; socs: PartyView[] }
  | { groupBy: 'kind'; kinds: Record<ObligationKind, Tally>; total: Tally }
  | { groupBy: 'month'; months: { month: string; socs: PartyView[] }[] };

/** The report body for `groupBy`. */
export function complianceGroups(
  parties: readonly PartyObligations[],
  groupBy: ComplianceGroupBy,
  window: ReportWindow,
): ComplianceGroups {
  if (groupBy === 'kind') {
    const counters = new KindCounters();
    for (const { obligations } of parties) for (const o of obligations) counters.add(o);
    const { obligations, total } = counters.view();
    return { groupBy: 'kind', kinds: obligations, total };
  }
  if (groupBy === 'month') {
    const months = new Set(
      window.from !== undefined && window.to !== undefined
        ? monthsBetween(window.from, window.to)
        : [],
    );
    for (const { obligations } of parties)
      for (const o of obligations) months.add(nationalMonthOf(o.dueAt));
    return {
      groupBy: 'month',
      months: [...months].sort().map((month) => ({
        month,
        socs: parties.flatMap(({ party, obligations }) => {
          const counters = new KindCounters();
          for (const o of obligations) if (nationalMonthOf(o.dueAt) === month) counters.add(o);
          return shown(party, counters) ? [partyRow(party, counters)] : [];
        }),
      })),
    };
  }
  return {
    groupBy: 'soc',
    socs: parties.flatMap(({ party, obligations }) => {
      const counters = new KindCounters();
      for (const o of obligations) counters.add(o);
      return shown(party, counters) ? [partyRow(party, counters)] : [];
    }),
  };
}

/** One table for CSV and XLSX: a header row of stable English names, then the rows. */
export interface ComplianceTable {
  columns: string[];
  rows: (string | number)[][];
}

const TALLY_COLUMNS = ['onTime', 'late', 'lateMedian', 'lateWorst', 'missed', 'waived', 'open'];
const PARTY_COLUMNS = ['party', 'role', 'name'];

function tallyCells(t: Tally): (string | number)[] {
  return [t.onTime, t.late, t.lateMedian ?? '', t.lateWorst ?? '', t.missed, t.waived, t.open];
}

/** A party's rows: each kind it owed anything of, then `total` (always). */
function partyRows(row: PartyView, lead: (string | number)[]): (string | number)[][] {
  const kinds = OBLIGATION_KINDS.filter((kind) => {
    const t = row.obligations[kind];
    return t.onTime + t.late + t.missed + t.open + t.waived > 0;
  });
  return [
    ...kinds.map((kind) => [
      ...lead,
      row.socId,
      row.role,
      row.name,
      kind,
      ...tallyCells(row.obligations[kind]),
    ]),
    [...lead, row.socId, row.role, row.name, 'total', ...tallyCells(row.total)],
  ];
}

/**
 * The report as one table: per party and kind (`soc`), per kind (`kind`, every kind),
 * or per month, party and kind (`month`, the quarter view of 001 п.17–18 when `from`/`to`
 * span a quarter). A `total` row closes each party (or the report, by kind).
 */
export function complianceTable(groups: ComplianceGroups): ComplianceTable {
  if (groups.groupBy === 'kind') {
    return {
      columns: ['kind', ...TALLY_COLUMNS],
      rows: [
        ...OBLIGATION_KINDS.map((kind) => [kind, ...tallyCells(groups.kinds[kind])]),
        ['total', ...tallyCells(groups.total)],
      ],
    };
  }
  if (groups.groupBy === 'month') {
    return {
      columns: ['month', ...PARTY_COLUMNS, 'kind', ...TALLY_COLUMNS],
      rows: groups.months.flatMap(({ month, socs }) =>
        socs.flatMap((row) => partyRows(row, [month])),
      ),
    };
  }
  return {
    columns: [...PARTY_COLUMNS, 'kind', ...TALLY_COLUMNS],
    rows: groups.socs.flatMap((row) => partyRows(row, [])),
  };
}
