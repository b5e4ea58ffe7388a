/**
 * GET /v1/reports/quarterly (issue #11 item 9, 001 п.17), in-process on the memory store
 * at a fixed instant in the fourth quarter of 2026: incidents by type, severity, sector
 * and SOC, the clocks by kind and party, the quarter's bounds in national time, CSV with
 * formula cells escaped, and the query refused with pointers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import { billingObject, notification } from '../../support/messages.js';
import { headerOf, jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

/** 11:00 in Astana on 7 December 2026. */
const NOW = '2026-12-07T06:00:00.000Z';
/** 04:59:59 UTC on 30 September: still the third quarter in national time (23:59:59+05:00). */
const LAST_SECOND_OF_Q3 = '2026-09-30T18:59:59.500Z';
const MIN = 60_000;

let h: RouteHarness;

function at(iso: string) {
  vi.setSystemTime(new Date(iso));
  h.setNow(iso);
}

async function submit(as: string, body: unknown) {
  const result = await h.call({
    method: 'POST',
    url: '/v1/incidents',
    as,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if ((result.statusCode ?? 0) >= 300) throw new Error(`${result.statusCode} ${result.body}`);
}

const quarterly = (query: string, as = 'ncc-duty', headers: Record<string, string> = {}) =>
  h.call({ method: 'GET', url: `/v1/reports/quarterly${query}`, as, headers });

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  h = routeHarness(NOW);
  at(NOW);
  await h.register('ncc-duty', 'ncc');
  await h.register('owner-energo', 'owner', { sectors: ['electricity', 'heat'] });
  await h.register('soc-a', 'soc', {
    name: '=HYPERLINK("http://evil.example","SOC A")',
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
  });
  await h.register('soc-b', 'soc', { name: '-Батыс АҚЖО' });
  await h.register('soc-idle', 'soc', { name: '@idle' });

  // Q3, in its last national second: counted there, not in Q4.
  at(LAST_SECOND_OF_Q3);
  await submit('soc-b', notification({ confirmedAgoMs: 5 * MIN, severity: 1 }));
  at(NOW);
  // Q4: soc-a on time and 25 minutes late (owner registered: electricity and heat);
  // soc-b on time about an object it has not registered (sector unknown).
  await submit('soc-a', notification({ confirmedAgoMs: 5 * MIN, severity: 3 }));
  await submit('soc-a', notification({ confirmedAgoMs: 40 * MIN, severity: 4 }));
  await submit('soc-b', notification({ confirmedAgoMs: 2 * MIN, severity: 3 }));
});

afterAll(() => {
  vi.useRealTimers();
});

type Row = Record<string, unknown>;
const find = (rows: unknown, key: string, value: unknown) =>
  (rows as Row[]).find((r) => r[key] === value);

