import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../../functions/core/delivery/webhook-signature.js';
import { deliverOne } from '../../../../functions/core/use-cases/deliveries/deliver.js';
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
    const outcome = await deliverOne(deps, 'dlv_a', 1);

    // Assert
    expect(outcome).toEqual({ outcome: 'delivered', status: 202 });
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

  it('does nothing for a missing or already delivered delivery (SQS at-least-once)', async () => {
    const w = world();
    w.deliveries.set(
      'dlv_done',
      pendingDelivery('dlv_done', 'owner-energo', { status: 'delivered' }),
    );
    const deps = fakeDeliverDeps(w, () => 200);

    expect(await deliverOne(deps, 'dlv_missing', 1)).toEqual({
      outcome: 'skipped',
      reason: 'missing',
    });
    expect(await deliverOne(deps, 'dlv_done', 2)).toEqual({
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
      1,
    );

    expect(outcome).toEqual({ outcome: 'skipped', reason: 'no_webhook' });
    expect(w.posts).toEqual([]);
    expect(w.deliveries.get('dlv_pull')?.status).toBe('pending');
  });

  it('asks for a retry after the backoff while attempts remain', async () => {
    const w = world();
    const deps = fakeDeliverDeps(w, () => 503);

    const first = await deliverOne(deps, 'dlv_a', 1);
    const second = await deliverOne(deps, 'dlv_a', 2);

    expect(first).toEqual({ outcome: 'retry', retryAfterSeconds: 10, error: 'HTTP 503' });
    expect(second).toEqual({ outcome: 'retry', retryAfterSeconds: 20, error: 'HTTP 503' });
    expect(w.deliveries.get('dlv_a')).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastError: 'HTTP 503',
    });
  });

  it('treats a thrown POST (refused URL, timeout) as a failed attempt', async () => {
    const w = world();
    const deps = fakeDeliverDeps(w, () => {
      throw new Error('Webhook host 10.0.0.5 is not a public address');
    });

    const outcome = await deliverOne(deps, 'dlv_a', 1);

    expect(outcome).toMatchObject({
      outcome: 'retry',
      error: 'Webhook host 10.0.0.5 is not a public address',
    });
  });

  it('at the last attempt fails the delivery, escalates once to every NCC party and dead-letters', async () => {
    // Arrange
    const w = world();
    const deps = fakeDeliverDeps(w, (request) => (request.url.includes('energo') ? 500 : 200));

    // Act
    const outcome = await deliverOne(deps, 'dlv_a', 3);
    const again = await deliverOne(deps, 'dlv_a', 3);

    // Assert
    expect(outcome).toEqual({ outcome: 'dead_letter', error: 'HTTP 500', escalations: 2 });
    expect(again).toEqual({ outcome: 'dead_letter', error: 'HTTP 500', escalations: 0 });
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
      pendingDelivery('dlv_esc', 'ncc-duty', { event: 'obligation.missed', payload }),
    );
    w.deliveries.set('dlv_ncc', pendingDelivery('dlv_ncc', 'ncc-duty'));
    const deps = fakeDeliverDeps(w, () => 500);

    // Act
    const escalation = await deliverOne(deps, 'dlv_esc', 3);
    const plain = await deliverOne(deps, 'dlv_ncc', 3);

    // Assert
    expect(escalation).toMatchObject({ outcome: 'dead_letter', escalations: 0 });
    expect(plain).toMatchObject({ outcome: 'dead_letter', escalations: 1 });
    const newOnes = [...w.deliveries.values()].filter(
      (d) => !['dlv_a', 'dlv_esc', 'dlv_ncc'].includes(d.id),
    );
    expect(newOnes.map((d) => d.partyId)).toEqual(['ncc-night']);
  });

  it('lets an already failed delivery reach the DLQ without sending again', async () => {
    const w = world();
    w.deliveries.set(
      'dlv_f',
      pendingDelivery('dlv_f', 'owner-energo', { status: 'failed', lastError: 'HTTP 500' }),
    );

    const outcome = await deliverOne(
      fakeDeliverDeps(w, () => 200),
      'dlv_f',
      4,
    );

    expect(outcome).toEqual({ outcome: 'dead_letter', error: 'HTTP 500', escalations: 0 });
    expect(w.posts).toEqual([]);
  });
});
