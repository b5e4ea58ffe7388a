/**
 * The quarterly summary's vulnerabilities section (issue #11 items 7 and 9; 001 п.13, п.17):
 * the vulnerabilities reported in the quarter by status, Annex 6 reason, contour and
 * reporter, and their clocks on time, late and missed; the CSV carries the same rows. In
 * process on the memory store, at a fixed instant in the fourth quarter of 2026.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import { billingObject } from '../../support/messages.js';
import { jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

/** 11:00 in Astana on 7 December 2026. */
const NOW = '2026-12-07T06:00:00.000Z';
let h: RouteHarness;

const form = (reference: string, overrides: Record<string, unknown> = {}) => ({
  reference,
  detectedAt: '2026-12-07T09:00:00+05:00',
  contour: 'external',
  objectName: 'Billing server',
  component: 'billing.energo-example.kz',
  description: 'CVE-2021-23017',
  ...overrides,
});

async function report(as: string, body: unknown) {
  const result = await h.call({
    method: 'POST',
    url: '/v1/vulnerabilities',
    as,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if ((result.statusCode ?? 0) >= 300) throw new Error(`${result.statusCode} ${result.body}`);
}

beforeAll(async () => {
  h = routeHarness(NOW);
  await h.register('ncc-duty', 'ncc');
  await h.register('owner-energo', 'owner', { name: 'Энерго' });
  await h.register('soc-a', 'soc', {
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
  });
  // Self-detected 2 h ago: on time. Detected 30 h ago: 6 h late.
  await report('owner-energo', form('V-1'));
  await report('owner-energo', form('V-2', { detectedAt: '2026-12-06T05:00:00+05:00' }));
  // A scan's, with a production need: the reason satisfies the 20 days; the elimination
  // date (1 March 2027) falls in the next quarter.
  await report(
    'soc-a',
    form('V-3', {
      contour: 'internal',
      scanResultsAt: '2026-12-06T10:00:00+05:00',
      notEliminated: {
        reason: 'production_need',
        justification: 'Needs a plant shutdown.',
        eliminateBy: '2027-03-01',
      },
    }),
  );
  // Scan results of 12 November: the 20 days ended on 2 December, missed at once.
  await report(
    'soc-a',
    form('V-4', {
      detectedAt: '2026-11-10T09:00:00+05:00',
      scanResultsAt: '2026-11-12T09:00:00+05:00',
    }),
  );
});

type Row = Record<string, unknown>;

describe('GET /v1/reports/quarterly: vulnerabilities (001 п.13)', () => {
  it('counts the quarter’s vulnerabilities by status, Annex 6 reason, contour and reporter, with their clocks', async () => {
    const result = await h.call({
      method: 'GET',
      url: '/v1/reports/quarterly?year=2026&quarter=4',
      as: 'ncc-duty',
    });
    expect(result.statusCode, result.body).toBe(200);
    const v = jsonOf(result).vulnerabilities as Row;
    expect(v.total).toBe(4);
    expect(v.byStatus).toEqual([
      { status: 'reported', vulnerabilities: 3 },
      { status: 'not_eliminated', vulnerabilities: 1 },
      { status: 'eliminated', vulnerabilities: 0 },
    ]);
    expect(v.byReason).toEqual([
      { reason: 'production_need', vulnerabilities: 1 },
      { reason: 'zero_day', vulnerabilities: 0 },
      { reason: 'false_positive', vulnerabilities: 0 },
    ]);
    // The catalogue's order: internal, then external.
    expect(v.byContour).toEqual([
      { contour: 'internal', vulnerabilities: 1 },
      { contour: 'external', vulnerabilities: 3 },
    ]);
    expect(v.byReporter).toEqual([
      { reporterId: 'owner-energo', name: 'Энерго', vulnerabilities: 2 },
      { reporterId: 'soc-a', name: expect.any(String), vulnerabilities: 2 },
    ]);
    const clocks = v.clocks as Record<string, Row>;
    expect(clocks.vulnerability_report).toMatchObject({ onTime: 1, late: 1, lateWorst: 'PT6H' });
    expect(clocks.vulnerability_measures).toMatchObject({ onTime: 1, late: 0, missed: 1 });
    expect(clocks.vulnerability_elimination).toMatchObject({ onTime: 0, missed: 0, open: 0 });
    expect(clocks.total).toEqual({ onTime: 2, late: 1, missed: 1, open: 0, waived: 0 });
  });

  it('puts the section in the CSV, and the elimination clock in the quarter it falls due', async () => {
    const csv = await h.call({
      method: 'GET',
      url: '/v1/reports/quarterly?year=2026&quarter=4',
      as: 'ncc-duty',
      headers: { accept: 'text/csv' },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('2026,4,vulnerabilities,total,,4,');
    expect(csv.body).toContain('2026,4,vulnerability_status,not_eliminated,,1,');
    expect(csv.body).toContain('2026,4,vulnerability_reason,production_need,,1,');

    h.setNow('2027-02-01T06:00:00.000Z');
    const q1 = jsonOf(
      await h.call({
        method: 'GET',
        url: '/v1/reports/quarterly?year=2027&quarter=1',
        as: 'ncc-duty',
      }),
    ).vulnerabilities as Row;
    expect(q1.total).toBe(0);
    expect((q1.clocks as Record<string, Row>).vulnerability_elimination).toMatchObject({
      open: 1,
    });
  });
});
