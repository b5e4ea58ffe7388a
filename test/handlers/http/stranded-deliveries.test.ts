/**
 * Deliveries to a party without a webhook are built already handed over (`queued`): the
 * party pulls its inbox and the worker has nothing to push. When the admin registers a
 * webhook for it later, those deliveries are stranded — never attempted, and no SQS message
 * will bring them. The admin's redrive of the party then pushes them; the automatic redrive
 * after a recovered receiver's success does not replay a pulled inbox; one still young
 * enough to be in SQS's hands is left alone. In-process on the memory store.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import { redriveParty } from '../../../functions/core/use-cases/deliveries/redrive.js';
import { billingObject, notification } from '../../support/messages.js';
import { jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };
let h: RouteHarness;
let nowMs: number;

function advance(ms: number) {
  nowMs += ms;
  h.setNow(new Date(nowMs).toISOString());
}

async function incidentId(): Promise<string> {
  const posted = await h.call({
    method: 'POST',
    url: '/v1/incidents',
    as: 'soc-a',
    headers: JSON_TYPE,
    body: JSON.stringify(notification()),
  });
  expect(posted.statusCode, posted.body).toBe(201);
  return String(jsonOf(posted).id);
}

const toOwner = async (subjectId: string) =>
  (await h.adapters.deliveries.listDeliveries('owner-energo', { limit: 50 })).items.find(
    (d) => d.subjectId === subjectId,
  );

const adminRedrive = async () =>
  jsonOf(
    await h.call({ method: 'POST', url: '/v1/deliveries/redrive?party=owner-energo', as: 'admin' }),
  );

beforeEach(async () => {
  nowMs = Date.now();
  h = routeHarness(new Date(nowMs).toISOString());
  await h.register('admin', 'admin');
  await h.register('ncc-duty', 'ncc');
  await h.register('owner-energo', 'owner', { webhook: undefined });
  await h.register('soc-a', 'soc', {
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
  });
});

describe('deliveries built for a pull-only party that registers a webhook later', () => {
  it('are pushed by the admin’s redrive once the party has a webhook, not before, and not by the automatic one', async () => {
    const old = await incidentId();
    const built = await toOwner(old);
    expect(built).toMatchObject({ status: 'pending', queued: true, attempts: 0 });
    expect(h.adapters.queue.enqueued).not.toContain(built?.id);

    advance(20 * 60_000);
    const young = await toOwner(await incidentId());
    // Still pull-only: nothing to push, nothing redriven.
    expect(await adminRedrive()).toMatchObject({ redriven: 0 });

    const registered = await h.call({
      method: 'PUT',
      url: '/v1/parties/owner-energo',
      as: 'admin',
      headers: JSON_TYPE,
      body: JSON.stringify({
        role: 'owner',
        name: 'Energo',
        webhook: { url: 'https://energo.example.kz/hook', secret: 's'.repeat(32) },
      }),
    });
    expect(registered.statusCode, registered.body).toBe(200);
    // A recovered receiver's automatic redrive leaves the pulled inbox alone.
    expect((await redriveParty(h.deps, 'owner-energo')).redriven).toEqual([]);

    const redriven = await adminRedrive();
    expect(redriven).toMatchObject({ redriven: 1, deliveryIds: [built?.id] });
    expect(h.adapters.queue.enqueued).toContain(built?.id);
    expect(await h.adapters.deliveries.getDelivery(built?.id ?? '')).toMatchObject({
      status: 'pending',
      queued: true,
      attempts: 0,
    });
    // Built a moment ago: SQS may still hold it, so it is left alone.
    expect(h.adapters.queue.enqueued).not.toContain(young?.id);
  });
});
