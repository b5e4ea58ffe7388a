/** NCC notices over real HTTP: fan-out to a sector, inbox, ack and responses (issue #3). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestGateway,
  type TestGateway,
  type WebhookReceiver,
  webhookReceiver,
} from '../support/gateway.js';
import { client, eventually } from '../support/http.js';
import { annex7Fields, completeCard, partyBody } from '../support/messages.js';

const SECRET = 'soc-secret-soc-secret-soc-secret-0001';

let gateway: TestGateway;
let hooks: Record<string, WebhookReceiver>;
let ncc: ReturnType<typeof client>;

function notice(kind: 'threat' | 'event' | 'incident', recipients: Record<string, string[]>) {
  return {
    kind,
    registeredAt: new Date(Date.now() - 60_000).toISOString(),
    ...annex7Fields(),
    description: 'Фишингтік тарату электр энергетикасы секторына бағытталған',
    tlp: 'amber',
    recipients,
  };
}

beforeAll(async () => {
  gateway = await startTestGateway();
  hooks = {
    'soc-east': await webhookReceiver(),
    'soc-west': await webhookReceiver(),
    'soc-bank': await webhookReceiver(),
  };
  await gateway.registerParty('ncc-duty', partyBody('ncc'));
  await gateway.registerParty(
    'soc-east',
    partyBody('soc', {
      sectors: ['electricity'],
      webhook: { url: hooks['soc-east']?.url, secret: SECRET },
    }),
  );
  await gateway.registerParty(
    'soc-west',
    partyBody('soc', {
      sectors: ['electricity', 'gas'],
      webhook: { url: hooks['soc-west']?.url, secret: SECRET },
    }),
  );
  await gateway.registerParty(
    'soc-bank',
    partyBody('soc', {
      sectors: ['banking'],
      webhook: { url: hooks['soc-bank']?.url, secret: SECRET },
    }),
  );
  ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all(Object.values(hooks ?? {}).map((h) => h.close()));
});

describe('NCC notices', () => {
  it('reaches every SOC of the sector by webhook and inbox, and no one else', async () => {
    const response = await ncc.post('/v1/notices', notice('threat', { sectors: ['electricity'] }));
    const issued = response.json<{ id: string; deliveries: { partyId: string }[] }>();

    expect(response.status).toBe(201);
    expect(issued.deliveries.map((d) => d.partyId).sort()).toEqual(['soc-east', 'soc-west']);
    for (const party of ['soc-east', 'soc-west']) {
      await eventually(
        () =>
          hooks[party]?.requests.find((r) => JSON.parse(r.body).payload?.noticeId === issued.id),
        10_000,
      );
      const inbox = await client(gateway.url, await gateway.token(party, 'soc')).get('/v1/notices');
      expect(
        inbox.json<{ items: { noticeId: string }[] }>().items.map((i) => i.noticeId),
      ).toContain(issued.id);
    }
    const bankInbox = await client(gateway.url, await gateway.token('soc-bank', 'soc')).get(
      '/v1/notices',
    );
    expect(
      bankInbox.json<{ items: { noticeId: string }[] }>().items.map((i) => i.noticeId),
    ).not.toContain(issued.id);
  });

  it('satisfies notice_ack with the ack and notice_response with a threat analysis', async () => {
    const issued = (
      await ncc.post('/v1/notices', notice('threat', { parties: ['soc-east'] }))
    ).json<{ id: string }>();
    const east = client(gateway.url, await gateway.token('soc-east', 'soc'));

    const ack = await east.post(`/v1/notices/${issued.id}/ack`);
    const answer = await east.post(`/v1/notices/${issued.id}/responses`, {
      kind: 'threat_analysis',
      results: 'Қатер талданды: жүйелер осал емес.',
    });
    const obligations = (await ncc.get(`/v1/obligations?soc=soc-east`)).json<{
      items: { subjectId: string; kind: string; state: string }[];
    }>();

    expect(ack.status).toBe(200);
    expect(answer.status).toBe(201);
    const mine = obligations.items
      .filter((o) => o.subjectId === issued.id)
      .map((o) => [o.kind, o.state]);
    expect(mine.sort()).toEqual([
      ['notice_ack', 'satisfied'],
      ['notice_response', 'satisfied'],
    ]);
  });

  it('refuses a response of the wrong kind and opens an incident from an incident card response', async () => {
    const issued = (
      await ncc.post('/v1/notices', notice('incident', { parties: ['soc-west'] }))
    ).json<{ id: string }>();
    const west = client(gateway.url, await gateway.token('soc-west', 'soc'));

    const wrong = await west.post(`/v1/notices/${issued.id}/responses`, {
      kind: 'event_analysis',
      results: 'x',
    });
    const card = await west.post(`/v1/notices/${issued.id}/responses`, {
      kind: 'incident_card',
      card: completeCard({ owner: 'nobody-registered' }),
    });

    expect(wrong.status).toBe(422);
    expect(wrong.json<{ errors: { code: string }[] }>().errors.map((e) => e.code)).toEqual([
      'response_kind_mismatch',
    ]);
    expect(card.status).toBe(201);
    const incidentPath = card.headers.get('location') ?? '';
    expect((await west.get(incidentPath)).status).toBe(200);
  });

  it("starts notice_response when the gateway made the notice available, never at the NCC's notifiedAt (004 п.9)", async () => {
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3_600_000 - 60_000).toISOString();
    const before = Date.now();

    const issued = await ncc.post('/v1/notices', {
      ...notice('threat', { parties: ['soc-east'] }),
      notifiedAt: threeDaysAgo,
    });
    const receipt = issued.json<{
      obligations: { kind: string; state: string; dueAt: string }[];
    }>();

    expect(issued.status).toBe(201);
    const answer = receipt.obligations.find((o) => o.kind === 'notice_response');
    expect(answer?.state).toBe('open');
    expect(Date.parse(answer?.dueAt ?? '')).toBeGreaterThanOrEqual(before + 72 * 3_600_000 - 1000);
  });

  it('refuses a notifiedAt in the future with 422 at its pointer', async () => {
    const response = await ncc.post('/v1/notices', {
      ...notice('threat', { parties: ['soc-east'] }),
      notifiedAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    });

    expect(response.status).toBe(422);
    expect(response.json<{ errors: { pointer: string; code: string }[] }>().errors).toContainEqual(
      expect.objectContaining({ pointer: '/notifiedAt', code: 'in_future' }),
    );
  });

  it('accepts "not confirmed" with the analysis as the answer to an incident notice, and opens no card clock', async () => {
    const issued = (
      await ncc.post('/v1/notices', notice('incident', { parties: ['soc-west'] }))
    ).json<{ id: string }>();
    const west = client(gateway.url, await gateway.token('soc-west', 'soc'));

    const answer = await west.post(`/v1/notices/${issued.id}/responses`, {
      kind: 'incident_not_confirmed',
      results: 'Журналдар тексерілді: оқыс оқиға расталмады, сканерлеу әрекеті ғана.',
    });
    const receipt = answer.json<{ obligations: { kind: string; state: string }[] }>();

    expect(answer.status).toBe(201);
    expect(answer.headers.get('location') ?? '').not.toContain('/v1/incidents/');
    expect(receipt.obligations.map((o) => [o.kind, o.state]).sort()).toEqual([
      ['notice_ack', 'satisfied'],
      ['notice_response', 'satisfied'],
    ]);
  });
});
