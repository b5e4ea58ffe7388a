/**
 * Every entry of ROUTES, in-process through its handler factory, with API Gateway v2
 * events, on the in-memory store: its success answer, authentication, tenancy, content
 * negotiation, each problem status, and 503 with nothing written when the store is
 * down. No path answers 500.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWebhookBody } from '../../../functions/core/delivery/webhook-envelope.js';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import type { HttpResult } from '../../../functions/handlers/http/http-types.js';
import { ROUTES, type RouteDefinition } from '../../../functions/handlers/http/routes.js';
import { apiEvent, sampleUrl, tokenClaims } from '../../support/api-events.js';
import { internalAddressingIn } from '../../support/internal-addressing.js';
import { agoWithOffset, billingObject, notification, partyBody } from '../../support/messages.js';
import {
  arrangeRouteCases,
  type Call,
  JSON_TYPE,
  noticeBody,
  type RouteCase,
} from '../../support/route-cases.js';
import { headerOf, jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

let h: RouteHarness;
let cases: Map<string, RouteCase>;
let incidentId: string;
let noticeId: string;
let nccDeliveryId: string;

async function post(call: Call): Promise<Record<string, unknown>> {
  const result = await h.call(call);
  if ((result.statusCode ?? 0) >= 300) {
    throw new Error(`${call.method} ${call.url}: ${result.statusCode} ${result.body}`);
  }
  return jsonOf(result);
}

beforeAll(async () => {
  h = routeHarness(new Date().toISOString());
  const arranged = await arrangeRouteCases({
    register: (id, role, overrides) => h.register(id, role, overrides),
    call: (call) => h.call(call),
    deliveries: h.adapters.deliveries,
  });
  ({ cases, incidentId, noticeId, nccDeliveryId } = arranged);
});

function caseOf(route: RouteDefinition): RouteCase {
  const found = cases.get(route.name);
  if (found === undefined) throw new Error(`No case for route ${route.name}: add one`);
  return found;
}

const authenticated = ROUTES.filter((r) => !r.public);
/** Routes that answer one fixed media type whatever the Accept (the docs page, its script, OpenAPI). */
const FIXED_MEDIA_TYPE = new Set([
  'export-audit',
  'get-openapi',
  'get-docs',
  'get-docs-renderer',
  'get-duty',
  'get-incident-card-pdf',
]);
const withBody = authenticated.filter((r) => r.method !== 'GET');

/** Status, problem code, and that nothing answered 500. */
function expectProblem(result: HttpResult, status: number, code?: string) {
  expect(result.statusCode, result.body).toBe(status);
  expect(headerOf(result, 'content-type')).toMatch(/application\/problem\+json/);
  if (code !== undefined) expect(jsonOf(result).code).toBe(code);
}

describe.each(ROUTES.map((route) => ({ name: route.name, route })))('$name', ({ route }) => {
  it('answers its success status', async () => {
    const { call, status } = caseOf(route);
    const result = await h.call(call);
    expect(result.statusCode, result.body).toBe(status);
  });

  it.skipIf(FIXED_MEDIA_TYPE.has(route.name))(
    'refuses an Accept it cannot produce with 406',
    async () => {
      const { call } = caseOf(route);
      const result = await h.call({ ...call, headers: { ...call.headers, accept: 'image/png' } });
      expectProblem(result, 406);
    },
  );
});

