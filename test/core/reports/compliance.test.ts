/**
 * The compliance report's arithmetic and its CSV (issue #10 item 5): counts, the median
 * and worst lateness, the month view, and no cell a spreadsheet would run as a formula.
 */
import { describe, expect, it } from 'vitest';
import {
  type CountedObligation,
  complianceGroups,
  complianceTable,
  nationalMonthOf,
  type OwingParty,
} from '../../../functions/core/reports/compliance.js';
import { CSV_BOM, csvCell, renderCsv } from '../../../functions/core/reports/csv.js';

const soc: OwingParty = { id: 'soc-a', role: 'soc', name: 'SOC A' };

function late(kind: CountedObligation['kind'], seconds: number, dueAt = '2026-11-10T05:00:00Z') {
  return { kind, state: 'satisfied_late' as const, dueAt, lateBySeconds: seconds };
}

describe('complianceGroups', () => {
  it('counts each state and gives the median and worst lateness as ISO 8601 durations', () => {
    const obligations: CountedObligation[] = [
      { kind: 'notify_ncc', state: 'satisfied', dueAt: '2026-11-10T05:00:00Z' },
      late('notify_ncc', 300),
      late('notify_ncc', 1_500),
      late('notify_ncc', 344_700),
      { kind: 'card', state: 'missed', dueAt: '2026-11-10T05:00:00Z' },
      { kind: 'card', state: 'open', dueAt: '2026-11-12T05:00:00Z' },
      { kind: 'elimination', state: 'waived', dueAt: '2026-11-12T05:00:00Z' },
    ];
    const report = complianceGroups([{ party: soc, obligations }], 'soc', {});
    if (report.groupBy !== 'soc') throw new Error('not by soc');
    const row = report.socs[0];
    expect(row?.obligations.notify_ncc).toEqual({
      onTime: 1,
      late: 3,
      lateMedian: 'PT25M',
      lateWorst: 'PT95H45M',
      missed: 0,
      open: 0,
      waived: 0,
    });
    expect(row?.obligations.card).toEqual({ onTime: 0, late: 0, missed: 1, open: 1, waived: 0 });
    expect(row?.total).toMatchObject({ onTime: 1, late: 3, missed: 1, open: 1, waived: 1 });
  });

  it('takes the mean of the middle two for an even count, in whole seconds', () => {
    const report = complianceGroups(
      [
        {
          party: soc,
          obligations: [late('card', 60), late('card', 121), late('card', 7_200), late('card', 10)],
        },
      ],
      'kind',
      {},
    );
    if (report.groupBy !== 'kind') throw new Error('not by kind');
    // Sorted 10, 60, 121, 7200: the middle two average 90.5 s, rounded to 91 s.
    expect(report.kinds.card).toMatchObject({ late: 4, lateMedian: 'PT1M31S', lateWorst: 'PT2H' });
    expect(report.total.late).toBe(4);
  });

  it('keeps a SOC that owed nothing, and drops an owner or the NCC that owed nothing', () => {
    const report = complianceGroups(
      [
        { party: soc, obligations: [] },
        { party: { id: 'owner-x', role: 'owner', name: 'Owner' }, obligations: [] },
      ],
      'soc',
      {},
    );
    if (report.groupBy !== 'soc') throw new Error('not by soc');
    expect(report.socs.map((r) => r.socId)).toEqual(['soc-a']);
  });

  it('groups by the national month of the due instant, listing every month of a quarter window', () => {
    expect(nationalMonthOf('2026-10-31T19:30:00Z')).toBe('2026-11'); // 00:30 on 1 November in Astana
    const report = complianceGroups(
      [
        {
          party: soc,
          obligations: [
            late('card', 60, '2026-11-02T05:00:00Z'),
            late('card', 120, '2026-12-02T05:00:00Z'),
          ],
        },
      ],
      'month',
      { from: '2026-09-30T19:00:00Z', to: '2026-12-31T18:59:59Z' },
    );
    if (report.groupBy !== 'month') throw new Error('not by month');
    expect(report.months.map((m) => m.month)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(report.months[0]?.socs[0]?.total.late).toBe(0);
    expect(report.months[1]?.socs[0]?.obligations.card.lateWorst).toBe('PT1M');
    expect(report.months[2]?.socs[0]?.obligations.card.lateWorst).toBe('PT2M');
  });

  it('lists only the months with obligations when the window is open or wider than three years', () => {
    const obligations = [late('card', 60, '2026-11-02T05:00:00Z')];
    for (const window of [{}, { from: '2020-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }]) {
      const report = complianceGroups([{ party: soc, obligations }], 'month', window);
      if (report.groupBy !== 'month') throw new Error('not by month');
      expect(report.months.map((m) => m.month)).toEqual(['2026-11']);
    }
  });
});

describe('complianceTable and its CSV', () => {
  it('has a row per kind owed and a total per party', () => {
    const table = complianceTable(
      complianceGroups([{ party: soc, obligations: [late('card', 60)] }], 'soc', {}),
    );
    expect(table.columns).toEqual([
      'party',
      'role',
      'name',
      'kind',
      'onTime',
      'late',
      'lateMedian',
      'lateWorst',
      'missed',
      'waived',
      'open',
    ]);
    expect(table.rows).toEqual([
      ['soc-a', 'soc', 'SOC A', 'card', 0, 1, 'PT1M', 'PT1M', 0, 0, 0],
      ['soc-a', 'soc', 'SOC A', 'total', 0, 1, 'PT1M', 'PT1M', 0, 0, 0],
    ]);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+7 727 000', "'+7 727 000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['Энерго, "Алматы"', '"Энерго, ""Алматы"""'],
    ['soc-a', 'soc-a'],
    ['PT25M', 'PT25M'],
  ])('escapes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers as numbers, CRLF line ends and a byte-order mark', () => {
    const csv = renderCsv({ columns: ['a', 'b'], rows: [[-1, 'x']] });
    expect(csv).toBe(`${CSV_BOM}a,b\r\n-1,x\r\n`);
  });
});
