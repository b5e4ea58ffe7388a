/**
 * Connection rules (Unified Requirements п.90-1(1)–(3), docs/contract.md §6) over real HTTP: the
 * registered connection point, and blocking by authentication failures, rate breaches,
 * hostile input and bulk reading, each announced to every `ncc` party and lifted by an
 * admin. Every request here comes from 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client, eventually } from '../support/http.js';
import { completeCard, partyBody } from '../support/messages.js';

let gateway: TestGateway;
let admin: ReturnType<typeof client>;
let ncc: ReturnType<typeof client>;

const LOCAL = ['127.0.0.1/32', '::1/128'];

beforeAll(async () => {
  gateway = await startTestGateway();
  admin = client(gateway.url, await gateway.token('admin', 'admin'));
  await gateway.registerParty('ncc-duty', partyBody('ncc'));
  ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
});

afterAll(async () => {
  await gateway?.stop();
});

interface Delivery {
  event: string;
  payload: { partyId: string; reason?: string };
}

/** The NCC's inbox entries about `partyId` of one event. */
async function nccHeardOf(event: string, partyId: string): Promise<Delivery[]> {
  const inbox = await ncc.get('/v1/deliveries?limit=100');
  return inbox
    .json<{ items: Delivery[] }>()
    .items.filter((d) => d.event === event && d.payload.partyId === partyId);
}

describe('registered connection points (п.90-1(1))', () => {
  it('refuses a request from outside the points with 403, counting nothing toward the party', async () => {
    await gateway.registerParty(
      'soc-remote',
      partyBody('soc', { policy: { connectionPoints: ['203.0.113.0/24'], authFailureLimit: 1 } }),
    );
    const soc = client(gateway.url, await gateway.token('soc-remote', 'soc'));

    const refused = await soc.get('/v1/incidents');
    const badToken = await client(gateway.url, 'not-a-token').get('/v1/incidents');
    // Now register this machine too: the bad token above must not have blocked the party.
    await gateway.registerParty(
      'soc-remote',
      partyBody('soc', {
        policy: { connectionPoints: ['203.0.113.0/24', ...LOCAL], authFailureLimit: 5 },
      }),
    );
    const admitted = await soc.get('/v1/incidents');

    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'connection_point_not_registered' });
    expect(badToken.status).toBe(401);
    expect(admitted.status).toBe(200);
  });
});