describe('GET /v1/reports/quarterly', () => {
  it('counts the quarter’s incidents by type, severity, sector and SOC', async () => {
    const result = await quarterly('?year=2026&quarter=4');
    expect(result.statusCode, result.body).toBe(200);
    const body = jsonOf(result);
    // National quarter bounds: 1 October 00:00 to 31 December 23:59:59 (UTC+5).
    expect(body).toMatchObject({
      year: 2026,
      quarter: 4,
      from: '2026-09-30T19:00:00Z',
      to: '2026-12-31T18:59:59Z',
    });
    const incidents = body.incidents as Row;
    expect(incidents.total).toBe(3);
    // Every type and level is listed, zeros included, in the form's order.
    expect((incidents.byType as Row[]).map((r) => r.type)).toContain('dos_ddos');
    expect(find(incidents.byType, 'type', 'ransomware')?.incidents).toBe(3);
    expect(find(incidents.byType, 'type', 'phishing')?.incidents).toBe(0);
    expect(incidents.bySeverity).toEqual([
      { severity: 4, incidents: 1 },
      { severity: 3, incidents: 2 },
      { severity: 2, incidents: 0 },
      { severity: 1, incidents: 0 },
    ]);
    // soc-a's two through the owner's two sectors; soc-b's owner is not registered to it.
    expect(find(incidents.bySector, 'sector', 'electricity')?.incidents).toBe(2);
    expect(find(incidents.bySector, 'sector', 'heat')?.incidents).toBe(2);
    expect(find(incidents.bySector, 'sector', 'banking')?.incidents).toBe(0);
    expect(find(incidents.bySector, 'sector', 'unspecified')?.incidents).toBe(1);
    expect(incidents.bySoc).toEqual([
      {
        socId: 'soc-a',
        role: 'soc',
        name: '=HYPERLINK("http://evil.example","SOC A")',
        incidents: 2,
      },
      { socId: 'soc-b', role: 'soc', name: '-Батыс АҚЖО', incidents: 1 },
      { socId: 'soc-idle', role: 'soc', name: '@idle', incidents: 0 },
    ]);
  });

  it('counts the clocks due in the quarter: on time, late, missed, waived', async () => {
    const clocks = jsonOf(await quarterly('?year=2026&quarter=4')).clocks as Row;
    const byKind = clocks.byKind as Record<string, Row>;
    // The 15-minute notifications, counted where they fell due: Q3's last incident was
    // due at 00:09:59 on 1 October (Q4), so three on time and one 25 minutes late.
    expect(byKind.notify_ncc).toMatchObject({ onTime: 3, late: 1, lateWorst: 'PT25M', missed: 0 });
    const total = clocks.total as Row;
    const kinds = Object.values(byKind);
    for (const field of ['onTime', 'late', 'missed', 'waived', 'open'])
      expect(total[field]).toBe(kinds.reduce((n, t) => n + (t[field] as number), 0));
    expect(find(clocks.byParty, 'socId', 'soc-a')?.total).toMatchObject({ onTime: 1, late: 1 });
    expect(find(clocks.byParty, 'socId', 'soc-idle')?.total).toMatchObject({ onTime: 0, late: 0 });
  });

  it('keeps an incident received in the last national second of Q3 in Q3', async () => {
    const body = jsonOf(await quarterly('?year=2026&quarter=3'));
    expect(body).toMatchObject({ from: '2026-06-30T19:00:00Z', to: '2026-09-30T18:59:59Z' });
    const incidents = body.incidents as Row;
    expect(incidents.total).toBe(1);
    expect(find(incidents.bySeverity, 'severity', 1)?.incidents).toBe(1);
    expect(find(incidents.bySoc, 'socId', 'soc-b')?.incidents).toBe(1);
  });

  it('answers CSV through the compliance report’s writer, formula cells escaped', async () => {
    const result = await quarterly('?year=2026&quarter=4', 'ncc-duty', { accept: 'text/csv' });
    expect(result.statusCode, result.body).toBe(200);
    expect(headerOf(result, 'content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(headerOf(result, 'content-disposition')).toBe(
      'attachment; filename="quarterly-2026-q4.csv"',
    );
    const csv = String(result.body);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'year,quarter,section,key,name,incidents,onTime,late,lateMedian,lateWorst,missed,waived,open',
    );
    expect(lines).toContain('2026,4,incidents,total,,3,,,,,,,');
    expect(lines).toContain('2026,4,type,ransomware,,3,,,,,,,');
    expect(lines).toContain('2026,4,sector,unspecified,,1,,,,,,,');
    expect(lines).toContain('2026,4,clock,notify_ncc,,,3,1,PT25M,PT25M,0,0,0');
    expect(csv).toContain(`2026,4,soc,soc-a,"'=HYPERLINK(""http://evil.example"",""SOC A"")",2`);
    expect(csv).toContain("2026,4,soc,soc-b,'-Батыс АҚЖО,1");
    expect(csv).toContain("2026,4,soc,soc-idle,'@idle,0");
  });

  it.each([
    ['', ['/query/year', '/query/quarter'], 'required'],
    ['?year=2026&quarter=5', ['/query/quarter'], 'out_of_range'],
    ['?year=26&quarter=1', ['/query/year'], 'out_of_range'],
    ['?year=2026&quarter=Q1', ['/query/quarter'], 'out_of_range'],
    ['?year=2027&quarter=1', ['/query/quarter'], 'in_future'],
  ])('refuses %s with 422 and pointers', async (query, pointers, code) => {
    const result = await quarterly(query);
    expect(result.statusCode).toBe(422);
    const errors = jsonOf(result).errors as { pointer: string; code: string }[];
    expect(errors.map((e) => e.pointer)).toEqual(pointers);
    for (const e of errors) expect(e.code).toBe(code);
  });

  it('refuses an unknown parameter with 400, and a SOC with 403', async () => {
    const unknown = await quarterly('?year=2026&quarter=4&groupBy=soc');
    expect(unknown.statusCode).toBe(400);
    expect(jsonOf(unknown).errors).toEqual([
      expect.objectContaining({ pointer: '/query/groupBy', code: 'unknown_parameter' }),
    ]);
    expect((await quarterly('?year=2026&quarter=4', 'soc-a')).statusCode).toBe(403);
  });
});
