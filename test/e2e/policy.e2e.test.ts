/** Per-party gateway rules (docs/contract.md §6, Unified Requirements п.90-1): allowed kinds and the rate limit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import { annex7Fields, completeCard, partyBody } from '../support/messages.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.registerParty('owner-energo', partyBody('owner'));
  await gateway.registerParty('soc-limited', partyBody('soc', { policy: { ratePerMinute: 3 } }));
  await gateway.registerParty(
    'soc-notify-only',
    partyBody('soc', { policy: { allowedKinds: ['incident'] } }),
  );
});

afterAll(async () => {
  await gateway?.stop();
});

/** The limit is a fixed one-minute window: do not start a burst in its last seconds. */
async function awayFromWindowEdge(): Promise<void> {
  const secondOfMinute = new Date().getSeconds();
  if (secondOfMinute >= 55)
    await new Promise((resolve) => setTimeout(resolve, (61 - secondOfMinute) * 1000));
}

describe('party policy', () => {
  it('answers 429 with Retry-After once the party spent its requests for the minute', async () => {
    const soc = client(gateway.url, await gateway.token('soc-limited', 'soc'));
    await awayFromWindowEdge();

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await soc.get('/v1/incidents'));

    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    const limited = statuses[3];
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited?.json()).toMatchObject({ status: 429, code: 'rate_limited' });
  });

  it('refuses a message kind outside policy.allowedKinds with 403', async () => {
    const soc = client(gateway.url, await gateway.token('soc-notify-only', 'soc'));
    const card = completeCard();
    const created = await soc.post('/v1/incidents', card);

    const revision = await soc.put(`/v1/incidents/${created.json<{ id: string }>().id}/card`, card);

    expect(created.status).toBe(201);
    expect(revision.status).toBe(403);
    expect(revision.json()).toMatchObject({ code: 'kind_not_allowed' });
  });

  it('refuses an incident_card notice response from a party not allowed to report incidents', async () => {
    await gateway.registerParty('ncc-duty', partyBody('ncc'));
    await gateway.registerParty(
      'soc-answers-only',
      partyBody('soc', { policy: { allowedKinds: ['notice_ack', 'notice_response'] } }),
    );
    const ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
    const soc = client(gateway.url, await gateway.token('soc-answers-only', 'soc'));
    const issued = await ncc.post('/v1/notices', {
      kind: 'incident',
      registeredAt: new Date(Date.now() - 60_000).toISOString(),
      ...annex7Fields(),
      description: 'Incident notice',
      tlp: 'amber',
      recipients: { parties: ['soc-answers-only'] },
    });

    const answer = await soc.post(`/v1/notices/${issued.json<{ id: string }>().id}/responses`, {
      kind: 'incident_card',
      card: completeCard(),
    });

    expect(issued.status).toBe(201);
    expect(answer.status).toBe(403);
    expect(answer.json()).toMatchObject({ code: 'kind_not_allowed' });
    expect((await soc.get('/v1/incidents')).json<{ items: unknown[] }>().items).toEqual([]);
  });
});

describe('rate limit under concurrency', () => {
  it('does not refuse concurrent first requests of a new window while budget remains', async () => {
    await gateway.registerParty('soc-burst', partyBody('soc', { policy: { ratePerMinute: 20 } }));
    const soc = client(gateway.url, await gateway.token('soc-burst', 'soc'));
    await awayFromWindowEdge();

    const responses = await Promise.all(Array.from({ length: 10 }, () => soc.get('/v1/incidents')));

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
  });
});

describe('policy input (п.90-1)', () => {
  it('refuses a malformed connection point and a negative limit with 422 and pointers', async () => {
    const admin = client(gateway.url, await gateway.token('admin', 'admin'));

    const response = await admin.put(
      '/v1/parties/soc-bad-policy',
      partyBody('soc', {
        policy: { connectionPoints: ['203.0.113.0/24', '203.0.113.0/33'], readLimitPerHour: -5 },
      }),
    );

    expect(response.status).toBe(422);
    const pointers = response
      .json<{ errors: { pointer: string }[] }>()
      .errors.map((i) => i.pointer);
    expect(pointers).toContain('/policy/readLimitPerHour');
    expect(await admin.get('/v1/parties').then((r) => r.text)).not.toContain('soc-bad-policy');
  });

  it('points at the malformed connection point once the limits are valid', async () => {
    const admin = client(gateway.url, await gateway.token('admin', 'admin'));

    const response = await admin.put(
      '/v1/parties/soc-bad-cidr',
      partyBody('soc', { policy: { connectionPoints: ['203.0.113.0/24', 'intranet'] } }),
    );

    expect(response.status).toBe(422);
    expect(response.json()).toMatchObject({
      errors: [{ pointer: '/policy/connectionPoints/1', code: 'invalid_cidr' }],
    });
  });
});