describe('blocking (п.90-1(3))', () => {
  it('blocks after authFailureLimit bad tokens from the connection point, tells the NCC, and an admin unblocks', async () => {
    await gateway.registerParty(
      'soc-auth',
      partyBody('soc', { policy: { connectionPoints: LOCAL, authFailureLimit: 3 } }),
    );
    const soc = client(gateway.url, await gateway.token('soc-auth', 'soc'));
    expect((await soc.get('/v1/incidents')).status).toBe(200);

    const failures = [];
    for (let i = 0; i < 3; i++)
      failures.push(await client(gateway.url, `bad.${i}.token`).get('/v1/incidents'));
    const whileBlocked = await soc.get('/v1/incidents');
    const heard = await eventually(async () => {
      const found = await nccHeardOf('connection.blocked', 'soc-auth');
      return found.length > 0 ? found : undefined;
    }, 10_000);
    const unblocked = await admin.post('/v1/parties/soc-auth/unblock', { note: 'token rotated' });
    const afterUnblock = await soc.get('/v1/incidents');
    const secondUnblock = await admin.post('/v1/parties/soc-auth/unblock');

    expect(failures.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(whileBlocked.status).toBe(403);
    expect(whileBlocked.json()).toMatchObject({ code: 'connection_blocked' });
    expect(heard).toHaveLength(1);
    expect(heard[0]?.payload).toMatchObject({ partyId: 'soc-auth', reason: 'auth_failures' });
    expect(unblocked.status).toBe(200);
    expect(unblocked.json()).toMatchObject({
      partyId: 'soc-auth',
      lifted: { reason: 'auth_failures' },
    });
    expect(afterUnblock.status).toBe(200);
    expect(secondUnblock.status).toBe(409);
    expect(await nccHeardOf('connection.unblocked', 'soc-auth')).toHaveLength(1);
  });

  it('blocks after rateBreachLimit rate-limit breaches', async () => {
    await gateway.registerParty(
      'soc-rate',
      partyBody('soc', { policy: { ratePerMinute: 1, rateBreachLimit: 2 } }),
    );
    const soc = client(gateway.url, await gateway.token('soc-rate', 'soc'));

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await soc.get('/v1/incidents')).status);

    // One allowed, two breaches (the second blocks), then blocked — unless a minute boundary
    // fell inside the burst, which only gives one more 200 before the same pattern.
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.at(-1)).toBe(403);
    expect(await nccHeardOf('connection.blocked', 'soc-rate')).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ reason: 'rate_breaches' }) }),
    ]);
  });

  it('blocks after hostileInputLimit requests with entity declarations', async () => {
    await gateway.registerParty(
      'soc-hostile',
      partyBody('soc', { policy: { hostileInputLimit: 2 } }),
    );
    const soc = client(gateway.url, await gateway.token('soc-hostile', 'soc'));
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><incidentNotification>&lol;</incidentNotification>';

    const first = await soc.post('/v1/incidents', bomb);
    const second = await soc.post('/v1/incidents', bomb);
    const honest = await soc.post('/v1/incidents', completeCard());

    expect([first.status, second.status]).toEqual([400, 400]);
    expect(honest.status).toBe(403);
    expect(honest.json()).toMatchObject({ code: 'connection_blocked' });
  });

  it('blocks a party reading more than readLimitPerHour items, withholding that page', async () => {
    await gateway.registerParty(
      'soc-reader',
      partyBody('soc', { policy: { readLimitPerHour: 2 } }),
    );
    const soc = client(gateway.url, await gateway.token('soc-reader', 'soc'));
    for (let i = 0; i < 3; i++)
      expect((await soc.post('/v1/incidents', completeCard())).status).toBe(201);

    const copying = await soc.get('/v1/incidents?limit=100');
    const next = await soc.get('/v1/incidents?limit=1');

    expect(copying.status).toBe(403);
    expect(copying.json()).toMatchObject({ code: 'connection_blocked' });
    expect(copying.text).not.toContain('socReference');
    expect(next.status).toBe(403);
    expect(await nccHeardOf('connection.blocked', 'soc-reader')).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ reason: 'bulk_reading' }) }),
    ]);
  });

  it('lets an admin block a connection by hand, and refuses an unknown party with 404', async () => {
    await gateway.registerParty('soc-manual', partyBody('soc'));
    const soc = client(gateway.url, await gateway.token('soc-manual', 'soc'));

    const blocked = await admin.post('/v1/parties/soc-manual/block', { note: 'incident INC-7' });
    const refused = await soc.get('/v1/incidents');
    const unknown = await admin.post('/v1/parties/soc-nobody/block');
    const notAdmin = await ncc.post('/v1/parties/soc-manual/unblock');

    expect(blocked.status).toBe(200);
    expect(blocked.json()).toMatchObject({ blocked: { reason: 'admin', by: 'admin' } });
    expect(refused.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(notAdmin.status).toBe(403);
  });
});

describe('the audit trail of blocks and unblocks (п.90-1(7))', () => {
  it('verifies the chain, exports the day as the Annex 4 log, and refuses an unknown party with 422', async () => {
    await gateway.registerParty('soc-audited', partyBody('soc'));
    await admin.post('/v1/parties/soc-audited/block', { note: 'drill' });
    await admin.post('/v1/parties/soc-audited/unblock', { note: 'drill over' });
    const today = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);

    const verified = await admin.get('/v1/audit/verify?party=soc-audited');
    const exported = await admin.get(`/v1/audit/export?party=soc-audited&day=${today}`);
    const jsonl = await admin.get(`/v1/audit/export?party=soc-audited&day=${today}&format=jsonl`);
    const emptyDay = await admin.get('/v1/audit/export?party=soc-audited&day=2020-01-01');
    const unknown = await admin.get('/v1/audit/verify?party=soc-nobody');
    const notAdmin = await ncc.get('/v1/audit/verify?party=soc-audited');

    expect(verified.status).toBe(200);
    expect(verified.json()).toMatchObject({ ok: true, checked: 2, firstSeq: 1, lastSeq: 2 });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const lines = exported.text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'date;time;source;user_id;user_ip;operation_start;operation_end;description',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^\d{2}:\d{2}:\d{4};\d{2}:\d{2}:\d{2};ncc-gateway\/block-connection;admin;/,
    );
    expect(
      jsonl.text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).action),
    ).toEqual(['connection.blocked', 'connection.unblocked']);
    expect(emptyDay.status).toBe(200);
    expect(emptyDay.text).toBe(`${lines[0]}\n`);
    expect(unknown.status).toBe(422);
    expect(unknown.json()).toMatchObject({
      errors: [{ pointer: '/query/party', code: 'unknown_party' }],
    });
    expect(notAdmin.status).toBe(403);
  });
});
