/**
 * Issue #9 item 8 over real HTTP on the embedded stack (DynamoDB Local + fauxqs), with
 * past confirmedAt values: a card notified after its 72 h is missed at once and level 1
 * reaches the NCC's webhook; a day later, with nobody acknowledging it, level 2 reaches
 * the recipient the NCC named — once, however often the sweep runs — while a card the
 * NCC waived meanwhile never climbs to level 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestGateway,
  type TestGateway,
  type WebhookReceiver,
  webhookReceiver,
} from '../support/gateway.js';
import { client, eventually } from '../support/http.js';
import { notification, partyBody } from '../support/messages.js';

const SECRET = 'ladder-secret-ladder-secret-ladder-01';
const HOUR = 3_600_000;

interface Receipt {
  id: string;
  obligations: { kind: string; state: string }[];
}

let gateway: TestGateway;
let nccHook: WebhookReceiver;
let headHook: WebhookReceiver;

beforeAll(async () => {
  gateway = await startTestGateway();
  nccHook = await webhookReceiver();
  headHook = await webhookReceiver();
  await gateway.registerParty(
    'ncc-head',
    partyBody('admin', { name: 'NCC head', webhook: { url: headHook.url, secret: SECRET } }),
  );
  await gateway.registerParty(
    'ncc-duty',
    partyBody('ncc', {
      webhook: { url: nccHook.url, secret: SECRET },
      escalation: { level2Recipients: ['ncc-head'], level2AfterHours: 24 },
    }),
  );
  await gateway.registerParty('soc-alpha', partyBody('soc'));
});

afterAll(async () => {
  await gateway?.stop();
  await nccHook?.close();
  await headHook?.close();
});

/** The `obligation.missed` webhooks a receiver got about `subjectId`'s card, by level. */
function cardAlerts(hook: WebhookReceiver, subjectId: string): number[] {
  return hook.requests
    .map((r) => JSON.parse(r.body))
    .filter(
      (b) =>
        b.event === 'obligation.missed' &&
        b.payload?.subjectId === subjectId &&
        b.payload?.obligation?.kind === 'card',
    )
    .map((b) => b.payload.level);
}

describe('escalation ladder', () => {
  it('level 1 at the miss, level 2 a day later when unacknowledged, each once; a waiver stops level 2', async () => {
    // Arrange: two cards notified 73 h after confirmation, so missed on arrival
    const soc = client(gateway.url, await gateway.token('soc-alpha', 'soc'));
    const ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
    const late = () => notification({ confirmedAgoMs: 73 * HOUR });
    const kept = (await soc.post('/v1/incidents', late())).json<Receipt>();
    const waived = (await soc.post('/v1/incidents', late())).json<Receipt>();
    const level1At = Date.now();
    expect(kept.obligations.find((o) => o.kind === 'card')?.state).toBe('missed');
    await eventually(() => (cardAlerts(nccHook, kept.id).length > 0 ? true : undefined), 15_000);
    await eventually(() => (cardAlerts(nccHook, waived.id).length > 0 ? true : undefined), 15_000);

    // Act: the NCC waives one card; the sweep runs before and after the 24 h, again and again
    const waiver = await ncc.post(
      `/v1/obligations/${encodeURIComponent(`${waived.id}#card#soc-alpha`)}/waive`,
      { reason: 'The SOC showed the incident was not confirmed.' },
    );
    const early = await gateway.sweepAt(level1At + 23 * HOUR);
    const due = await Promise.all([
      gateway.sweepAt(level1At + 25 * HOUR),
      gateway.sweepAt(level1At + 25 * HOUR),
    ]);
    const again = await gateway.sweepAt(level1At + 26 * HOUR);

    // Assert
    expect(waiver.status, waiver.text).toBe(200);
    expect(early.level2).toBe(0);
    expect(due[0].level2 + due[1].level2).toBe(1);
    expect(again.level2).toBe(0);
    await eventually(() => (cardAlerts(headHook, kept.id).length > 0 ? true : undefined), 15_000);
    await new Promise((resolve) => setTimeout(resolve, (gateway.sweepIntervalSeconds + 1) * 1000));
    expect(cardAlerts(headHook, kept.id)).toEqual([2]);
    expect(cardAlerts(headHook, waived.id)).toEqual([]);
    expect(cardAlerts(nccHook, kept.id)).toEqual([1]);
    expect(cardAlerts(nccHook, waived.id)).toEqual([1]);
    const report = await ncc.get('/v1/reports/compliance?soc=soc-alpha');
    expect(
      report.json<{ socs: { obligations: { card: { waived: number; missed: number } } }[] }>()
        .socs[0]?.obligations.card,
    ).toMatchObject({ waived: 1, missed: 1 });
  });
});
