/**
 * Issue #14 item 1 over real HTTP: the NCC sees what became of its notices —
 * per-recipient delivery, ack, answer and overdue state — and each recipient sees
 * only its own part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestGateway,
  type TestGateway,
  type WebhookReceiver,
  webhookReceiver,
} from '../support/gateway.js';
import { client, eventually } from '../support/http.js';
import { partyBody } from '../support/messages.js';

const SECRET = 'soc-secret-soc-secret-soc-secret-0001';

interface RecipientState {
  partyId: string;
  delivery?: { status: string };
  acknowledgedAt?: string;
  respondedAt?: string;
  overdue: boolean;
}

let gateway: TestGateway;
let hook: WebhookReceiver;
let nccHook: WebhookReceiver;
let ncc: ReturnType<typeof client>;
let east: ReturnType<typeof client>;
let west: ReturnType<typeof client>;

beforeAll(async () => {
  gateway = await startTestGateway();
  hook = await webhookReceiver();
  nccHook = await webhookReceiver();
  await gateway.registerParty(
    'ncc-loop',
    partyBody('ncc', { webhook: { url: nccHook.url, secret: SECRET } }),
  );
  await gateway.registerParty('ncc-other', partyBody('ncc'));
  await gateway.registerParty(
    'soc-east',
    partyBody('soc', { sectors: ['water'], webhook: { url: hook.url, secret: SECRET } }),
  );
  await gateway.registerParty('soc-west', partyBody('soc', { sectors: ['water'] }));
  ncc = client(gateway.url, await gateway.token('ncc-loop', 'ncc'));
  east = client(gateway.url, await gateway.token('soc-east', 'soc'));
  west = client(gateway.url, await gateway.token('soc-west', 'soc'));
});

afterAll(async () => {
  await gateway?.stop();
  await hook?.close();
  await nccHook?.close();
});

describe('the NCC notice loop', () => {
  it('lists the issued notice with each recipient delivered, acknowledged and answered', async () => {
    // Arrange
    const issued = (
      await ncc.post('/v1/notices', {
        kind: 'threat',
        registeredAt: new Date(Date.now() - 60_000).toISOString().slice(0, 10),
        description: 'Су секторына фишинг',
        tlp: 'amber',
        recipients: { sectors: ['water'] },
      })
    ).json<{ id: string }>();
    await eventually(
      () => hook.requests.find((r) => JSON.parse(r.body).payload?.noticeId === issued.id),
      15_000,
    );
    await east.post(`/v1/notices/${issued.id}/ack`);
    await east.post(`/v1/notices/${issued.id}/responses`, {
      kind: 'threat_analysis',
      results: 'Талданды: осалдық жоқ.',
    });

    // Act
    const listed = await eventually(async () => {
      const page = (await ncc.get('/v1/notices')).json<{
        items: {
          noticeId: string;
          summary: Record<string, number>;
          recipients: RecipientState[];
        }[];
      }>();
      const item = page.items.find((i) => i.noticeId === issued.id);
      return item?.summary.delivered === 1 ? item : undefined;
    }, 15_000);
    const detail = await ncc.get(`/v1/notices/${issued.id}`);
    const heard = await eventually(() => {
      const events = nccHook.requests
        .map((r) => JSON.parse(r.body) as { event: string; payload: { noticeId?: string } })
        .filter((b) => b.payload.noticeId === issued.id)
        .map((b) => b.event)
        .sort();
      return events.length >= 2 ? events : undefined;
    }, 15_000);

    // Assert
    expect(listed.summary).toEqual({
      recipients: 2,
      delivered: 1,
      acknowledged: 1,
      answered: 1,
      overdue: 0,
    });
    const eastState = listed.recipients.find((r) => r.partyId === 'soc-east');
    expect(eastState).toMatchObject({ delivery: { status: 'delivered' }, overdue: false });
    expect(eastState?.acknowledgedAt).toBeDefined();
    expect(eastState?.respondedAt).toBeDefined();
    expect(heard).toEqual(['notice.acknowledged', 'notice.responded']);
    expect(detail.status).toBe(200);
    expect(
      detail.json<{ responses: { partyId: string; response: { kind: string } }[] }>().responses,
    ).toEqual([
      expect.objectContaining({
        partyId: 'soc-east',
        response: expect.objectContaining({ kind: 'threat_analysis' }),
      }),
    ]);
  });

  it('shows a recipient only its own part, and is 404 for anyone else', async () => {
    // Arrange
    const issued = (
      await ncc.post('/v1/notices', {
        kind: 'threat',
        registeredAt: new Date(Date.now() - 60_000).toISOString().slice(0, 10),
        description: 'Тек шығысқа',
        tlp: 'green',
        recipients: { parties: ['soc-east'] },
      })
    ).json<{ id: string }>();

    // Act
    const own = await east.get(`/v1/notices/${issued.id}`);
    const stranger = await west.get(`/v1/notices/${issued.id}`);
    const otherNcc = await client(gateway.url, await gateway.token('ncc-other', 'ncc')).get(
      `/v1/notices/${issued.id}`,
    );

    // Assert
    expect(own.status).toBe(200);
    const body = own.json<Record<string, unknown>>();
    expect(body).toMatchObject({ noticeId: issued.id, partyId: 'soc-east' });
    expect(body.recipients).toBeUndefined();
    expect((body.notice as Record<string, unknown>).recipients).toBeUndefined();
    expect([stranger.status, otherNcc.status]).toEqual([404, 404]);
  });
});