describe.each(authenticated.map((route) => ({ name: route.name, route })))(
  '$name (authenticated)',
  ({ route }) => {
    it('answers 401 without a token', async () => {
      const { call } = caseOf(route);
      const { as: _nobody, ...anonymous } = call;
      expectProblem(await h.call(anonymous), 401, 'missing_credentials');
    });

    it('answers 403 for a client that is not a registered party, and for a scope of another role', async () => {
      const { call } = caseOf(route);
      const { as, ...rest } = call;
      const stranger = tokenClaims('nobody', 'soc', new Date());
      expectProblem(await h.call({ ...rest, claims: stranger }), 403, 'party_not_registered');
      const wrongScope = tokenClaims(as ?? '', 'authority', new Date());
      expectProblem(await h.call({ ...rest, claims: wrongScope }), 403, 'role_not_granted');
    });

    it('answers 503 with Retry-After when the store is down, and writes nothing', async () => {
      const { call } = caseOf(route);
      const before = JSON.stringify(
        [...Object.entries(h.adapters.db.tables)].map(([k, m]) => [k, [...m]]),
      );
      h.adapters.db.setDown(true);
      let result: HttpResult;
      try {
        result = await h.call(call);
      } finally {
        h.adapters.db.setDown(false);
      }
      expectProblem(result, 503, 'dependency_unavailable');
      expect(Number(headerOf(result, 'retry-after'))).toBeGreaterThan(0);
      const after = JSON.stringify(
        [...Object.entries(h.adapters.db.tables)].map(([k, m]) => [k, [...m]]),
      );
      expect(after).toBe(before);
    });
  },
);

describe.each(withBody.map((route) => ({ name: route.name, route })))(
  '$name (with a body)',
  ({ route }) => {
    it('answers 415 for a media type it does not read', async () => {
      const { call } = caseOf(route);
      const result = await h.call({
        ...call,
        headers: { ...call.headers, 'content-type': 'text/plain' },
        body: call.body ?? 'x',
      });
      // Acks read an optional body; a body they cannot read is still refused.
      expectProblem(result, 415);
    });
  },
);

describe('tenancy', () => {
  it("hides another SOC's incident (404) and leaves it out of that SOC's listing", async () => {
    expectProblem(
      await h.call({ method: 'GET', url: `/v1/incidents/${incidentId}`, as: 'soc-b' }),
      404,
      'not_found',
    );
    const listed = jsonOf(await h.call({ method: 'GET', url: '/v1/incidents', as: 'soc-b' }));
    expect(JSON.stringify(listed)).not.toContain(incidentId);
  });

  it("refuses to revise or close another SOC's incident (404), writing nothing", async () => {
    const { call } = caseOf(ROUTES.find((r) => r.name === 'put-incident-card') as RouteDefinition);
    expectProblem(await h.call({ ...call, as: 'soc-b' }), 404);
    expectProblem(
      await h.call({
        method: 'POST',
        url: `/v1/incidents/${incidentId}/close`,
        as: 'soc-b',
        headers: JSON_TYPE,
        body: JSON.stringify({ eliminatedAt: agoWithOffset(1_000) }),
      }),
      404,
    );
  });

  it("refuses to acknowledge another party's delivery or a notice sent to someone else (404)", async () => {
    expectProblem(
      await h.call({
        method: 'POST',
        url: `/v1/deliveries/${nccDeliveryId}/ack`,
        as: 'owner-energo',
      }),
      404,
    );
    expectProblem(
      await h.call({ method: 'POST', url: `/v1/notices/${noticeId}/ack`, as: 'soc-b' }),
      404,
    );
  });

  it('refuses a role that may not act (403 wrong_role)', async () => {
    expectProblem(
      await h.call({
        method: 'POST',
        url: '/v1/notices',
        as: 'soc-a',
        headers: JSON_TYPE,
        body: JSON.stringify(noticeBody(['soc-b'])),
      }),
      403,
      'wrong_role',
    );
  });
});

