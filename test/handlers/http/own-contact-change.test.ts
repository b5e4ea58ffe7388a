/**
 * 001 п.16 from the owner's side: «АҚҚМ меншік иесі немесе иеленушісі аталған өзгеріс
 * сәтінен бастап 48 сағат ішінде "МТҚ" АҚ-ға өзекті байланыс деректерін жолдайды». Until
 * now only the admin could enter a contact change, so the owner could never be late on
 * record; `PUT /v1/parties/{id}/contact` lets a party report its own, settling the clock
 * on arrival. In-process on the memory store; the clock is the harness's.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

/** 11:00 in Astana on 7 December 2026. */
const NOW = '2026-12-07T06:00:00.000Z';
let h: RouteHarness;

const putContact = (
  as: string,
  party: string,
  body: string | Record<string, unknown>,
  contentType = 'application/json',
) =>
  h.call({
    method: 'PUT',
    url: `/v1/parties/${party}/contact`,
    as,
    headers: { 'content-type': contentType, accept: 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeEach(async () => {
  h = routeHarness(NOW);
  await h.register('admin', 'admin');
  await h.register('ncc-duty', 'ncc');
  await h.register('owner-energo', 'owner', {
    contact: { name: 'Old Person', changedAt: '2026-01-10T04:00:00Z' },
  });
  await h.register('owner-other', 'owner');
  await h.register('soc-a', 'soc');
});

describe('an owner reports its own contact change (PUT /v1/parties/{id}/contact, 001 п.16)', () => {
  it('settles the 48-hour clock on arrival: 50 hours after the change is 2 hours late, counted by the compliance report', async () => {
    const reported = await putContact('owner-energo', 'owner-energo', {
      name: 'Айгүл Серікова',
      phone: '+7 701 000 0000',
      changedAt: '2026-12-05T04:00:00Z',
    });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(jsonOf(reported)).toMatchObject({
      partyId: 'owner-energo',
      contact: { name: 'Айгүл Серікова', changedAt: '2026-12-05T04:00:00Z' },
      obligations: [
        {
          kind: 'contact_change',
          state: 'satisfied_late',
          dueAt: '2026-12-07T04:00:00Z',
          lateBySeconds: 7200,
          satisfiedAt: '2026-12-07T06:00:00Z',
        },
      ],
    });
    const stored = await h.adapters.parties.getParty('owner-energo');
    expect(stored?.contact?.name).toBe('Айгүл Серікова');
    expect(stored?.contactReports).toEqual([
      { changedAt: '2026-12-05T04:00:00Z', reportedAt: '2026-12-07T06:00:00Z' },
    ]);
    const compliance = jsonOf(
      await h.call({ method: 'GET', url: '/v1/reports/compliance?groupBy=kind', as: 'ncc-duty' }),
    );
    expect((compliance.kinds as Record<string, unknown>).contact_change).toMatchObject({
      late: 1,
      lateWorst: 'PT2H',
    });

    // The same change again settles nothing twice.
    h.setNow('2026-12-08T06:00:00.000Z');
    const again = await putContact('owner-energo', 'owner-energo', {
      name: 'Айгүл Серікова',
      changedAt: '2026-12-05T09:00:00+05:00',
    });
    expect(again.statusCode, again.body).toBe(200);
    expect((await h.adapters.parties.getParty('owner-energo'))?.contactReports).toHaveLength(1);
  });

  it('appends message.received to the sender’s audit chain with the write, shown in its Annex 4 day file; a refused one appends nothing', async () => {
    const body = JSON.stringify({ name: 'Айгүл Серікова', changedAt: '2026-12-06T04:00:00Z' });
    const reported = await putContact('owner-energo', 'owner-energo', body);
    expect(reported.statusCode, reported.body).toBe(200);
    const refused = await putContact('owner-energo', 'owner-energo', {
      name: 'Later',
      changedAt: '2027-01-01T00:00:00Z',
    });
    expect(refused.statusCode).toBe(422);
    const entries = await h.adapters.audit.entries('owner-energo', 1, 100);
    expect(entries).toEqual([
      expect.objectContaining({
        seq: 1,
        action: 'message.received',
        outcome: 'accepted',
        source: 'put-party-contact',
        subjectId: 'owner-energo',
        sha256: createHash('sha256').update(body).digest('hex'),
        at: '2026-12-07T06:00:00Z',
      }),
    ]);
    expect(entries[0]?.description).toMatch(/contact_change settled/);
    const exported = await h.call({
      method: 'GET',
      url: '/v1/audit/export?party=owner-energo&day=2026-12-07',
      as: 'admin',
    });
    expect(exported.statusCode, exported.body).toBe(200);
    const lines = (exported.body ?? '').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^07:12:2026;11:00:00;ncc-gateway\/put-party-contact;.*action=message\.received, outcome=accepted, subject=owner-energo, seq=1/,
    );
  });

  it('accepts XML, on time within 48 hours', async () => {
    const xml =
      '<contactChange xmlns="urn:kz:ncc-gateway:v1"><name>Ержан Ахметов</name>' +
      '<email>e.akhmetov@energo.example</email><changedAt>2026-12-06T10:00:00+05:00</changedAt></contactChange>';
    const reported = await putContact('owner-energo', 'owner-energo', xml, 'application/xml');
    expect(reported.statusCode, reported.body).toBe(200);
    expect(jsonOf(reported).obligations).toEqual([
      expect.objectContaining({ kind: 'contact_change', state: 'satisfied' }),
    ]);
  });

  it("refuses another party's contact (404), the admin (403), a change in the future and a bad form (422 with pointers)", async () => {
    const foreign = await putContact('owner-other', 'owner-energo', {
      name: 'X',
      changedAt: '2026-12-06T00:00:00Z',
    });
    expect(foreign.statusCode).toBe(404);
    const admin = await putContact('admin', 'admin', {
      name: 'X',
      changedAt: '2026-12-06T00:00:00Z',
    });
    expect(admin.statusCode).toBe(403);
    expect(jsonOf(admin).code).toBe('wrong_role');

    const future = await putContact('owner-energo', 'owner-energo', {
      name: 'X',
      changedAt: '2026-12-08T06:00:00Z',
    });
    expect(future.statusCode).toBe(422);
    expect(jsonOf(future).errors).toEqual([
      expect.objectContaining({ pointer: '/changedAt', code: 'in_future' }),
    ]);
    const bad = await putContact('owner-energo', 'owner-energo', { phone: '1', role: 'ncc' });
    expect(bad.statusCode).toBe(422);
    const pointers = (jsonOf(bad).errors as Array<{ pointer: string }>)
      .map((e) => e.pointer)
      .sort();
    expect(pointers).toEqual(expect.arrayContaining(['/changedAt', '/name', '/phone', '/role']));
    // Nothing changed on record.
    expect((await h.adapters.parties.getParty('owner-energo'))?.contact?.name).toBe('Old Person');
  });

  it("records a SOC's contact without a clock (the duty is the owner's), and a first contact is a registration", async () => {
    const soc = await putContact('soc-a', 'soc-a', {
      name: 'SOC lead',
      changedAt: '2026-12-01T00:00:00Z',
    });
    expect(soc.statusCode, soc.body).toBe(200);
    expect(jsonOf(soc).obligations).toEqual([]);
    const first = await putContact('owner-other', 'owner-other', {
      name: 'First',
      changedAt: '2026-12-01T00:00:00Z',
    });
    expect(jsonOf(first).obligations).toEqual([]);
  });
});
