import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryMessageArchive } from '../../../../functions/adapters/memory/message-archive.js';
import { verifyWebhookSignature } from '../../../../functions/core/delivery/webhook-signature.js';
import type { DeliveryRecord } from '../../../../functions/core/ports/records.js';
import { deliverOne } from '../../../../functions/core/use-cases/deliveries/deliver.js';
import { deliveryView } from '../../../../functions/core/use-cases/deliveries/delivery-inbox.js';
import { emptyWorld, type FakeWorld, fakeDeliverDeps, party, pendingDelivery } from './fakes.js';

function world(): FakeWorld {
  const w = emptyWorld();
  for (const p of [
    party('ncc-duty', 'ncc', 'https://ncc.example.kz/hook'),
    party('ncc-night', 'ncc', 'https://ncc-night.example.kz/hook'),
    party('owner-energo', 'owner', 'https://energo.example.kz/hook'),
    party('soc-pull', 'soc'),
  ]) {
    w.parties.set(p.id, p);
  }
  w.deliveries.set('dlv_a', pendingDelivery('dlv_a', 'owner-energo'));
  return w;
}

const NOW_SECONDS = Date.parse('2026-11-20T05:00:00Z') / 1000;

describe('deliverOne', () => {
  it('POSTs the signed envelope and records it delivered on 2xx', async () => {
    // Arrange
    const w = world();
    const deps = fakeDeliverDeps(w, () => 202);

    // Act
    const outcome = await deliverOne(deps, 'dlv_a');

    // Assert
    expect(outcome).toEqual({ outcome: 'delivered', status: 202, redriven: 0 });
    const [post] = w.posts;
    expect(post?.url).toBe('https://energo.example.kz/hook');
    expect(post?.headers['Content-Type']).toBe('application/json');
    expect(post?.headers['X-Gateway-Delivery-Id']).toBe('dlv_a');
    const secret = w.parties.get('owner-energo')?.webhook?.secret ?? '';
    expect(
      verifyWebhookSignature(
        secret,
        post?.headers['X-Gateway-Signature'] ?? '',
        post?.body ?? '',
        NOW_SECONDS,
      ),
    ).toBe(true);
    expect(JSON.parse(post?.body ?? '{}')).toMatchObject({
      deliveryId: 'dlv_a',
      partyId: 'owner-energo',
    });
    expect(w.deliveries.get('dlv_a')).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('keeps the exact bytes it sends in the archive, as sent to the recipient, and records their SHA-256', async () => {
    const w = world();
    const archive = createMemoryMessageArchive();
    const deps = { ...fakeDeliverDeps(w, () => 500), archive };

    await deliverOne(deps, 'dlv_a');
    const [post] = w.posts;
    const sha256 = createHash('sha256')
      .update(post?.body ?? '')
      .digest('hex');
    expect(w.deliveries.get('dlv_a')?.sentSha256).toBe(sha256);
    const kept = await archive.read(sha256, 'owner-energo');
    expect(Buffer.from(kept?.bytes ?? []).toString('utf8')).toBe(post?.body);
    expect(kept?.mediaType).toBe('application/json');
    expect(await archive.read(sha256, 'ncc-duty')).toBeUndefined();
    expect(await archive.digestsOfDay('2026-11-20')).toEqual([sha256]);

    // The retry sends the same bytes: one archived message, recorded again.
    await deliverOne(
      {
        ...deps,
        webhooks: {
          post: async (r) => {
            w.posts.push(r);
            return { status: 200 };
          },
        },
      },
      'dlv_a',
    );
    expect(w.posts[1]?.body).toBe(post?.body);
    expect(w.deliveries.get('dlv_a')).toMatchObject({ status: 'delivered', sentSha256: sha256 });
    // …and the recipient's inbox names that digest, so it can fetch the bytes it was sent.
    expect(deliveryView(w.deliveries.get('dlv_a') as DeliveryRecord)).toMatchObject({
      deliveryId: 'dlv_a',
      sentSha256: sha256,
    });
  });

  it('sends nothing it could not keep: an archive failure throws, so SQS retries the message', async () => {
    const w = world();
    const archive = {
      keep: async () => {
        throw new Error('S3 unavailable');
      },
    };
    await expect(
      deliverOne({ ...fakeDeliverDeps(w, () => 200), archive }, 'dlv_a'),
    ).rejects.toThrow('S3 unavailable');
    expect(w.posts).toEqual([]);
    expect(w.deliveries.get('dlv_a')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('does nothing for a missing or already delivered delivery (SQS at-least-once)', async () => {
    const w = world();
    w.deliveries.set(
      'dlv_done',
      pendingDelivery('dlv_done', 'owner-energo', { status: 'delivered' }),
    );
    const deps = fakeDeliverDeps(w, () => 200);

    expect(await deliverOne(deps, 'dlv_missing')).toEqual({
      outcome: 'skipped',
      reason: 'missing',
    });
    expect(await deliverOne(deps, 'dlv_done')).toEqual({
      outcome: 'skipped',
      reason: 'already_delivered',
    });
    expect(w.posts).toEqual([]);
  });

  it('sends nothing to a party without a webhook: it pulls its inbox', async () => {
    const w = world();
    w.deliveries.set('dlv_pull', pendingDelivery('dlv_pull', 'soc-pull'));

    const outcome = await deliverOne(
      fakeDeliverDeps(w, () => 200),
      'dlv_pull',
    );

    expect(outcome).toEqual({ outcome: 'skipped', reason: 'no_webhook' });
    expect(w.posts).toEqual([]);
    expect(w.deliveries.get('dlv_pull')?.status).toBe('pending');
  });

  it('holds a short wait in the queue, and leaves a long one to the outbox with its time stored', async () => {
    const w = world();
    const deps = fakeDeliverDeps(w, () => 503);

    const first = await deliverOne(deps, 'dlv_a');
    const afterFirst = { ...w.deliveries.get('dlv_a') };
    const second = await deliverOne(deps, 'dlv_a');

    expect(first).toEqual({
      outcome: 'retry',
      retryAfterSeconds: 10,
      nextAttemptAt: '2026-11-20T05:00:10Z',
      error: 'HTTP 503',
    });
    expect(afterFirst).toMatchObject({ queued: true, nextAttemptAt: '2026-11-20T05:00:10Z' });
    expect(second).toEqual({
      outcome: 'scheduled',
      nextAttemptAt: '2026-11-20T06:00:00Z',
      error: 'HTTP 503',
    });
    expect(w.deliveries.get('dlv_a')).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastError: 'HTTP 503',
      queued: false,
      nextAttemptAt: '2026-11-20T06:00:00Z',
    });
  });

  it('draws each wait with the injected jitter, never below half of it', async () => {
    const w = world();
    const deps = { ...fakeDeliverDeps(w, () => 503), random: () => 0 };

    const first = await deliverOne(deps, 'dlv_a');

    expect(first).toMatchObject({ outcome: 'retry', retryAfterSeconds: 8 });
  });

  it('ignores a leftover message for a delivery waiting in the outbox for a later attempt', async () => {
    const w = world();
    w.deliveries.set(
      'dlv_later',
      pendingDelivery('dlv_later', 'owner-energo', {
        queued: false,
        attempts: 2,
        nextAttemptAt: '2026-11-20T06:00:00Z',
      }),
    );

    const outcome = await deliverOne(
      fakeDeliverDeps(w, () => 200),
      'dlv_later',
    );

    expect(outcome).toEqual({ outcome: 'skipped', reason: 'not_due' });
    expect(w.posts).toEqual([]);
  });

  it("on success redrives the party's failed and waiting deliveries, not those SQS holds", async () => {
    // Arrange
    const w = world();
    const undelivered = {
      dlv_failed: { status: 'failed' as const, attempts: 3, queued: true },
      dlv_waiting: { attempts: 2, queued: false, nextAttemptAt: '2026-11-20T06:00:00Z' },
      dlv_held: { attempts: 1, queued: true, nextAttemptAt: '2026-11-20T05:00:10Z' },
    };
    for (const [id, fields] of Object.entries(undelivered))
      w.deliveries.set(id, pendingDelivery(id, 'owner-energo', fields));
    const deps = fakeDeliverDeps(w, () => 200);

    // Act
    const outcome = await deliverOne(deps, 'dlv_a');

    // Assert
    expect(outcome).toEqual({ outcome: 'delivered', status: 200, redriven: 2 });
    expect(w.queued.sort()).toEqual(['dlv_failed', 'dlv_waiting']);
    expect(w.deliveries.get('dlv_failed')).toMatchObject({
      status: 'pending',
      queued: true,
      attemptsBeforeRedrive: 3,
      redrivenAt: '2026-11-20T05:00:00Z',
    });
    expect(w.deliveries.get('dlv_waiting')).toMatchObject({
      nextAttemptAt: '2026-11-20T05:00:00Z',
      queued: true,
    });
    expect(w.deliveries.get('dlv_held')).toMatchObject({ queued: true, attempts: 1 });
  });

  it('treats a thrown POST (refused URL, timeout) as a failed attempt', async () => {
    const w = world();
    const deps = fakeDeliverDeps(w, () => {
      throw new Error('Webhook host 10.0.0.5 is not a public address');
    });

    const outcome = await deliverOne(deps, 'dlv_a');

    expect(outcome).toMatchObject({
      outcome: 'retry',
      error: 'Webhook host 10.0.0.5 is not a public address',
    });
  });

  it('at the last attempt fails the delivery (kept), escalates once to every NCC party', async () => {
    // Arrange
    const w = world();
    w.deliveries.set('dlv_a', pendingDelivery('dlv_a', 'owner-energo', { attempts: 2 }));
    const deps = fakeDeliverDeps(w, (request) => (request.url.includes('energo') ? 500 : 200));

    // Act
    const outcome = await deliverOne(deps, 'dlv_a');
    const again = await deliverOne(deps, 'dlv_a');

    // Assert
    expect(outcome).toEqual({ outcome: 'failed', error: 'HTTP 500', escalations: 2 });
    expect(again).toEqual({ outcome: 'skipped', reason: 'failed' });
    expect(w.deliveries.get('dlv_a')).toMatchObject({ status: 'failed', lastError: 'HTTP 500' });
    const escalations = [...w.deliveries.values()].filter((d) => d.event === 'obligation.missed');
    expect(escalations.map((d) => d.partyId).sort()).toEqual(['ncc-duty', 'ncc-night']);
    expect(escalations[0]?.payload).toEqual({
      reason: 'delivery_failed',
      deliveryId: 'dlv_a',
      partyId: 'owner-energo',
      event: 'incident.notified',
      subjectId: 'inc_1',
      lastError: 'HTTP 500',
    });
    expect(w.queued.sort()).toEqual(escalations.map((d) => d.id).sort());
  });

  it('does not escalate the failure of an escalation (no loops), nor tell a dead NCC webhook about itself', async () => {
    // Arrange: an escalation to ncc-duty fails for good
    const w = world();
    const payload = {
      reason: 'delivery_failed',
      deliveryId: 'dlv_x',
      partyId: 'owner-energo',
      event: 'incident.notified',
    };
    w.deliveries.set(
      'dlv_esc',
      pendingDelivery('dlv_esc', 'ncc-duty', { event: 'obligation.missed', payload, attempts: 2 }),
    );
    w.deliveries.set('dlv_ncc', pendingDelivery('dlv_ncc', 'ncc-duty', { attempts: 2 }));
    const deps = fakeDeliverDeps(w, () => 500);

    // Act
    const escalation = await deliverOne(deps, 'dlv_esc');
    const plain = await deliverOne(deps, 'dlv_ncc');

    // Assert
    expect(escalation).toMatchObject({ outcome: 'failed', escalations: 0 });
    expect(plain).toMatchObject({ outcome: 'failed', escalations: 1 });
    const newOnes = [...w.deliveries.values()].filter(
      (d) => !['dlv_a', 'dlv_esc', 'dlv_ncc'].includes(d.id),
    );
    expect(newOnes.map((d) => d.partyId)).toEqual(['ncc-night']);
  });

  it('sends nothing for a failed delivery: it waits for a redrive', async () => {
    const w = world();
    w.deliveries.set(
      'dlv_f',
      pendingDelivery('dlv_f', 'owner-energo', { status: 'failed', lastError: 'HTTP 500' }),
    );

    const outcome = await deliverOne(
      fakeDeliverDeps(w, () => 200),
      'dlv_f',
    );

    expect(outcome).toEqual({ outcome: 'skipped', reason: 'failed' });
    expect(w.posts).toEqual([]);
  });

  it('counts the schedule from the last redrive', async () => {
    const w = world();
    w.deliveries.set(
      'dlv_r',
      pendingDelivery('dlv_r', 'owner-energo', { attempts: 3, attemptsBeforeRedrive: 3 }),
    );

    const outcome = await deliverOne(
      fakeDeliverDeps(w, () => 500),
      'dlv_r',
    );

    expect(outcome).toMatchObject({ outcome: 'retry', retryAfterSeconds: 10 });
    expect(w.deliveries.get('dlv_r')?.attempts).toBe(4);
  });
});
