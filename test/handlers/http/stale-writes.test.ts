/**
 * A write that keeps losing to concurrent ones (the sweep, another request) is retried on
 * the one retry policy and then answered 409 with Retry-After — `concurrent_change`
 * naming the items that moved, or `incident_changed` for a closure — never a 500, and
 * nothing of it is written. In-process through ROUTES, on the in-memory store, whose
 * write method is made to lose every race.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import { StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { RETRY_POLICY } from '../../../functions/core/retry.js';
import type { ApiRequest } from '../../support/api-events.js';
import {
  agoWithOffset,
  annex7Fields,
  billingObject,
  completeCard,
  notification,
} from '../../support/messages.js';
import { headerOf, jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };

let h: RouteHarness;

async function post(call: ApiRequest & { as?: string }): Promise<Record<string, unknown>> {
  const result = await h.call(call);
  if ((result.statusCode ?? 0) >= 300) {
    throw new Error(`${call.method} ${call.url}: ${result.statusCode} ${result.body}`);
  }
  return jsonOf(result);
}

const newIncident = async () => {
  const card = notification();
  const id = String(
    (
      await post({
        method: 'POST',
        url: '/v1/incidents',
        as: 'soc-a',
        headers: JSON_TYPE,
        body: JSON.stringify(card),
      })
    ).id,
  );
  return { id, card };
};

const newNotice = async () =>
  String(
    (
      await post({
        method: 'POST',
        url: '/v1/notices',
        as: 'ncc-duty',
        headers: JSON_TYPE,
        body: JSON.stringify({
          kind: 'threat',
          registeredAt: new Date(Date.now() - 60_000).toISOString(),
          ...annex7Fields(),
          description: 'Фишингтік тарату',
          tlp: 'amber',
          recipients: { parties: ['soc-a'] },
        }),
      })
    ).id,
  );

/** Makes `port.method` lose every race while `run` runs; returns how often it was called. */
async function losingEveryRace<P extends object>(
  port: P,
  method: keyof P & string,
  items: string[],
  run: () => Promise<void>,
): Promise<number> {
  const original = port[method];
  let calls = 0;
  Object.assign(port, {
    [method]: async () => {
      calls += 1;
      throw new StaleWriteError('The record', items);
    },
  });
  try {
    await run();
  } finally {
    Object.assign(port, { [method]: original });
  }
  return calls;
}

/** Every record but the rate limiter's windows (each request counts, written or not). */
function snapshot(): string {
  return JSON.stringify(
    [...Object.entries(h.adapters.db.tables)]
      .filter(([table]) => table !== 'rates')
      .map(([table, records]) => [table, [...records]]),
  );
}

beforeAll(async () => {
  h = routeHarness(new Date().toISOString());
  await h.register('ncc-duty', 'ncc');
  await h.register('owner-energo', 'owner');
  await h.register('soc-a', 'soc', {
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
  });
});

describe('a write that keeps losing its race', () => {
  const cases: Array<{
    route: string;
    code: string;
    lose: (run: () => Promise<void>) => Promise<number>;
    request: () => Promise<ApiRequest & { as: string }>;
  }> = [
    {
      route: 'PUT /v1/incidents/{id}/card',
      code: 'concurrent_change',
      lose: (run) => losingEveryRace(h.adapters.incidents, 'saveIncidentUpdate', ['incident'], run),
      request: async () => {
        const { id, card } = await newIncident();
        return {
          method: 'PUT',
          url: `/v1/incidents/${id}/card`,
          as: 'soc-a',
          headers: JSON_TYPE,
          body: JSON.stringify({
            ...completeCard({ socReference: card.socReference }),
            details: { ...completeCard().details, confirmedAt: card.details.confirmedAt },
          }),
        };
      },
    },
    {
      route: 'POST /v1/incidents/{id}/close',
      code: 'incident_changed',
      lose: (run) =>
        losingEveryRace(
          h.adapters.incidents,
          'saveIncidentUpdate',
          ['obligation:elimination'],
          run,
        ),
      request: async () => ({
        method: 'POST',
        url: `/v1/incidents/${(await newIncident()).id}/close`,
        as: 'soc-a',
        headers: JSON_TYPE,
        body: JSON.stringify({ eliminatedAt: agoWithOffset(1_000) }),
      }),
    },
    {
      route: 'POST /v1/deliveries/{id}/ack',
      code: 'concurrent_change',
      lose: (run) =>
        losingEveryRace(
          h.adapters.deliveries,
          'saveAcknowledgement',
          ['obligation:notify_owner'],
          run,
        ),
      request: async () => {
        const { id } = await newIncident();
        const toOwner = (
          await h.adapters.deliveries.listDeliveries('owner-energo', { limit: 50 })
        ).items.find((d) => d.subjectId === id);
        if (toOwner === undefined) throw new Error('no delivery to the owner');
        return { method: 'POST', url: `/v1/deliveries/${toOwner.id}/ack`, as: 'owner-energo' };
      },
    },
    {
      route: 'POST /v1/notices/{id}/ack',
      code: 'concurrent_change',
      lose: (run) =>
        losingEveryRace(h.adapters.notices, 'saveNoticeAck', ['obligation:notice_ack'], run),
      request: async () => ({
        method: 'POST',
        url: `/v1/notices/${await newNotice()}/ack`,
        as: 'soc-a',
      }),
    },
    {
      route: 'POST /v1/notices/{id}/responses',
      code: 'concurrent_change',
      lose: (run) =>
        losingEveryRace(h.adapters.notices, 'saveNoticeResponse', ['obligation:notice_ack'], run),
      request: async () => ({
        method: 'POST',
        url: `/v1/notices/${await newNotice()}/responses`,
        as: 'soc-a',
        headers: JSON_TYPE,
        body: JSON.stringify({ kind: 'threat_analysis', results: 'Қатер талданды.' }),
      }),
    },
  ];

  it.each(cases)(
    '$route answers 409 $code with Retry-After, not 500, and writes nothing',
    async ({ code, lose, request }) => {
      const call = await request();
      const before = snapshot();
      let result: Awaited<ReturnType<RouteHarness['call']>> | undefined;

      const calls = await lose(async () => {
        result = await h.call(call);
      });

      expect(result?.statusCode, result?.body).toBe(409);
      expect(headerOf(result ?? {}, 'content-type')).toMatch(/application\/problem\+json/);
      expect(jsonOf(result ?? {}).code).toBe(code);
      expect(Number(headerOf(result ?? {}, 'retry-after'))).toBeGreaterThan(0);
      // Bounded by the one retry policy, and nothing of the request was written.
      expect(calls).toBe(RETRY_POLICY.attempts);
      expect(snapshot()).toBe(before);
    },
  );

  it('names the items that moved in the detail, in the reader’s language', async () => {
    const call = {
      method: 'POST',
      url: `/v1/notices/${await newNotice()}/ack`,
      as: 'soc-a',
      headers: { 'accept-language': 'kk' },
    } as const;
    let result: Awaited<ReturnType<RouteHarness['call']>> | undefined;

    await losingEveryRace(
      h.adapters.notices,
      'saveNoticeAck',
      ['obligation:notice_ack'],
      async () => {
        result = await h.call(call);
      },
    );

    expect(result?.statusCode).toBe(409);
    const detail = String(jsonOf(result ?? {}).detail);
    expect(detail).toContain('obligation:notice_ack');
    expect(detail).toContain('ештеңе жазылмады');
  });
});