describe('each problem status', () => {
  it('400 for a cursor that is not one', async () => {
    const result = await h.call({
      method: 'GET',
      url: '/v1/incidents?cursor=not-a-cursor',
      as: 'soc-a',
    });
    expectProblem(result, 400);
  });

  it('404 for an id the gateway never minted', async () => {
    expectProblem(
      await h.call({ method: 'GET', url: '/v1/incidents/not-an-id', as: 'soc-a' }),
      404,
      'not_found',
    );
  });

  it('409 for an Idempotency-Key reused with another body', async () => {
    const send = (reference: string) =>
      h.call({
        method: 'POST',
        url: '/v1/incidents',
        as: 'soc-a',
        headers: { ...JSON_TYPE, 'idempotency-key': 'route-test-key' },
        body: JSON.stringify(notification({ socReference: reference })),
      });
    expect((await send('REF-ONE')).statusCode).toBe(201);
    expectProblem(await send('REF-TWO'), 409, 'idempotency_key_reused');
  });

  it('413 for a body over the limit', async () => {
    const result = await h.call({
      method: 'POST',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: JSON_TYPE,
      body: `{"description":"${'x'.repeat(300 * 1024)}"}`,
    });
    expectProblem(result, 413);
  });

  it('422 for a message that does not match the form, with pointers', async () => {
    const result = await h.call({
      method: 'POST',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: JSON_TYPE,
      body: JSON.stringify({ ...notification(), severity: 9 }),
    });
    expectProblem(result, 422);
    expect(JSON.stringify(jsonOf(result))).toContain('/severity');
  });

  it('429 with Retry-After once the party spends its budget', async () => {
    await h.register('soc-busy', 'soc', { policy: { ratePerMinute: 1 } });
    const list = () => h.call({ method: 'GET', url: '/v1/incidents', as: 'soc-busy' });
    expect((await list()).statusCode).toBe(200);
    const spent = await list();
    expectProblem(spent, 429);
    expect(Number(headerOf(spent, 'retry-after'))).toBeGreaterThan(0);
  });

  it('201 when only the queue is down: the deliveries to push wait in the outbox', async () => {
    // An owner with a webhook (pushed), and the SOC protecting its object; the NCC pulls.
    await h.register('owner-hooked', 'owner', {
      webhook: {
        url: 'https://owner.example.kz/hook',
        secret: 'owner-hooked-secret-0123456789abcdef',
      },
    });
    await h.register('soc-for-hooked', 'soc', {
      objects: [billingObject('owner-hooked')] as PartyRecord['objects'],
    });
    h.adapters.queue.setDown(true);
    try {
      const result = await h.call({
        method: 'POST',
        url: '/v1/incidents',
        as: 'soc-for-hooked',
        headers: JSON_TYPE,
        body: JSON.stringify(notification({ owner: 'owner-hooked' })),
      });
      expect(result.statusCode).toBe(201);
      const id = String(jsonOf(result).id);
      const waiting = await h.adapters.deliveries.listUnqueued(
        new Date(Date.now() + 60_000).toISOString(),
        100,
      );
      expect(waiting.filter((d) => d.subjectId === id).map((d) => d.partyId)).toEqual([
        'owner-hooked',
      ]);
    } finally {
      h.adapters.queue.setDown(false);
    }
  });
});

