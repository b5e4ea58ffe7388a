/**
 * The admin's registration against the party's own contact report (001 п.16: «... 48 сағат
 * ішінде "МТҚ" АҚ-ға өзекті байланыс деректерін жолдайды»). `PUT /v1/parties/{id}` replaces
 * a registration, but the contact is also the party's to report (`PUT /v1/parties/{id}/contact`):
 * an admin whose body was built before the party reported must not put the old contact back,
 * and a report landing between the admin's read and write must not be undone. The same holds
 * for a webhook-secret rotation. In-process on the memory store; the clock is the harness's.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PartyStore } from '../../../functions/core/ports/parties.js';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import { putParty } from '../../../functions/core/use-cases/parties/put-party.js';
import { reportContactChange } from '../../../functions/core/use-cases/parties/report-contact-change.js';
import { rotateWebhookSecret } from '../../../functions/core/use-cases/parties/rotate-webhook-secret.js';
import { readBody } from '../../../functions/core/wire/read-body.js';
import { jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

/** 11:00 in Astana on 7 December 2026. */
const NOW = '2026-12-07T06:00:00.000Z';
const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };
const OLD_CONTACT = { name: 'Old Person', changedAt: '2026-01-10T04:00:00Z' };
const REPORTED = {
  name: 'Айгүл Серікова',
  phone: '+7 701 000 0000',
  changedAt: '2026-12-06T04:00:00Z',
};
const WEBHOOK = { url: 'https://energo.example.kz/hook', secret: 'w'.repeat(32) };
let h: RouteHarness;

const json = (value: unknown) =>
  readBody(new TextEncoder().encode(JSON.stringify(value)), 'application/json');

const adminPut = (body: Record<string, unknown>) =>
  h.call({
    method: 'PUT',
    url: '/v1/parties/owner-energo',
    as: 'admin',
    headers: JSON_TYPE,
    body: JSON.stringify(body),
  });

const ownReport = () =>
  h.call({
    method: 'PUT',
    url: '/v1/parties/owner-energo/contact',
    as: 'owner-energo',
    headers: JSON_TYPE,
    body: JSON.stringify(REPORTED),
  });

/** The admin's body as its client built it from the registry it read before the report. */
const staleBody = (overrides: Record<string, unknown> = {}) => ({
  role: 'owner',
  name: 'Energo JSC (renamed)',
  contact: OLD_CONTACT,
  ...overrides,
});

/**
 * The party store, with `between` run once just before the first conditional-or-not write
 * of the party: another writer landing between the use case's read and its write.
 */
function racing(store: PartyStore, between: () => Promise<void>): PartyStore {
  let raced = false;
  return {
    ...store,
    putParty: async (party, expected, audit) => {
      if (!raced) {
        raced = true;
        await between();
      }
      return store.putParty(party, expected, audit);
    },
  };
}

beforeEach(async () => {
  h = routeHarness(NOW);
  await h.register('admin', 'admin');
  await h.register('owner-energo', 'owner', { contact: OLD_CONTACT });
});

describe("the admin's PUT /v1/parties/{id} and the party's own contact report (001 п.16)", () => {
  it('keeps a contact the party reported after the admin read the registry; the admin’s other changes land', async () => {
    expect((await ownReport()).statusCode).toBe(200);
    const updated = await adminPut(staleBody());
    expect(updated.statusCode, updated.body).toBe(200);
    expect(jsonOf(updated)).toMatchObject({ name: 'Energo JSC (renamed)', contact: REPORTED });
    const stored = await h.adapters.parties.getParty('owner-energo');
    expect(stored?.name).toBe('Energo JSC (renamed)');
    expect(stored?.contact).toEqual(REPORTED);
    // The late report stays on record for the compliance and quarterly reports.
    expect(stored?.contactReports).toEqual([
      { changedAt: REPORTED.changedAt, reportedAt: '2026-12-07T06:00:00Z' },
    ]);
  });

  it('keeps the stored contact for a body without one, and takes a contact that changed later, or the same moment corrected', async () => {
    await ownReport();
    expect((await adminPut({ role: 'owner', name: 'No contact sent' })).statusCode).toBe(200);
    expect((await h.adapters.parties.getParty('owner-energo'))?.contact).toEqual(REPORTED);

    const corrected = { ...REPORTED, phone: '+7 701 111 1111' };
    await adminPut(staleBody({ contact: corrected }));
    expect((await h.adapters.parties.getParty('owner-energo'))?.contact).toEqual(corrected);

    h.setNow('2026-12-07T08:00:00.000Z');
    const newer = { name: 'Newer Person', changedAt: '2026-12-07T07:00:00Z' };
    const entered = await adminPut(staleBody({ contact: newer }));
    expect(entered.statusCode).toBe(200);
    const stored = await h.adapters.parties.getParty('owner-energo');
    expect(stored?.contact).toEqual(newer);
    expect(stored?.contactReports?.map((r) => r.changedAt)).toEqual([
      REPORTED.changedAt,
      newer.changedAt,
    ]);
  });

  it('reads again when a contact report lands between its read and its write, and undoes nothing', async () => {
    const owner = (await h.adapters.parties.getParty('owner-energo')) as PartyRecord;
    const parties = racing(h.adapters.parties, async () => {
      await reportContactChange(
        h.deps,
        { partyId: owner.id, role: 'owner', party: owner },
        owner.id,
        json(REPORTED),
      );
    });
    const result = await putParty(
      { ...h.deps, parties },
      { partyId: 'admin', role: 'admin', party: owner },
      'owner-energo',
      json(staleBody({ policy: { noticeAckMinutes: 30 } })),
    );
    expect(result.statusCode).toBe(200);
    const stored = await h.adapters.parties.getParty('owner-energo');
    expect(stored).toMatchObject({
      name: 'Energo JSC (renamed)',
      policy: { noticeAckMinutes: 30 },
      contact: REPORTED,
      contactReports: [{ changedAt: REPORTED.changedAt, reportedAt: '2026-12-07T06:00:00Z' }],
    });
  });

  it('rotates a webhook secret without undoing a contact report that landed meanwhile', async () => {
    await adminPut(staleBody({ contact: OLD_CONTACT, webhook: WEBHOOK }));
    const owner = (await h.adapters.parties.getParty('owner-energo')) as PartyRecord;
    const parties = racing(h.adapters.parties, async () => {
      await reportContactChange(
        h.deps,
        { partyId: owner.id, role: 'owner', party: owner },
        owner.id,
        json(REPORTED),
      );
    });
    const rotated = await rotateWebhookSecret(
      { ...h.deps, parties },
      { partyId: 'admin', role: 'admin', party: owner },
      'owner-energo',
      {},
    );
    expect(rotated.webhook.secret).toMatch(/^[\w-]{43}$/);
    const stored = await h.adapters.parties.getParty('owner-energo');
    expect(stored?.contact).toEqual(REPORTED);
    expect(stored?.webhook?.previous).toBeDefined();
    expect(stored?.webhook?.sealedSecret).not.toBe(owner.webhook?.sealedSecret);
  });
});
