/**
 * п.90-1(7): every message received or sent leaves exactly its entry on the chain of the
 * party concerned — the sender of a received message, the recipient of a pushed one —
 * with the SHA-256 of the raw bytes, written in the same transaction as the record; a
 * refusal or a replay writes nothing and appends nothing; and when the audit trail
 * cannot be appended to, the whole write fails with 503 and nothing of it is stored.
 * In-process through ROUTES on the in-memory store (DynamoDB: test/adapters/dynamodb/audit-messages.test.ts).
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { verifyAuditChain } from '../../../functions/core/audit/verify-chain.js';
import { obligationId } from '../../../functions/core/clocks/obligations.js';
import type { ObligationKind } from '../../../functions/core/model/types.generated.js';
import type { WebhookRequest } from '../../../functions/core/ports/webhooks.js';
import { deliverOne } from '../../../functions/core/use-cases/deliveries/deliver.js';
import type { DeliverDeps } from '../../../functions/core/use-cases/deliveries/delivery-deps.js';
import type { ApiRequest } from '../../support/api-events.js';
import { agoWithOffset, annex7Fields, notification } from '../../support/messages.js';
import { jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';
import { testSecretBox } from '../../support/secret-box.js';

const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };
const SOURCE_IP = '203.0.113.10';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let h: RouteHarness;

beforeEach(async () => {
  h = routeHarness(new Date(Date.now() - 60_000).toISOString());
  await h.register('soc-a', 'soc');
  await h.register('ncc-duty', 'ncc', {
    webhook: { url: 'https://ncc.example.kz/hook', secret: 'ncc-duty-secret-0123456789abcdef0123' },
  });
});

async function ok(call: ApiRequest & { as?: string }): Promise<Record<string, unknown>> {
  const result = await h.call(call);
  if ((result.statusCode ?? 0) >= 300) {
    throw new Error(`${call.method} ${call.url}: ${result.statusCode} ${result.body}`);
  }
  return result.body ? jsonOf(result) : {};
}

/** Every entry of a party's chain, checked to verify as a whole. */
async function chainOf(partyId: string): Promise<AuditEntry[]> {
  const entries = await h.adapters.audit.entries(partyId, 1, 1_000);
  const head = await h.adapters.audit.head(partyId);
  const verdict = verifyAuditChain(entries, { partyId, ...(head ? { head } : {}) });
  expect(verdict.fault).toBeUndefined();
  return entries;
}

const received = (body: string, source: string, subjectId: string) => ({
  action: 'message.received',
  outcome: 'accepted',
  source,
  subjectId,
  sha256: sha256(body),
  connectionPoint: SOURCE_IP,
  userId: expect.any(String),
});

async function postIncident(body = JSON.stringify(notification()), key?: string) {
  return ok({
    method: 'POST',
    url: '/v1/incidents',
    as: 'soc-a',
    headers: { ...JSON_TYPE, ...(key ? { 'idempotency-key': key } : {}) },
    body,
  });
}

function noticeBody() {
  return JSON.stringify({
    kind: 'threat',
    registeredAt: agoWithOffset(60_000),
    ...annex7Fields(),
    description: 'Фишингтік тарату',
    tlp: 'amber',
    recipients: { parties: ['soc-a'] },
  });
}