describe('delivery redrives (admin)', () => {
  async function failedToOwner(): Promise<string> {
    const accepted = await post({
      method: 'POST',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: JSON_TYPE,
      body: JSON.stringify(notification()),
    });
    const items = (await h.adapters.deliveries.listDeliveries('owner-energo', { limit: 50 })).items;
    const d = items.find((x) => x.subjectId === accepted.id);
    if (!d) throw new Error('fixture: no delivery to the owner');
    await h.adapters.deliveries.failDelivery(
      d,
      { attempts: 9, at: new Date().toISOString(), error: 'HTTP 503' },
      [],
    );
    return d.id;
  }

  it('retries a failed delivery: a new round, due now, handed to the queue', async () => {
    const id = await failedToOwner();
    const queuedBefore = h.adapters.queue.enqueued.length;

    const result = await h.call({ method: 'POST', url: `/v1/deliveries/${id}/retry`, as: 'admin' });

    expect(result.statusCode, result.body).toBe(200);
    expect(jsonOf(result)).toMatchObject({
      deliveryId: id,
      status: 'pending',
      retried: true,
      attempts: 9,
      lastError: 'HTTP 503',
    });
    expect(h.adapters.queue.enqueued.slice(queuedBefore)).toEqual([id]);
    expect(await h.adapters.deliveries.getDelivery(id)).toMatchObject({
      status: 'pending',
      queued: true,
      attemptsBeforeRedrive: 9,
    });
  });

  it('redrives every failed delivery of a party, and only of that party', async () => {
    const ids = [await failedToOwner(), await failedToOwner()];

    const result = await h.call({
      method: 'POST',
      url: '/v1/deliveries/redrive?party=owner-energo',
      as: 'admin',
    });

    expect(result.statusCode, result.body).toBe(200);
    const body = jsonOf(result);
    expect(body).toMatchObject({ partyId: 'owner-energo' });
    expect(body.deliveryIds).toEqual(expect.arrayContaining(ids));
    for (const id of ids)
      expect((await h.adapters.deliveries.getDelivery(id))?.status).toBe('pending');
    const again = jsonOf(
      await h.call({
        method: 'POST',
        url: '/v1/deliveries/redrive?party=owner-energo',
        as: 'admin',
      }),
    );
    expect(again).toMatchObject({ redriven: 0, deliveryIds: [] });
  });

  it('refuses a delivered delivery (409), an unknown one (404), and any role but admin (403)', async () => {
    const id = await failedToOwner();
    await h.adapters.deliveries.recordAttempt(
      (await h.adapters.deliveries.getDelivery(id)) ?? (undefined as never),
      { status: 'delivered', attempts: 10, at: new Date().toISOString() },
    );

    expectProblem(
      await h.call({ method: 'POST', url: `/v1/deliveries/${id}/retry`, as: 'admin' }),
      409,
      'delivery_already_delivered',
    );
    expectProblem(
      await h.call({
        method: 'POST',
        url: '/v1/deliveries/dlv_01JD0000000000000000999999/retry',
        as: 'admin',
      }),
      404,
      'not_found',
    );
    expectProblem(
      await h.call({ method: 'POST', url: `/v1/deliveries/${id}/retry`, as: 'owner-energo' }),
      403,
      'wrong_role',
    );
    expectProblem(
      await h.call({
        method: 'POST',
        url: '/v1/deliveries/redrive?party=owner-energo',
        as: 'ncc-duty',
      }),
      403,
      'wrong_role',
    );
  });

  it('needs ?party= naming a registered party, and refuses other parameters', async () => {
    const missing = await h.call({ method: 'POST', url: '/v1/deliveries/redrive', as: 'admin' });
    expectProblem(missing, 422);
    expect(JSON.stringify(jsonOf(missing))).toContain('/query/party');
    expectProblem(
      await h.call({
        method: 'POST',
        url: '/v1/deliveries/redrive?party=nobody-here',
        as: 'admin',
      }),
      404,
      'not_found',
    );
    expectProblem(
      await h.call({
        method: 'POST',
        url: '/v1/deliveries/redrive?party=owner-energo&soc=soc-a',
        as: 'admin',
      }),
      400,
      'unknown_parameter',
    );
  });
});

