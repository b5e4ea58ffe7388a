/**
 * 001 п.16 through the API (issue #11 item 10): an admin registers an owner's changed
 * contact with the moment of the change; the compliance and quarterly reports count the
 * 48-hour clock; a change stated in the future is refused with its pointer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

/** 11:00 in Astana on 7 December 2026. */
const NOW = '2026-12-07T06:00:00.000Z';
let h: RouteHarness;

const putOwner = (contact: Record<string, unknown>) =>
  h.call({
    method: 'PUT',
    url: '/v1/parties/owner-energo',
    as: 'admin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'owner', name: 'Энерго', sectors: ['electricity'], contact }),
  });

beforeAll(async () => {
  h = routeHarness(NOW);
  await h.register('admin', 'admin');
  await h.register('ncc-duty', 'ncc');
});

describe('contact changes (001 п.16)', () => {
  it('counts a change reported 50 hours after it as 2 hours late, and a first contact not at all', async () => {
    const first = await putOwner({ name: 'Old Person', changedAt: '2026-01-10T09:00:00+05:00' });
    expect(first.statusCode, first.body).toBe(201);
    expect(jsonOf(first).contactReports).toBeUndefined();

    const changed = await putOwner({
      name: 'Айгүл Серікова',
      phone: '+7 701 000 0000',
      email: 'a.serikova@energo.example',
      changedAt: '2026-12-05T04:00:00Z',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(jsonOf(changed).contactReports).toEqual([
      { changedAt: '2026-12-05T04:00:00Z', reportedAt: '2026-12-07T06:00:00Z' },
    ]);

    const compliance = jsonOf(
      await h.call({ method: 'GET', url: '/v1/reports/compliance?groupBy=kind', as: 'ncc-duty' }),
    );
    expect((compliance.kinds as Record<string, unknown>).contact_change).toMatchObject({
      onTime: 0,
      late: 1,
      lateWorst: 'PT2H',
    });

    const quarterly = jsonOf(
      await h.call({
        method: 'GET',
        url: '/v1/reports/quarterly?year=2026&quarter=4',
        as: 'ncc-duty',
      }),
    );
    const clocks = quarterly.clocks as { byKind: Record<string, unknown>; byParty: unknown[] };
    expect(clocks.byKind.contact_change).toMatchObject({ late: 1 });
    expect(clocks.byParty).toContainEqual(
      expect.objectContaining({
        socId: 'owner-energo',
        total: expect.objectContaining({ late: 1 }),
      }),
    );
  });

  it('refuses a change stated in the future, naming the field', async () => {
    const result = await putOwner({ name: 'Next Person', changedAt: '2026-12-08T06:00:00Z' });
    expect(result.statusCode).toBe(422);
    expect(jsonOf(result).errors).toEqual([
      expect.objectContaining({ pointer: '/contact/changedAt', code: 'in_future' }),
    ]);
  });

  it('refuses a contact without the moment of the change', async () => {
    const result = await putOwner({ name: 'Next Person' });
    expect(result.statusCode).toBe(422);
    expect(JSON.stringify(jsonOf(result).errors)).toContain('/contact');
  });
});