describe('messages received: one entry on the sender’s chain, hashing the raw bytes', () => {
  it('an incident, its card, its closure: one entry each, in order, the chain intact', async () => {
    const first = JSON.stringify(notification());
    const { id } = await postIncident(first);
    const card = JSON.stringify({ ...JSON.parse(first), severity: 2 });
    await ok({
      method: 'PUT',
      url: `/v1/incidents/${id}/card`,
      as: 'soc-a',
      headers: JSON_TYPE,
      body: card,
    });
    const closure = JSON.stringify({ eliminatedAt: agoWithOffset(1_000) });
    await ok({
      method: 'POST',
      url: `/v1/incidents/${id}/close`,
      as: 'soc-a',
      headers: JSON_TYPE,
      body: closure,
    });

    const chain = await chainOf('soc-a');

    expect(chain).toHaveLength(3);
    expect(chain[0]).toMatchObject({
      seq: 1,
      ...received(first, 'post-incident', String(id)),
      userId: 'soc-a',
    });
    expect(chain[1]).toMatchObject({ seq: 2, ...received(card, 'put-incident-card', String(id)) });
    expect(chain[2]).toMatchObject({ seq: 3, ...received(closure, 'close-incident', String(id)) });
    // Nothing was received from the NCC: its chain is empty until it sends something.
    expect(await h.adapters.audit.entries('ncc-duty', 1, 10)).toEqual([]);
  });

  it('a notice on the NCC’s chain; the SOC’s ack and response on the SOC’s', async () => {
    const notice = noticeBody();
    const { id } = await ok({
      method: 'POST',
      url: '/v1/notices',
      as: 'ncc-duty',
      headers: JSON_TYPE,
      body: notice,
    });
    await ok({ method: 'POST', url: `/v1/notices/${id}/ack`, as: 'soc-a' });
    const answer = JSON.stringify({ kind: 'threat_analysis', results: 'Қатер талданды.' });
    await ok({
      method: 'POST',
      url: `/v1/notices/${id}/responses`,
      as: 'soc-a',
      headers: JSON_TYPE,
      body: answer,
    });

    const ncc = await chainOf('ncc-duty');
    const soc = await chainOf('soc-a');

    expect(ncc).toHaveLength(1);
    expect(ncc[0]).toMatchObject(received(notice, 'post-notice', String(id)));
    expect(soc).toHaveLength(2);
    // An ack without a body hashes no bytes.
    expect(soc[0]).toMatchObject(received('', 'ack-notice', String(id)));
    expect(soc[1]).toMatchObject(received(answer, 'post-notice-response', String(id)));
  });

  it('an ack of a delivery on the acknowledging party’s chain, once however often it is sent', async () => {
    await postIncident();
    const [delivery] = (await h.adapters.deliveries.listDeliveries('ncc-duty', { limit: 10 }))
      .items;
    const url = `/v1/deliveries/${delivery?.id}/ack`;

    await ok({ method: 'POST', url, as: 'ncc-duty' });
    await ok({ method: 'POST', url, as: 'ncc-duty' });

    const chain = await chainOf('ncc-duty');
    expect(chain).toHaveLength(1);
    expect(chain[0]).toMatchObject(received('', 'ack-delivery', String(delivery?.id)));
  });
});

describe('escalations made by a request', () => {
  it('a notification sent after its deadline: the level-1 escalation is chained with the message', async () => {
    // Confirmed four days ago: the 72-hour card clock (and others) open already missed.
    const body = JSON.stringify(notification({ confirmedAgoMs: 4 * 24 * 3_600_000 }));
    const { id, obligations } = await postIncident(body);
    const missed = (obligations as { kind: string; state: string }[]).filter(
      (o) => o.state === 'missed',
    );

    const chain = await chainOf('soc-a');

    expect(missed.length).toBeGreaterThan(0);
    expect(chain[0]).toMatchObject(received(body, 'post-incident', String(id)));
    expect(chain.slice(1).map((e) => [e.action, e.outcome, e.source, e.subjectId])).toEqual(
      missed.map((o) => [
        'obligation.escalated',
        'level1',
        'post-incident',
        obligationId(String(id), o.kind as ObligationKind, 'soc-a'),
      ]),
    );
  });
});

describe('what is not chained', () => {
  it('a replay (same Idempotency-Key, same body) appends nothing: the first entry stands', async () => {
    const body = JSON.stringify(notification());
    await postIncident(body, 'key-1');
    await postIncident(body, 'key-1');

    expect(await chainOf('soc-a')).toHaveLength(1);
  });

  it('a refused message (422) writes nothing and appends nothing', async () => {
    const result = await h.call({
      method: 'POST',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: JSON_TYPE,
      body: JSON.stringify({ ...notification(), severity: 9 }),
    });

    expect(result.statusCode).toBe(422);
    expect(await h.adapters.audit.head('soc-a')).toBeUndefined();
  });
});

