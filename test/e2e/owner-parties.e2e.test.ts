/**
 * Owner parties in the exchange (issue #11 items 5 and 8): an owner's responsible person
 * reports an incident like a SOC (001 п.24), and the NCC notifies owners within its own
 * 30-minute clock (001 п.10(1)), which the compliance report shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import {
  agoWithOffset,
  annex7Fields,
  billingObject,
  notification,
  partyBody,
} from '../support/messages.js';

type Receipt = {
  id: string;
  obligations: { kind: string; state: string; lateBySeconds?: number }[];
};

let gateway: TestGateway;
let ncc: ReturnType<typeof client>;
let owner: ReturnType<typeof client>;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.registerParty('ncc-duty', partyBody('ncc'));
  await gateway.registerParty('owner-water', partyBody('owner'));
  await gateway.registerParty('owner-other', partyBody('owner'));
  await gateway.registerParty('knb', partyBody('authority'));
  await gateway.registerParty(
    'soc-water',
    partyBody('soc', { objects: [billingObject('owner-water')] }),
  );
  ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
  owner = client(gateway.url, await gateway.token('owner-water', 'owner'));
});

afterAll(async () => {
  await gateway?.stop();
});

describe('an owner reports its own incident (001 п.24)', () => {
  it('within 15 minutes like a SOC, with the same card duties, and sees and closes only its own', async () => {
    const report = await owner.post('/v1/incidents', notification({ confirmedAgoMs: 5 * 60_000 }));
    const receipt = report.json<Receipt>();

    expect(report.status).toBe(201);
    expect(receipt.obligations.map((o) => [o.kind, o.state])).toEqual([
      ['notify_ncc', 'satisfied'],
      ['card', 'open'],
    ]);
    expect((await owner.get(`/v1/incidents/${receipt.id}`)).status).toBe(200);
    const other = client(gateway.url, await gateway.token('owner-other', 'owner'));
    expect((await other.get(`/v1/incidents/${receipt.id}`)).status).toBe(404);
    const closed = await owner.post(`/v1/incidents/${receipt.id}/close`, {
      eliminatedAt: agoWithOffset(60_000),
      actionsTaken: 'Сервер қалпына келтірілді.',
    });
    expect(closed.status).toBe(200);
  });

  it('reaches the SOC registered for the object as well as the NCC (001 п.24: "МТҚ" АҚ мен АҚЖО)', async () => {
    const report = await owner.post(
      '/v1/incidents',
      notification({ confirmedAgoMs: 60_000, objectId: 'obj-billing' }),
    );
    expect(report.status, report.text).toBe(201);
    const receipt = report.json<Receipt & { warnings: unknown[] }>();
    expect(receipt.warnings).toEqual([]);

    type Inbox = { items: { event: string; payload: { incident?: { id: string } } }[] };
    const soc = client(gateway.url, await gateway.token('soc-water', 'soc'));
    for (const reader of [soc, ncc]) {
      const inbox = (await reader.get('/v1/deliveries')).json<Inbox>();
      expect(inbox.items.map((i) => [i.event, i.payload.incident?.id])).toContainEqual([
        'incident.notified',
        receipt.id,
      ]);
    }
  });

  it('is refused with 403 from a party without a reporting role', async () => {
    const authority = client(gateway.url, await gateway.token('knb', 'authority'));

    const response = await authority.post('/v1/incidents', notification());

    expect(response.status).toBe(403);
  });
});

describe("the NCC's notice to an owner (001 п.10(1): 30 minutes from detection)", () => {
  it('opens the NCC clock, late after 40 minutes, reaches the owner inbox, and shows in the compliance report', async () => {
    const issued = await ncc.post('/v1/notices', {
      kind: 'incident',
      registeredAt: agoWithOffset(0).slice(0, 10),
      ...annex7Fields(40 * 60_000),
      description: 'Су арнасы SCADA серверінде зиянды бағдарлама белсенділігі анықталды.',
      tlp: 'amber',
      recipients: { parties: ['owner-water'] },
    });
    const receipt = issued.json<Receipt>();

    expect(issued.status).toBe(201);
    const clock = receipt.obligations.find((o) => o.kind === 'notify_responsible');
    expect(clock?.state).toBe('satisfied_late');
    expect(clock?.lateBySeconds).toBeGreaterThanOrEqual(600);
    const inbox = (await owner.get('/v1/notices')).json<{ items: { noticeId: string }[] }>();
    expect(inbox.items.map((i) => i.noticeId)).toContain(receipt.id);
    expect((await owner.post(`/v1/notices/${receipt.id}/ack`)).status).toBe(200);
    const report = (await ncc.get('/v1/reports/compliance')).json<{
      socs: { socId: string; obligations: Record<string, { late: number }> }[];
    }>();
    const nccRow = report.socs.find((row) => row.socId === 'ncc-duty');
    expect(nccRow?.obligations.notify_responsible?.late).toBe(1);
  });

  it('needs detectedAt when addressed to an owner', async () => {
    const response = await ncc.post('/v1/notices', {
      kind: 'threat',
      registeredAt: agoWithOffset(0).slice(0, 10),
      description: 'Фишинг таратылымы.',
      tlp: 'green',
      recipients: { parties: ['owner-water'] },
    });

    expect(response.status).toBe(422);
    expect(response.json<{ errors: { pointer: string; code: string }[] }>().errors).toContainEqual(
      expect.objectContaining({ pointer: '/detectedAt', code: 'required' }),
    );
  });
});

describe("an owner's own contact report and the admin's registration (001 п.16)", () => {
  it('is audited on the owner’s chain, and an admin body built before it does not put the old contact back', async () => {
    const old = { name: 'Old Person', changedAt: agoWithOffset(10 * 86_400_000) };
    await gateway.registerParty('owner-contact', partyBody('owner', { contact: old }));
    const self = client(gateway.url, await gateway.token('owner-contact', 'owner'));
    const reported = { name: 'Айгүл Серікова', changedAt: agoWithOffset(3_600_000) };

    const put = await self.put('/v1/parties/owner-contact/contact', reported);
    expect(put.status, put.text).toBe(200);
    // The admin's client still holds the registration it read before the report.
    const view = await gateway.registerParty(
      'owner-contact',
      partyBody('owner', { name: 'Renamed', contact: old }),
    );

    expect(view).toMatchObject({ name: 'Renamed', contact: reported });
    const admin = client(gateway.url, await gateway.token('admin', 'admin'));
    const today = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
    const jsonl = await admin.get(`/v1/audit/export?party=owner-contact&day=${today}&format=jsonl`);
    expect(jsonl.status, jsonl.text).toBe(200);
    expect(
      jsonl.text
        .trimEnd()
        .split('\n')
        .map((l) => [JSON.parse(l).action, JSON.parse(l).source]),
    ).toEqual([['message.received', 'put-party-contact']]);
  });
});
