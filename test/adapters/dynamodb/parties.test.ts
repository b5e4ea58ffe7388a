import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../functions/core/errors.js';
import { withoutWebhookSecret } from '../../../functions/core/ports/parties.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import { concurrently, party, partyId } from '../../support/records.js';
import { type FreshStore, freshStore, rawItem } from './fresh-store.js';

let fresh: FreshStore;
let store: AllStores;

beforeAll(async () => {
  fresh = await freshStore();
  store = fresh.store;
});

describe('party registry', () => {
  it('puts a party and finds it by id and by client id', async () => {
    const soc = party(partyId(), {
      blocked: { at: '2026-11-20T04:00:00Z', reason: 'auth failures' },
      authFailures: 10,
    });

    await store.putParty(soc);

    expect(await store.getParty(soc.id)).toEqual(soc);
    expect(await store.findPartyByClientId(soc.clientId)).toEqual(withoutWebhookSecret(soc));
    expect(await store.getParty(partyId())).toBeUndefined();
    expect(await store.findPartyByClientId('client-nobody')).toBeUndefined();
  });

  it('replaces a party, moving its client-id mapping when the client id changes', async () => {
    // Arrange
    const before = party(partyId());
    await store.putParty(before);
    const after = {
      ...before,
      clientId: `${before.clientId}-rotated`,
      name: 'Renamed',
      updatedAt: '2026-11-21T00:00:00Z',
    };

    // Act
    await store.putParty(after);

    // Assert
    expect(await store.getParty(before.id)).toEqual(after);
    expect(await store.findPartyByClientId(after.clientId)).toEqual(withoutWebhookSecret(after));
    expect(await store.findPartyByClientId(before.clientId)).toBeUndefined();
    expect(await rawItem(fresh, 'REGISTRY', `CLIENT#${before.clientId}`)).toBeUndefined();
  });

  it('keeps the client-id copy in step with every update (e.g. a block)', async () => {
    const soc = party(partyId());
    await store.putParty(soc);
    const blocked = { ...soc, blocked: { at: '2026-11-21T00:00:00Z', reason: 'admin' } };

    await store.putParty(blocked);

    expect(await store.findPartyByClientId(soc.clientId)).toEqual(withoutWebhookSecret(blocked));
  });

  it('refuses a client id that belongs to another party (409), changing nothing', async () => {
    const owner = party(partyId());
    await store.putParty(owner);
    const thief = party(partyId(), { clientId: owner.clientId });

    await expect(store.putParty(thief)).rejects.toBeInstanceOf(ConflictError);

    expect(await store.getParty(thief.id)).toBeUndefined();
    expect(await store.findPartyByClientId(owner.clientId)).toEqual(withoutWebhookSecret(owner));
  });

  it('survives concurrent registrations of one party', async () => {
    const id = partyId();
    const versions = Array.from({ length: 5 }, (_v, i) => party(id, { name: `v${i}` }));

    const { errors } = await concurrently(5, (i) => store.putParty(versions[i] ?? party(id)));

    expect(errors).toEqual([]);
    expect(versions).toContainEqual(await store.getParty(id));
  });

  it('lists every party (strongly consistent, right after a put)', async () => {
    const a = party(partyId());
    const b = party(partyId(), { role: 'ncc' });
    await store.putParty(a);
    await store.putParty(b);

    const listed = await store.listParties();

    expect(listed).toEqual(expect.arrayContaining([a, b]));
    expect(listed.every((p) => typeof p.clientId === 'string')).toBe(true);
  });
});
