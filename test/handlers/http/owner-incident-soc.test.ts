/**
 * 001 п.24 (issue #11, item 2 of the S6 brief): an owner's responsible person who detects
 * an incident itself notifies "МТҚ" АҚ (the NCC) *and* АҚЖО (the SOC). Through the gateway
 * the owner posts once; the NCC and the SOC serving the object (the one whose registered
 * `objects` hold that object with this owner) receive the same event, for the first
 * message and for every card revision. In-process on the in-memory store.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import { billingObject, completeCard, notification } from '../../support/messages.js';
import { jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };
let h: RouteHarness;

const eventsOf = async (party: string) =>
  (await h.adapters.deliveries.listDeliveries(party, { limit: 20 })).items.map((d) => [
    d.event,
    d.subjectId,
  ]);

const post = (as: string, body: unknown) =>
  h.call({
    method: 'POST',
    url: '/v1/incidents',
    as,
    headers: JSON_TYPE,
    body: JSON.stringify(body),
  });

beforeEach(async () => {
  h = routeHarness(new Date().toISOString());
  await h.register('ncc-duty', 'ncc');
  await h.register('owner-energo', 'owner');
  await h.register('owner-bank', 'owner');
  await h.register('soc-a', 'soc', {
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
  });
  // Another SOC registers an object of the same id for a different owner: never reached.
  await h.register('soc-b', 'soc', {
    objects: [billingObject('owner-bank')] as PartyRecord['objects'],
  });
  await h.register('soc-c', 'soc');
});

describe("an owner's own incident reaches the SOC serving the object (001 п.24)", () => {
  it('delivers incident.notified to the NCC and that SOC, with the card, and no warning', async () => {
    const created = await post('owner-energo', notification({ objectId: 'obj-billing' }));
    expect(created.statusCode, created.body).toBe(201);
    const receipt = jsonOf(created);
    expect(receipt.warnings).toEqual([]);

    expect(await eventsOf('ncc-duty')).toEqual([['incident.notified', receipt.id]]);
    expect(await eventsOf('soc-a')).toEqual([['incident.notified', receipt.id]]);
    const [toSoc] = (await h.adapters.deliveries.listDeliveries('soc-a', { limit: 1 })).items;
    expect(toSoc?.payload).toMatchObject({
      incident: { id: receipt.id, socId: 'owner-energo' },
      card: { affectedObject: { id: 'obj-billing' } },
    });
    for (const other of ['soc-b', 'soc-c', 'owner-energo', 'owner-bank'])
      expect(await eventsOf(other), other).toEqual([]);
  });

  it('delivers every card revision to that SOC as incident.card, like the NCC', async () => {
    const first = notification({ objectId: 'obj-billing' });
    const id = String(jsonOf(await post('owner-energo', first)).id);
    const revised = await h.call({
      method: 'PUT',
      url: `/v1/incidents/${id}/card`,
      as: 'owner-energo',
      headers: JSON_TYPE,
      body: JSON.stringify({
        ...completeCard({ objectId: 'obj-billing' }),
        socReference: first.socReference,
        details: { ...completeCard().details, confirmedAt: first.details.confirmedAt },
      }),
    });
    expect(revised.statusCode, revised.body).toBe(200);
    expect((await eventsOf('soc-a')).sort()).toEqual([
      ['incident.card', id],
      ['incident.notified', id],
    ]);
  });

  it('warns the owner when no SOC is registered for the object, so it notifies its SOC itself', async () => {
    const created = await post('owner-energo', notification({ objectId: 'obj-elsewhere' }));
    expect(created.statusCode, created.body).toBe(201);
    expect(jsonOf(created).warnings).toEqual([
      expect.objectContaining({ pointer: '/affectedObject', code: 'soc_not_registered' }),
    ]);
    expect(await eventsOf('ncc-duty')).toHaveLength(1);
    for (const soc of ['soc-a', 'soc-b', 'soc-c']) expect(await eventsOf(soc), soc).toEqual([]);
  });

  it("leaves a SOC's own report as it was: the owner hears, no SOC does", async () => {
    const created = await post('soc-a', notification({ objectId: 'obj-billing' }));
    expect(created.statusCode, created.body).toBe(201);
    const id = jsonOf(created).id;
    expect(await eventsOf('owner-energo')).toEqual([['incident.notified', id]]);
    expect(await eventsOf('soc-a')).toEqual([]);
    expect(await eventsOf('soc-b')).toEqual([]);
  });
});