describe('messages sent: one entry per push on the recipient’s chain, with its outcome', () => {
  function worker(answer: () => number): DeliverDeps & { posts: WebhookRequest[] } {
    const posts: WebhookRequest[] = [];
    return {
      ...h.deps,
      posts,
      webhooks: {
        async post(request) {
          posts.push(request);
          return { status: answer() };
        },
      },
      secretBox: testSecretBox(),
      delivery: { retryScheduleSeconds: [10], timeoutMs: 1_000 },
    };
  }

  it('records a failed attempt, then the delivery, each with the SHA-256 of the bytes POSTed', async () => {
    await postIncident();
    const [delivery] = (await h.adapters.deliveries.listDeliveries('ncc-duty', { limit: 10 }))
      .items;
    const id = String(delivery?.id);
    let status = 503;
    const deps = worker(() => status);

    await deliverOne(deps, id);
    status = 200;
    await deliverOne(deps, id);

    const chain = await chainOf('ncc-duty');
    expect(chain).toHaveLength(2);
    expect(chain.map((e) => [e.action, e.outcome, e.subjectId, e.connectionPoint])).toEqual([
      ['message.sent', 'retrying', id, 'gateway'],
      ['message.sent', 'delivered', id, 'gateway'],
    ]);
    expect(chain.map((e) => e.sha256)).toEqual(deps.posts.map((p) => sha256(p.body)));
  });

  it('records the last failed attempt with the failure, in the write that marks it failed', async () => {
    await postIncident();
    const [delivery] = (await h.adapters.deliveries.listDeliveries('ncc-duty', { limit: 10 }))
      .items;
    const deps = { ...worker(() => 500), delivery: { retryScheduleSeconds: [], timeoutMs: 1_000 } };

    const outcome = await deliverOne(deps, String(delivery?.id));

    expect(outcome.outcome).toBe('failed');
    const sent = (await chainOf('ncc-duty')).filter((e) => e.subjectId === delivery?.id);
    expect(sent).toMatchObject([{ action: 'message.sent', outcome: 'failed' }]);
  });
});

describe('an audit trail that cannot be appended to fails the whole write (503)', () => {
  it('answers 503 with Retry-After and stores neither the incident nor an entry', async () => {
    h.adapters.db.failWritesTo('auditHeads');

    const result = await h.call({
      method: 'POST',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: JSON_TYPE,
      body: JSON.stringify(notification()),
    });

    expect(result.statusCode).toBe(503);
    expect(result.headers?.['Retry-After'] ?? result.headers?.['retry-after']).toBeDefined();
    h.adapters.db.failWritesTo('auditHeads', false);
    expect((await h.adapters.incidents.listIncidents({}, { limit: 10 })).items).toEqual([]);
    expect(await h.adapters.audit.head('soc-a')).toBeUndefined();
  });

  it('leaves a delivery pending (to be retried) when its attempt cannot be audited', async () => {
    await postIncident();
    const [delivery] = (await h.adapters.deliveries.listDeliveries('ncc-duty', { limit: 10 }))
      .items;
    h.adapters.db.failWritesTo('auditEntries');

    await expect(
      deliverOne(
        {
          ...h.deps,
          webhooks: { post: async () => ({ status: 200 }) },
          secretBox: testSecretBox(),
          delivery: { retryScheduleSeconds: [10], timeoutMs: 1_000 },
        },
        String(delivery?.id),
      ),
    ).rejects.toThrow(/unavailable/);

    h.adapters.db.failWritesTo('auditEntries', false);
    expect(await h.adapters.deliveries.getDelivery(String(delivery?.id))).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
  });
});
