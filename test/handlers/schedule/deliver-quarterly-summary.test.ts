/**
 * The quarterly summary to ҰҚК (001 п.17): «"МТҚ" АҚ тоқсан сайын ҚР ҰҚК-ға ... жиынтық
 * ақпаратты ... жолдайды». When a national quarter has closed, the job delivers the summary
 * the NCC reads (`GET /v1/reports/quarterly`) to every `authority` party as a
 * `report.quarterly` delivery — once per quarter and party, however often it runs.
 * In-process on the memory store; the clock is the harness's (and the system's, for the
 * fixtures' timestamps).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isGatewayId } from '../../../functions/core/ids.js';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import {
  quarterlyDeliveryId,
  quarterThatClosed,
} from '../../../functions/core/use-cases/reports/deliver-quarterly-summary.js';
import {
  askedQuarter,
  buildDeliverQuarterlySummary,
} from '../../../functions/handlers/schedule/deliver-quarterly-summary.js';
import { billingObject, notification } from '../../support/messages.js';
import { jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

/** 11:00 in Astana on 7 December 2026 (Q4). */
const IN_Q4 = '2026-12-07T06:00:00.000Z';
/** 23:59 on 31 December in Astana: Q4 is still running. */
const LAST_MINUTE_OF_Q4 = '2026-12-31T18:59:00.000Z';
/** 00:20 on 1 January 2027 in Astana: the first hourly run after Q4 closed. */
const AFTER_Q4 = '2026-12-31T19:20:00.000Z';

let h: RouteHarness;

function at(iso: string) {
  vi.setSystemTime(new Date(iso));
  h.setNow(iso);
}

const run = (event: unknown = {}) => buildDeliverQuarterlySummary(h.deps)(event);
const inboxOf = async (party: string) =>
  (await h.adapters.deliveries.listDeliveries(party, { limit: 20 })).items;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  h = routeHarness(IN_Q4);
  at(IN_Q4);
  await h.register('ncc-duty', 'ncc');
  await h.register('owner-energo', 'owner', { sectors: ['electricity'] });
  await h.register('soc-a', 'soc', {
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
  });
  await h.register('knb', 'authority');
  const posted = await h.call({
    method: 'POST',
    url: '/v1/incidents',
    as: 'soc-a',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(notification({ confirmedAgoMs: 5 * 60_000, severity: 3 })),
  });
  expect(posted.statusCode, posted.body).toBe(201);
});

afterAll(() => {
  vi.useRealTimers();
});

describe('the quarter that closed', () => {
  it('is the national quarter before the one now falls in, across a year end', () => {
    expect(quarterThatClosed(Date.parse(IN_Q4))).toEqual({ year: 2026, quarter: 3 });
    // 00:20 on 1 January in Astana is still 31 December in UTC: the national date decides.
    expect(quarterThatClosed(Date.parse('2026-12-31T19:20:00Z'))).toEqual({
      year: 2026,
      quarter: 4,
    });
    expect(quarterThatClosed(Date.parse('2026-04-01T00:00:00Z'))).toEqual({
      year: 2026,
      quarter: 1,
    });
  });

  it('gives each recipient one delivery id per quarter, shaped like every delivery id', () => {
    const id = quarterlyDeliveryId({ year: 2026, quarter: 4 }, 'knb');
    expect(isGatewayId('dlv', id)).toBe(true);
    expect(quarterlyDeliveryId({ year: 2026, quarter: 4 }, 'knb')).toBe(id);
    expect(quarterlyDeliveryId({ year: 2026, quarter: 3 }, 'knb')).not.toBe(id);
    expect(quarterlyDeliveryId({ year: 2026, quarter: 4 }, 'knb-2')).not.toBe(id);
  });

  it('reads a quarter from the event only when it names a valid one', () => {
    expect(askedQuarter({ year: 2026, quarter: 4 })).toEqual({ year: 2026, quarter: 4 });
    for (const bad of [
      {},
      { year: 2026 },
      { year: '2026', quarter: 4 },
      { year: 2026, quarter: 5 },
    ])
      expect(askedQuarter(bad)).toBeUndefined();
  });
});