describe('connection rules and the audit trail (п.90-1)', () => {
  it('blocks a party by hand: 403 connection_blocked until unblocked, every NCC party told, both audited', async () => {
    await h.register('soc-d', 'soc');
    const block = () => h.call({ method: 'POST', url: '/v1/parties/soc-d/block', as: 'admin' });
    const list = () => h.call({ method: 'GET', url: '/v1/incidents', as: 'soc-d' });

    expect((await block()).statusCode).toBe(200);
    expectProblem(await block(), 409, 'connection_already_blocked');
    expectProblem(await list(), 403, 'connection_blocked');
    const told = (await h.adapters.deliveries.listDeliveries('ncc-duty', { limit: 100 })).items;
    expect(told.filter((d) => d.subjectId === 'soc-d').map((d) => d.event)).toEqual([
      'connection.blocked',
    ]);

    expect(
      (await h.call({ method: 'POST', url: '/v1/parties/soc-d/unblock', as: 'admin' })).statusCode,
    ).toBe(200);
    expect((await list()).statusCode).toBe(200);
    expectProblem(
      await h.call({ method: 'POST', url: '/v1/parties/soc-d/unblock', as: 'admin' }),
      409,
      'connection_not_blocked',
    );
    const audited = await h.adapters.audit.entries('soc-d', 0, 10);
    expect(audited.map((e) => e.action)).toEqual(['connection.blocked', 'connection.unblocked']);
    const report = jsonOf(
      await h.call({ method: 'GET', url: '/v1/audit/verify?party=soc-d', as: 'admin' }),
    );
    expect(report).toMatchObject({ ok: true, checked: 2 });
  });

  it('404 for blocking an unknown party; 403 wrong_role for a caller that is not an admin', async () => {
    expectProblem(
      await h.call({ method: 'POST', url: '/v1/parties/soc-nobody/block', as: 'admin' }),
      404,
    );
    expectProblem(
      await h.call({ method: 'POST', url: '/v1/parties/soc-a/block', as: 'ncc-duty' }),
      403,
      'wrong_role',
    );
  });

  it('403 connection_point_not_registered from an unregistered source, counting nothing', async () => {
    await h.register('soc-fenced', 'soc', {
      policy: { connectionPoints: ['198.51.100.0/24'], authFailureLimit: 1 },
    });
    const result = await h.call({ method: 'GET', url: '/v1/incidents', as: 'soc-fenced' });
    expectProblem(result, 403, 'connection_point_not_registered');
    expect(await h.adapters.connections.getConnection('soc-fenced')).toBeUndefined();
  });

  it('422 with pointers for an unknown party or a day that is not one; an empty day is the header alone', async () => {
    const unknown = await h.call({
      method: 'GET',
      url: '/v1/audit/verify?party=soc-nobody',
      as: 'admin',
    });
    expectProblem(unknown, 422);
    expect(JSON.stringify(jsonOf(unknown))).toContain('/query/party');
    const badDay = await h.call({
      method: 'GET',
      url: '/v1/audit/export?party=soc-a&day=2026-13-45',
      as: 'admin',
    });
    expectProblem(badDay, 422);
    expect(JSON.stringify(jsonOf(badDay))).toContain('/query/day');
    const empty = await h.call({
      method: 'GET',
      url: '/v1/audit/export?party=soc-a&day=2020-01-01',
      as: 'admin',
    });
    expect(empty.statusCode).toBe(200);
    expect(headerOf(empty, 'content-type')).toMatch(/^text\/plain/);
    expect(String(empty.body).trim().split('\n')).toHaveLength(1);
  });
});

