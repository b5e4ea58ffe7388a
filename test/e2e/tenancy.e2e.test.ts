/** Tenant isolation and roles on every route (issue #3): SOC B never sees or touches SOC A's data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import { annex7Fields, billingObject, completeCard, partyBody } from '../support/messages.js';

let gateway: TestGateway;
let socA: ReturnType<typeof client>;
let socB: ReturnType<typeof client>;
let ownerB: ReturnType<typeof client>;
let incidentId: string;
let noticeId: string;
let ownerDeliveryId: string;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.registerParty('ncc-duty', partyBody('ncc'));
  await gateway.registerParty(
    'soc-a',
    partyBody('soc', { sectors: ['water'], objects: [billingObject('owner-a')] }),
  );
  await gateway.registerParty('soc-b', partyBody('soc', { sectors: ['heat'] }));
  await gateway.registerParty('owner-a', partyBody('owner'));
  await gateway.registerParty('owner-b', partyBody('owner'));
  socA = client(gateway.url, await gateway.token('soc-a', 'soc'));
  socB = client(gateway.url, await gateway.token('soc-b', 'soc'));
  ownerB = client(gateway.url, await gateway.token('owner-b', 'owner'));
  const ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
  incidentId = (await socA.post('/v1/incidents', completeCard({ owner: 'owner-a' }))).json<{
    id: string;
  }>().id;
  noticeId = (
    await ncc.post('/v1/notices', {
      kind: 'event',
      registeredAt: new Date().toISOString(),
      ...annex7Fields(),
      description: 'Event for SOC A only',
      tlp: 'red',
      recipients: { parties: ['soc-a'] },
    })
  ).json<{ id: string }>().id;
  const ownerA = client(gateway.url, await gateway.token('owner-a', 'owner'));
  const deliveries = (await ownerA.get('/v1/deliveries')).json<{
    items: { deliveryId: string }[];
  }>();
  ownerDeliveryId = deliveries.items[0]?.deliveryId ?? '';
});

afterAll(async () => {
  await gateway?.stop();
});

describe('another tenant', () => {
  it.each([
    ['GET', () => `/v1/incidents/${incidentId}`],
    ['PUT', () => `/v1/incidents/${incidentId}/card`],
    ['POST', () => `/v1/incidents/${incidentId}/close`],
    ['POST', () => `/v1/notices/${noticeId}/ack`],
    ['POST', () => `/v1/notices/${noticeId}/responses`],
  ])('SOC B gets 404 for %s %s of SOC A', async (method, path) => {
    const body =
      method === 'GET'
        ? undefined
        : path().endsWith('/card')
          ? completeCard()
          : path().endsWith('/close')
            ? { eliminatedAt: new Date().toISOString() }
            : method === 'POST' && path().endsWith('/responses')
              ? { kind: 'event_analysis', results: 'x' }
              : undefined;

    const response =
      method === 'GET'
        ? await socB.get(path())
        : method === 'PUT'
          ? await socB.put(path(), body)
          : await socB.post(path(), body);

    expect([403, 404]).toContain(response.status);
  });

  it('does not list SOC A incidents, obligations or notices to SOC B', async () => {
    const incidents = (await socB.get('/v1/incidents')).json<{ items: { id: string }[] }>();
    const obligations = (await socB.get('/v1/obligations')).json<{
      items: { subjectId: string }[];
    }>();
    const notices = (await socB.get('/v1/notices')).json<{ items: { noticeId: string }[] }>();

    expect(incidents.items.map((i) => i.id)).not.toContain(incidentId);
    expect(obligations.items.map((o) => o.subjectId)).not.toContain(incidentId);
    expect(notices.items.map((n) => n.noticeId)).not.toContain(noticeId);
  });

  it.each([['/v1/incidents?soc=soc-a'], ['/v1/obligations?soc=soc-a']])(
    'refuses SOC B a list filter naming SOC A (%s) with 403',
    async (path) => {
      const response = await socB.get(path);

      expect(response.status).toBe(403);
      expect(response.json()).toMatchObject({ code: 'foreign_party_filter' });
    },
  );

  it('pages with opaque cursors that another SOC cannot use', async () => {
    await socA.post('/v1/incidents', completeCard({ owner: 'owner-a' }));
    const first = (await socA.get('/v1/incidents?limit=1')).json<{
      items: { id: string }[];
      nextCursor?: string;
    }>();
    const cursor = first.nextCursor ?? '';

    const next = await socA.get(`/v1/incidents?limit=1&cursor=${encodeURIComponent(cursor)}`);
    const foreign = await socB.get(`/v1/incidents?limit=1&cursor=${encodeURIComponent(cursor)}`);

    expect(cursor).not.toBe('');
    // Sealed, the cursor is random-looking bytes: look for whole key fragments, since a
    // two-letter pattern like /pk/ turns up in ~1 % of random 200-byte ciphertexts.
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(
      /"pk"|"sk"|gsi1|INCIDENT|soc-a|owner-a/,
    );
    expect(next.status).toBe(200);
    expect(next.json<{ items: { id: string }[] }>().items[0]?.id).not.toBe(first.items[0]?.id);
    expect(foreign.status).toBe(400);
    expect(foreign.json()).toMatchObject({ code: 'invalid_cursor' });
  });

  it('lets a SOC name itself in a list filter', async () => {
    const response = await socA.get('/v1/incidents?soc=soc-a');

    expect(response.status).toBe(200);
    expect(response.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(
      incidentId,
    );
  });

  it("does not let owner B acknowledge owner A's delivery", async () => {
    expect(ownerDeliveryId).not.toBe('');
    expect((await ownerB.post(`/v1/deliveries/${ownerDeliveryId}/ack`)).status).toBe(404);
  });
});

describe('roles', () => {
  it.each([
    ['a SOC issuing a notice', 'soc-a', 'soc', 'POST', '/v1/notices'],
    // An owner may report (001 п.24); the NCC may not.
    ['the NCC reporting an incident', 'ncc-duty', 'ncc', 'POST', '/v1/incidents'],
    ['a SOC reading the compliance report', 'soc-a', 'soc', 'GET', '/v1/reports/compliance'],
    ['a SOC registering a party', 'soc-a', 'soc', 'PUT', '/v1/parties/soc-z'],
    ['an owner listing parties', 'owner-a', 'owner', 'GET', '/v1/parties'],
  ])('refuses %s with 403', async (_what, party, role, method, path) => {
    const caller = client(gateway.url, await gateway.token(party, role));
    const body =
      method === 'PUT' ? partyBody('soc') : method === 'POST' ? completeCard() : undefined;

    const response =
      method === 'GET'
        ? await caller.get(path)
        : method === 'PUT'
          ? await caller.put(path, body)
          : await caller.post(path, body);

    expect(response.status).toBe(403);
  });

  it('refuses a token whose role scope does not match the registry with 403', async () => {
    const pretender = client(gateway.url, await gateway.token('soc-a', 'ncc'));

    expect((await pretender.get('/v1/reports/compliance')).status).toBe(403);
  });
});

describe('credentials', () => {
  it('refuses missing, forged and none-algorithm tokens with 401', async () => {
    const valid = await gateway.token('soc-a', 'soc');
    const [header, payload] = valid.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;

    for (const token of [undefined, forged, none, 'not-a-jwt']) {
      const response = await client(gateway.url, token).get('/v1/incidents');
      expect(response.status).toBe(401);
    }
  });
});
