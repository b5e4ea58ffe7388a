/**
 * Webhook secrets at rest on DynamoDB Local (issue #12 item 4): registered through the
 * use case, the secret is stored once, sealed, in the party item only; the client-id copy
 * (read on every request) has no secret at all; the delivery worker opens it and signs
 * with it. Records written before sealing still deliver (read-old) and are sealed the
 * next time the party is registered (write-new).
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEY } from '../../../functions/adapters/dynamodb/keys.js';
import {
  SIGNATURE_HEADER,
  verifyWebhookSignature,
} from '../../../functions/core/delivery/webhook-signature.js';
import type { WebhookRequest } from '../../../functions/core/ports/webhooks.js';
import { deliverOne } from '../../../functions/core/use-cases/deliveries/deliver.js';
import { putParty } from '../../../functions/core/use-cases/parties/put-party.js';
import type { RawBody } from '../../../functions/core/wire/read-body.js';
import { delivery, newIncident, party, partyId } from '../../support/records.js';
import { testSecretBox } from '../../support/secret-box.js';
import { principalOf } from '../../support/use-case-deps.js';
import { type FreshStore, freshStore, rawItem } from './fresh-store.js';

const NOW = new Date('2026-11-20T05:00:00Z');
const SECRET = 'whsec-5b0e9d2a7c41f8e3b6a9d0c2e7f41a8b';

let fresh: FreshStore;
beforeAll(async () => {
  fresh = await freshStore();
});

function jsonBody(value: unknown): RawBody {
  const text = JSON.stringify(value);
  return {
    format: 'json',
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
    byteLength: Buffer.byteLength(text),
  };
}

async function register(id: string, secret: string) {
  return putParty(
    {
      parties: fresh.store,
      secretBox: testSecretBox(),
      webhookUrlProblem: async () => undefined,
      now: () => NOW,
      newId: (prefix) => `${prefix}_test`,
      log: { warn: () => {} },
    },
    principalOf('admin', 'admin'),
    id,
    jsonBody({
      role: 'owner',
      name: 'Energo',
      webhook: { url: 'https://hooks.example.kz/in', secret },
    }),
  );
}

/** Delivers one pending delivery to `partyId`, returning what was POSTed. */
async function deliverTo(partyId: string): Promise<WebhookRequest> {
  const write = newIncident({ deliveries: 0 });
  const pending = { ...delivery({ partyId }), subjectId: write.incident.id };
  await fresh.store.saveNewIncident({ ...write, deliveries: [pending] });
  const posts: WebhookRequest[] = [];
  const outcome = await deliverOne(
    {
      parties: fresh.store,
      deliveries: fresh.store,
      queue: { enqueue: async () => {}, enqueueFanout: async () => {} },
      secretBox: testSecretBox(),
      webhooks: {
        async post(request) {
          posts.push(request);
          return { status: 204 };
        },
      },
      delivery: { retryScheduleSeconds: [1, 1], timeoutMs: 1_000 },
      now: () => NOW,
      newId: (prefix) => `${prefix}_test`,
      log: { warn: () => {} },
    },
    pending.id,
  );
  expect(outcome).toEqual({ outcome: 'delivered', status: 204, redriven: 0 });
  const [post] = posts;
  if (post === undefined) throw new Error('Nothing was POSTed');
  return post;
}

function signedWith(secret: string, request: WebhookRequest): boolean {
  const header = request.headers[SIGNATURE_HEADER] ?? '';
  return verifyWebhookSignature(secret, header, request.body, Math.floor(NOW.getTime() / 1000));
}

describe('webhook secrets at rest', () => {
  it('stores the secret once, sealed, in the party item; the client-id item has none', async () => {
    const id = partyId('owner');
    const { party: view } = await register(id, SECRET);

    const partyItem = await rawItem(fresh, KEY.party(id).pk, KEY.party(id).sk);
    const clientItem = await rawItem(fresh, KEY.partyClient(id).pk, KEY.partyClient(id).sk);

    expect(partyItem).toBeDefined();
    expect(clientItem).toBeDefined();
    for (const item of [partyItem, clientItem]) {
      expect(JSON.stringify(item)).not.toContain(SECRET);
      expect(JSON.stringify(item)).not.toContain(Buffer.from(SECRET).toString('base64'));
    }
    const webhookOf = (item: typeof partyItem) => item?.data?.M?.webhook?.M;
    expect(Object.keys(webhookOf(partyItem) ?? {}).sort()).toEqual(['sealedSecret', 'url']);
    expect(webhookOf(partyItem)?.sealedSecret?.M?.kid?.S).toMatch(/^local:[0-9a-f]{16}$/);
    expect(Object.keys(webhookOf(clientItem) ?? {})).toEqual(['url']);
    // The admin's answer says a secret is set, and nothing more.
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(view.webhook).toEqual({ url: 'https://hooks.example.kz/in', secretSet: true });
  });

  it('delivers with the sealed secret: the signature verifies with the registered one', async () => {
    const id = partyId('owner');
    await register(id, SECRET);

    const post = await deliverTo(id);

    expect(signedWith(SECRET, post)).toBe(true);
  });

  it('still delivers a record written before sealing (read-old), and seals it when the party is registered again (write-new)', async () => {
    const id = partyId('owner');
    const legacy = 'whsec-legacy-plaintext-0123456789abcdef';
    await fresh.store.putParty(
      party(id, { clientId: id, webhook: { url: 'https://hooks.example.kz/in', secret: legacy } }),
    );

    expect(signedWith(legacy, await deliverTo(id))).toBe(true);

    await register(id, legacy);
    const partyItem = await rawItem(fresh, KEY.party(id).pk, KEY.party(id).sk);
    expect(JSON.stringify(partyItem)).not.toContain(legacy);
    expect(signedWith(legacy, await deliverTo(id))).toBe(true);
  });
});