describe('waivers and escalation settings (issue #9 item 8)', () => {
  it('waives an obligation only with a reason, only as the NCC, and only once (422, 403, 404, 409)', async () => {
    const fresh = await post({
      method: 'POST',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: JSON_TYPE,
      body: JSON.stringify(notification()),
    });
    const url = `/v1/obligations/${encodeURIComponent(`${String(fresh.id)}#notify_owner#soc-a`)}/waive`;
    const waive = (as: string, body: unknown, to = url) =>
      h.call({ method: 'POST', url: to, as, headers: JSON_TYPE, body: JSON.stringify(body) });

    const noReason = await waive('ncc-duty', {});
    expectProblem(noReason, 422, 'validation_failed');
    expect(jsonOf(noReason).errors).toEqual([
      expect.objectContaining({ pointer: '/reason', code: 'required' }),
    ]);
    expectProblem(await waive('ncc-duty', { reason: '' }), 422);
    expectProblem(await waive('soc-a', { reason: 'mine' }), 403, 'wrong_role');
    expectProblem(
      await waive('ncc-duty', { reason: 'x' }, '/v1/obligations/inc_nope%23card%23soc-a/waive'),
      404,
    );
    const waived = await waive('ncc-duty', { reason: 'Confirmed by phone.' });
    expect(waived.statusCode, waived.body).toBe(200);
    expect(jsonOf(waived)).toMatchObject({
      obligation: { kind: 'notify_owner', state: 'waived' },
      waiver: { by: 'ncc-duty', reason: 'Confirmed by phone.' },
    });
    expectProblem(await waive('ncc-duty', { reason: 'again' }), 409, 'obligation_not_waivable');
    const listed = jsonOf(
      await h.call({ method: 'GET', url: '/v1/obligations?state=waived', as: 'ncc-duty' }),
    );
    expect(listed.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: `${String(fresh.id)}#notify_owner#soc-a`, state: 'waived' }),
      ]),
    );
  });

  it('422 with pointers for escalation settings naming an unknown party, a negative wait, or a party that is not the NCC', async () => {
    const put = (id: string, body: unknown) =>
      h.call({
        method: 'PUT',
        url: `/v1/parties/${id}`,
        as: 'admin',
        headers: JSON_TYPE,
        body: JSON.stringify(body),
      });
    const unknown = await put('ncc-two', {
      ...partyBody('ncc'),
      escalation: { level2Recipients: ['admin', 'nobody-here'], level2AfterHours: 24 },
    });
    expectProblem(unknown, 422);
    expect(jsonOf(unknown).errors).toEqual([
      expect.objectContaining({ pointer: '/escalation/level2Recipients/1', code: 'unknown_party' }),
    ]);
    const negative = await put('ncc-two', {
      ...partyBody('ncc'),
      escalation: { level2Recipients: ['admin'], level2AfterHours: -1 },
    });
    expectProblem(negative, 422);
    expect(jsonOf(negative).errors).toEqual([
      expect.objectContaining({ pointer: '/escalation/level2AfterHours' }),
    ]);
    const notNcc = await put('soc-two', {
      ...partyBody('soc'),
      escalation: { level2Recipients: ['admin'] },
    });
    expectProblem(notNcc, 422);
    expect(jsonOf(notNcc).errors).toEqual([expect.objectContaining({ pointer: '/escalation' })]);
    const ok = await put('ncc-two', {
      ...partyBody('ncc'),
      escalation: { level2Recipients: ['admin'], level2AfterHours: 12 },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(jsonOf(ok)).toMatchObject({
      escalation: { level2Recipients: ['admin'], level2AfterHours: 12 },
    });
  });
});

it('has a case for every route (a new route must add one)', () => {
  expect(ROUTES.map((r) => r.name).filter((name) => !cases.has(name))).toEqual([]);
  // The shared fixtures build an event for every route template.
  for (const route of ROUTES)
    expect(apiEvent({ method: route.method, url: sampleUrl(route) }).route).toBe(route);
});

it('answers nothing that names an internal host, IP, table or queue (every response above)', () => {
  // Runs last: greps every response the cases of this file produced (п.90-1(6)).
  expect(h.responses.length).toBeGreaterThan(100);
  // The vendored Redoc bundle is a third party's static file (it carries a sample 192.168.0.1); nothing of ours is in it.
  const leaks = h.responses
    .filter(({ call }) => !call.startsWith('GET /docs/redoc.standalone.js'))
    .flatMap(({ call, text }) => internalAddressingIn(text).map((found) => `${call}: ${found}`));
  expect(leaks).toEqual([]);
});

it('sends no webhook body that names an internal host, IP, table or queue (every delivery above)', async () => {
  // Runs last: renders every delivery the cases of this file made, as the worker POSTs it.
  const bodies: Array<{ id: string; text: string }> = [];
  for (const party of await h.adapters.parties.listParties()) {
    let cursor: string | undefined;
    do {
      const page = await h.adapters.deliveries.listDeliveries(party.id, {
        limit: 100,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const delivery of page.items)
        bodies.push({ id: `${delivery.event} ${delivery.id}`, text: renderWebhookBody(delivery) });
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  expect(bodies.length).toBeGreaterThan(20);
  expect(new Set(bodies.map((b) => b.id.split(' ')[0])).size).toBeGreaterThan(5);
  const leaks = bodies.flatMap(({ id, text }) =>
    internalAddressingIn(text).map((found) => `${id}: ${found}`),
  );
  expect(leaks).toEqual([]);
});