describe('delivering the quarterly summary to ҰҚК (001 п.17)', () => {
  it('refuses a quarter that has not closed, writing nothing', async () => {
    at(LAST_MINUTE_OF_Q4);
    await expect(run({ year: 2026, quarter: 4 })).rejects.toThrow(/not closed/);
    expect(await inboxOf('knb')).toEqual([]);
  });

  it('delivers the summary the NCC reads to every authority party once, however often it runs', async () => {
    at(AFTER_Q4);
    const first = await run();
    expect(first).toEqual({ year: 2026, quarter: 4, recipients: 1, sent: 1 });
    const [delivery] = await inboxOf('knb');
    expect(delivery).toMatchObject({
      id: quarterlyDeliveryId({ year: 2026, quarter: 4 }, 'knb'),
      event: 'report.quarterly',
      subjectId: '2026-Q4',
      status: 'pending',
    });
    // The same summary as GET /v1/reports/quarterly for that quarter.
    const report = jsonOf(
      await h.call({
        method: 'GET',
        url: '/v1/reports/quarterly?year=2026&quarter=4',
        as: 'ncc-duty',
      }),
    );
    if (delivery === undefined) throw new Error('no delivery');
    const { generatedAt: _a, ...payload } = delivery.payload as Record<string, unknown>;
    const { generatedAt: _b, ...read } = report;
    expect(payload).toEqual(read);
    expect(payload).toMatchObject({ year: 2026, quarter: 4, incidents: { total: 1 } });
    // Handed to the queue (webhook), and in the inbox.
    expect(h.adapters.queue.enqueued).toContain(delivery?.id);

    // The next day's run, and a repeat: nothing more.
    expect((await run()).sent).toBe(0);
    at('2027-01-02T00:20:00.000Z');
    expect((await run()).sent).toBe(0);
    expect(await inboxOf('knb')).toHaveLength(1);
    // Nobody else hears of it.
    for (const party of ['ncc-duty', 'owner-energo'])
      expect((await inboxOf(party)).filter((d) => d.event === 'report.quarterly')).toEqual([]);
    // п.90-1(7): the job's own entry on the recipient's chain, written with the delivery,
    // once however often the job runs; the Annex 4 day file of ҰҚК shows it.
    const entries = await h.adapters.audit.entries('knb', 1, 100);
    expect(entries).toEqual([
      expect.objectContaining({
        seq: 1,
        action: 'report.quarterly',
        outcome: 'issued',
        source: 'deliver-quarterly-summary',
        userId: 'gateway',
        connectionPoint: 'gateway',
        subjectId: delivery.id,
        sha256: createHash('sha256').update(JSON.stringify(delivery.payload)).digest('hex'),
      }),
    ]);
    await h.register('admin', 'admin');
    const exported = await h.call({
      method: 'GET',
      url: '/v1/audit/export?party=knb&day=2027-01-01',
      as: 'admin',
    });
    expect(exported.statusCode, exported.body).toBe(200);
    const lines = (exported.body ?? '').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^01:01:2027;00:20:00;ncc-gateway\/deliver-quarterly-summary;gateway;gateway;.*Quarterly summary 2026-Q4 .*action=report\.quarterly, outcome=issued/,
    );
  });

  it('serves an authority party registered later, once, and an earlier quarter when the event names it', async () => {
    at('2027-01-03T00:20:00.000Z');
    await h.register('knb-2', 'authority');
    expect(await run()).toMatchObject({ recipients: 2, sent: 1 });
    expect((await inboxOf('knb-2')).map((d) => d.subjectId)).toEqual(['2026-Q4']);
    expect(await run({ year: 2026, quarter: 3 })).toMatchObject({
      year: 2026,
      quarter: 3,
      sent: 2,
    });
    expect(await run({ year: 2026, quarter: 3 })).toMatchObject({ sent: 0 });
  });
});
