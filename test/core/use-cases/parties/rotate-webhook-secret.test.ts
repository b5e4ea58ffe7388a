/**
 * Webhook-secret rotation (issue #9 item 3) on the in-memory store: the new secret is
 * answered once; during the overlap every delivery is signed with both secrets, so a
 * receiver with either verifies it; after the overlap only the new one signs. Both
 * are stored sealed, and a record from before sealing is sealed as it is retired.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_HEADER,
  verifyWebhookSignature,
} from '../../../../functions/core/delivery/webhook-signature.js';
import type { WebhookRequest } from '../../../../functions/core/ports/webhooks.js';
import { deliverOne } from '../../../../functions/core/use-cases/deliveries/deliver.js';
import { partyView } from '../../../../functions/core/use-cases/parties/party-view.js';
import { putParty } from '../../../../functions/core/use-cases/parties/put-party.js';
import { rotateWebhookSecret } from '../../../../functions/core/use-cases/parties/rotate-webhook-secret.js';
import type { RawBody } from '../../../../functions/core/wire/read-body.js';
import { delivery, newIncident, party } from '../../../support/records.js';
import { testSecretBox } from '../../../support/secret-box.js';
import { memoryStoreAt, principalOf, testClock } from '../../../support/use-case-deps.js';

const OLD = 'whsec-old-0123456789abcdef0123456789abcdef';
const ADMIN = principalOf('admin', 'admin');

function jsonBody(value: unknown): RawBody {
  const text = JSON.stringify(value);
  return {
    format: 'json',
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
    byteLength: Buffer.byteLength(text),
  };
}

function world() {
  const clock = testClock('2026-11-20T05:00:00Z');
  const { store } = memoryStoreAt(clock);
  const deps = {
    parties: store,
    secretBox: testSecretBox(),
    webhookUrlProblem: async () => undefined,
    now: clock,
    newId: (prefix: string) => `${prefix}_test`,
    log: { warn: () => {} },
  };
  /** Delivers one delivery to `partyId` at the clock's time; returns the signature header and body. */
  const deliver = async (partyId: string): Promise<WebhookRequest> => {
    const write = newIncident({ deliveries: 0 });
    const pending = { ...delivery({ partyId }), subjectId: write.incident.id };
    await store.saveNewIncident({ ...write, deliveries: [pending] });
    const posts: WebhookRequest[] = [];
    await deliverOne(
      {
        ...deps,
        deliveries: store,
        queue: { enqueue: async () => {}, enqueueFanout: async () => {} },
        webhooks: {
          async post(request) {
            posts.push(request);
            return { status: 200 };
          },
        },
        delivery: { retryScheduleSeconds: [1, 1], timeoutMs: 1_000 },
      },
      pending.id,
    );
    const [post] = posts;
    if (!post) throw new Error('nothing POSTed');
    return post;
  };
  const verifies = (secret: string, request: WebhookRequest) =>
    verifyWebhookSignature(
      secret,
      request.headers[SIGNATURE_HEADER] ?? '',
      request.body,
      Math.floor(clock().getTime() / 1000),
    );
  return { clock, store, deps, deliver, verifies };
}

describe('webhook-secret rotation', () => {
  it('signs with both secrets during the overlap, then with the new one only', async () => {
    const w = world();
    await putParty(
      w.deps,
      ADMIN,
      'soc-alpha',
      jsonBody({
        role: 'soc',
        name: 'SOC',
        webhook: { url: 'https://h.example.kz/in', secret: OLD },
      }),
    );

    const rotated = await rotateWebhookSecret(w.deps, ADMIN, 'soc-alpha', { overlapHours: '24' });
    const fresh = rotated.webhook.secret;

    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.webhook.previousValidUntil).toBe('2026-11-21T05:00:00Z');
    w.clock.set('2026-11-21T04:59:00Z');
    const during = await w.deliver('soc-alpha');
    expect(during.headers[SIGNATURE_HEADER]).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(w.verifies(fresh, during)).toBe(true);
    expect(w.verifies(OLD, during)).toBe(true);

    w.clock.set('2026-11-21T05:00:01Z');
    const after = await w.deliver('soc-alpha');
    expect(after.headers[SIGNATURE_HEADER]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(w.verifies(fresh, after)).toBe(true);
    expect(w.verifies(OLD, after)).toBe(false);
  });

  it('stores both secrets sealed, and shows neither to any GET', async () => {
    const w = world();
    await putParty(
      w.deps,
      ADMIN,
      'soc-alpha',
      jsonBody({
        role: 'soc',
        name: 'SOC',
        webhook: { url: 'https://h.example.kz/in', secret: OLD },
      }),
    );
    const { webhook } = await rotateWebhookSecret(w.deps, ADMIN, 'soc-alpha', undefined);

    const stored = JSON.stringify(await w.store.getParty('soc-alpha'));
    expect(stored).not.toContain(OLD);
    expect(stored).not.toContain(webhook.secret);
    const view = JSON.stringify(partyView((await w.store.getParty('soc-alpha')) ?? party('x')));
    expect(view).not.toContain(webhook.secret);
    expect(view).not.toContain('sealedSecret');
  });

  it('retires a plaintext secret from before sealing into a sealed previous one', async () => {
    const w = world();
    await w.store.putParty(
      party('soc-legacy', {
        clientId: 'soc-legacy',
        webhook: { url: 'https://h.example.kz/in', secret: OLD },
      }),
    );

    const { webhook } = await rotateWebhookSecret(w.deps, ADMIN, 'soc-legacy', undefined);

    expect(JSON.stringify(await w.store.getParty('soc-legacy'))).not.toContain(OLD);
    const during = await w.deliver('soc-legacy');
    expect(w.verifies(OLD, during)).toBe(true);
    expect(w.verifies(webhook.secret, during)).toBe(true);
  });

  it('with overlapHours=0 the old secret stops at once', async () => {
    const w = world();
    await w.store.putParty(
      party('soc-alpha', { webhook: { url: 'https://h.example.kz/in', secret: OLD } }),
    );
    const { webhook } = await rotateWebhookSecret(w.deps, ADMIN, 'soc-alpha', {
      overlapHours: '0',
    });
    expect(webhook).not.toHaveProperty('previousValidUntil');
    const now = await w.deliver('soc-alpha');
    expect(w.verifies(OLD, now)).toBe(false);
    expect(w.verifies(webhook.secret, now)).toBe(true);
  });

  it('refuses a non-admin (403), an unknown party (404), a party without webhook (409) and a bad overlap (422)', async () => {
    const w = world();
    await w.store.putParty(party('owner-x', { role: 'owner', webhook: undefined }));
    await expect(
      rotateWebhookSecret(w.deps, principalOf('soc-a', 'soc'), 'owner-x', undefined),
    ).rejects.toMatchObject({ code: 'wrong_role' });
    await expect(rotateWebhookSecret(w.deps, ADMIN, 'nobody', undefined)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(rotateWebhookSecret(w.deps, ADMIN, 'owner-x', undefined)).rejects.toMatchObject({
      code: 'webhook_not_registered',
    });
    for (const overlapHours of ['169', '-1', '1.5', 'x'])
      await expect(
        rotateWebhookSecret(w.deps, ADMIN, 'owner-x', { overlapHours }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
