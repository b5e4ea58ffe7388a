/**
 * GET /v1/reports/compliance as a statistics export (issue #10 item 5), in-process on the
 * memory store at a fixed instant: the CSV of each grouping equals its golden file
 * (UPDATE_GOLDEN=1 rewrites them — then read the diff), the XLSX opens with ExcelJS and
 * holds the same numbers, no cell is a formula, and the query scheme stays strict.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import {
  CSV_MEDIA_TYPE,
  XLSX_MEDIA_TYPE,
} from '../../../functions/handlers/http/obligations/get-compliance-report.js';
import { billingObject, completeCard, notification } from '../../support/messages.js';
import { headerOf, jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

/** 11:00 in Astana on 7 December 2026: the fourth quarter's last month. */
const NOW = '2026-12-07T06:00:00.000Z';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const Q4 = `from=${encodeURIComponent('2026-10-01T00:00:00+05:00')}&to=${encodeURIComponent('2026-12-31T23:59:59+05:00')}`;
const goldenPath = (name: string) => new URL(`./golden/${name}`, import.meta.url);

let h: RouteHarness;

async function submit(
  as: string,
  body: unknown,
  method: 'POST' | 'PUT' = 'POST',
  url = '/v1/incidents',
) {
  const result = await h.call({
    method,
    url,
    as,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if ((result.statusCode ?? 0) >= 300)
    throw new Error(`${url}: ${result.statusCode} ${result.body}`);
  return jsonOf(result);
}

beforeAll(async () => {
  // The messages' times are built from Date.now(): the same fixed instant as the store's clock.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
  h = routeHarness(NOW);
  await h.register('ncc-duty', 'ncc');
  await h.register('owner-energo', 'owner', { name: 'Энерго, "Алматы"' });
  // Names are what an admin typed: one would run as a formula in a spreadsheet.
  await h.register('soc-a', 'soc', {
    name: '=HYPERLINK("http://evil.example","SOC A")',
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
  });
  await h.register('soc-b', 'soc', { name: '-Батыс АҚЖО' });
  await h.register('soc-idle', 'soc', { name: '@idle' });

  // soc-a: notified on time, 5 and 25 minutes late, and 4 days late (its card missed at once).
  await submit('soc-a', notification({ confirmedAgoMs: 5 * MIN }));
  await submit('soc-a', notification({ confirmedAgoMs: 20 * MIN }));
  await submit('soc-a', notification({ confirmedAgoMs: 40 * MIN }));
  await submit('soc-a', notification({ confirmedAgoMs: 4 * DAY }));
  // soc-b: a complete card 35 days after confirmation (its clocks fell due in November), and one on time this month.
  await submit('soc-b', completeCard({ confirmedAgoMs: 35 * DAY }));
  await submit('soc-b', completeCard({ confirmedAgoMs: 2 * MIN }));
});

afterAll(() => {
  vi.useRealTimers();
});

async function csvOf(query: string): Promise<string> {
  const result = await h.call({
    method: 'GET',
    url: `/v1/reports/compliance${query}`,
    as: 'ncc-duty',
    headers: { accept: CSV_MEDIA_TYPE },
  });
  expect(result.statusCode, result.body).toBe(200);
  expect(headerOf(result, 'content-type')).toBe('text/csv; charset=utf-8; header=present');
  return String(result.body);
}

function expectGolden(name: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath(name), actual);
  expect(actual).toBe(readFileSync(goldenPath(name), 'utf8'));
}

/** RFC 4180 rows (the golden files' own quoting; enough for these files). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('GET /v1/reports/compliance as CSV', () => {
  it.each([
    ['compliance-soc.csv', ''],
    ['compliance-kind.csv', '?groupBy=kind'],
    ['compliance-month-q4.csv', `?groupBy=month&${Q4}`],
  ])('%s equals its golden file', async (name, query) => {
    expectGolden(name, await csvOf(query));
  });

  it('escapes the cells a spreadsheet would run as formulas', async () => {
    const csv = await csvOf('');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""SOC A"")"`);
    expect(csv).toContain(",'-Батыс АҚЖО,");
    expect(csv).toContain(",'@idle,");
    for (const cell of parseCsv(csv).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('answers the same numbers as the JSON', async () => {
    const json = jsonOf(
      await h.call({ method: 'GET', url: '/v1/reports/compliance', as: 'ncc-duty' }),
    ) as { socs: { socId: string; total: { onTime: number; late: number; missed: number } }[] };
    const totals = parseCsv(await csvOf(''))
      .filter((row) => row[3] === 'total')
      .map((row) => ({
        socId: row[0],
        onTime: Number(row[4]),
        late: Number(row[5]),
        missed: Number(row[8]),
      }));
    expect(totals).toEqual(
      json.socs.map((s) => ({
        socId: s.socId,
        onTime: s.total.onTime,
        late: s.total.late,
        missed: s.total.missed,
      })),
    );
  });
});

describe('GET /v1/reports/compliance as XLSX', () => {
  it.each([
    ['', 'soc'],
    ['?groupBy=kind', 'kind'],
    [`?groupBy=month&${Q4}`, 'month'],
  ])(
    '%s opens with ExcelJS and holds the CSV numbers, text cells never formulas',
    async (query, groupBy) => {
      const result = await h.call({
        method: 'GET',
        url: `/v1/reports/compliance${query}`,
        as: 'ncc-duty',
        headers: { accept: XLSX_MEDIA_TYPE },
      });
      expect(result.statusCode, result.body).toBe(200);
      expect(headerOf(result, 'content-type')).toBe(XLSX_MEDIA_TYPE);
      expect(headerOf(result, 'content-disposition')).toMatch(
        new RegExp(`^attachment; filename="compliance-${groupBy}-2026-12-07\\.xlsx"$`),
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(String(result.body), 'base64') as never);
      const sheet = workbook.getWorksheet('Compliance');
      if (!sheet) throw new Error('no Compliance sheet');
      const cells: (string | number)[][] = [];
      sheet.eachRow((row) => {
        const values: (string | number)[] = [];
        row.eachCell({ includeEmpty: true }, (cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          values.push(cell.value === null ? '' : (cell.value as string | number));
        });
        cells.push(values);
      });
      // The CSV's cells, its formula escape undone, with numbers as numbers.
      const csv = parseCsv(await csvOf(query)).map((row) =>
        row.map((cell) =>
          /^\d+$/.test(cell) ? Number(cell) : cell.replace(/^'(?=[=+\-@\t\r])/, ''),
        ),
      );
      const width = csv[0]?.length ?? 0;
      expect(cells.map((row) => [...row, ...Array(width - row.length).fill('')])).toEqual(csv);
      const about = workbook.getWorksheet('Report');
      expect(about?.getCell('B1').value).toBe(NOW);
      expect(about?.getCell('B2').value).toBe(groupBy);
    },
  );
});

describe('the query scheme', () => {
  it('refuses an unknown parameter with 400, and an unknown groupBy with 422, in JSON even when CSV was asked', async () => {
    const unknown = await h.call({
      method: 'GET',
      url: '/v1/reports/compliance?format=csv',
      as: 'ncc-duty',
      headers: { accept: CSV_MEDIA_TYPE },
    });
    expect(unknown.statusCode).toBe(400);
    expect(headerOf(unknown, 'content-type')).toMatch(/^application\/problem\+json/);
    expect(jsonOf(unknown).code).toBe('unknown_parameter');
    const badGroup = await h.call({
      method: 'GET',
      url: '/v1/reports/compliance?groupBy=quarter',
      as: 'ncc-duty',
      headers: { accept: XLSX_MEDIA_TYPE },
    });
    expect(badGroup.statusCode).toBe(422);
    expect(JSON.stringify(jsonOf(badGroup))).toContain('/query/groupBy');
  });

  it('takes the CSV or XLSX only when Accept ranks it first, and still answers JSON and XML', async () => {
    const get = (accept: string) =>
      h.call({ method: 'GET', url: '/v1/reports/compliance', as: 'ncc-duty', headers: { accept } });
    expect(headerOf(await get('application/json, text/csv;q=0.5'), 'content-type')).toMatch(
      /^application\/json/,
    );
    expect(headerOf(await get('text/csv, application/json;q=0.5'), 'content-type')).toMatch(
      /^text\/csv/,
    );
    expect(headerOf(await get('application/xml'), 'content-type')).toMatch(/^application\/xml/);
    expect((await get('application/pdf')).statusCode).toBe(406);
  });

  it('is refused to a SOC as JSON, whatever it asked for', async () => {
    const result = await h.call({
      method: 'GET',
      url: '/v1/reports/compliance',
      as: 'soc-a',
      headers: { accept: CSV_MEDIA_TYPE },
    });
    expect(result.statusCode).toBe(403);
    expect(headerOf(result, 'content-type')).toMatch(/^application\/problem\+json/);
  });
});
