/** PartyStore contract: the same cases on the memory store and on DynamoDB. */

import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, DependencyUnavailableError } from '../../../functions/core/errors.js';
import { withoutWebhookSecret } from '../../../functions/core/ports/parties.js';
import { StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { party, partyId } from '../../support/records.js';
import { type ContractStore, SINGLE_WRITER_DYNAMODB, STORES } from './stores.js';

describe.each([...STORES, SINGLE_WRITER_DYNAMODB])('PartyStore on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  it('stores a party, finds it by client id, lists parties ordered by id', async () => {
    // Arrange
    const [a, b] = [partyId('zz'), partyId('aa')];

    // Act
    await store.parties.putParty(party(a));
    await store.parties.putParty(party(b));

    // Assert
    expect(await store.parties.getParty(a)).toEqual(party(a));
    expect(await store.parties.findPartyByClientId(`client-${b}`)).toEqual(
      withoutWebhookSecret(party(b)),
    );
    const ids = (await store.parties.listParties()).map((p) => p.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining([a, b]));
  });

  it('writes a party only if it is still as read when told what was read, else StaleWriteError', async () => {
    // Arrange: the party as a contact report read it, then an admin's change after that read
    const id = partyId('owner');
    const read = party(id, { role: 'owner', updatedAt: '2026-11-01T00:00:00.000Z' });
    await store.parties.putParty(read);
    const byAdmin = {
      ...read,
      name: 'Renamed by the admin',
      updatedAt: '2026-11-02T00:00:00.000Z',
    };
    await store.parties.putParty(byAdmin);

    // Act: the report built on the old read, then the same change built on the new one
    const stale = { ...read, contact: { name: 'A', changedAt: '2026-11-03T00:00:00Z' } };
    const refused = await store.parties.putParty(stale, { updatedAt: read.updatedAt }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const fresh = { ...byAdmin, contact: stale.contact, updatedAt: '2026-11-03T00:00:01.000Z' };
    await store.parties.putParty(fresh, { updatedAt: byAdmin.updatedAt });

    // Assert
    expect(refused).toBeInstanceOf(StaleWriteError);
    expect(await store.parties.getParty(id)).toEqual(fresh);
    expect((await store.parties.findPartyByClientId(read.clientId))?.name).toBe(
      'Renamed by the admin',
    );
    await expect(
      store.parties.putParty(party(partyId('nobody')), { updatedAt: read.updatedAt }),
    ).rejects.toBeInstanceOf(StaleWriteError);
  });

  it('keeps an owner’s contact and its reported changes (001 п.16) as written', async () => {
    const id = partyId('owner');
    const owner = party(id, {
      role: 'owner',
      contact: {
        name: 'Айгүл Серікова',
        phone: '+7 701 000 0000',
        changedAt: '2026-11-01T09:00:00Z',
      },
      contactReports: [{ changedAt: '2026-11-01T09:00:00Z', reportedAt: '2026-11-03T10:00:00Z' }],
    });
    await store.parties.putParty(owner);
    expect(await store.parties.getParty(id)).toEqual(owner);
  });

  it('names no party for an id longer than any registered one (no store error: 404, not 500)', async () => {
    expect(await store.parties.getParty('p'.repeat(3_000))).toBeUndefined();
    expect(await store.parties.getParty('𝔭'.repeat(1_100))).toBeUndefined();
  });

  it('moves the client-id mapping when a party changes its client id', async () => {
    const id = partyId();
    await store.parties.putParty(party(id));

    await store.parties.putParty(party(id, { clientId: `new-${id}` }));

    expect(await store.parties.findPartyByClientId(`client-${id}`)).toBeUndefined();
    expect((await store.parties.findPartyByClientId(`new-${id}`))?.id).toBe(id);
  });

  it("refuses another party's client id with client_id_taken and changes nothing", async () => {
    const [first, second] = [partyId(), partyId()];
    await store.parties.putParty(party(first));
    await store.parties.putParty(party(second));

    const taking = store.parties.putParty(
      party(second, { clientId: `client-${first}`, name: 'x' }),
    );

    await expect(taking).rejects.toBeInstanceOf(ConflictError);
    await expect(taking).rejects.toMatchObject({ code: 'client_id_taken' });
    expect(await store.parties.getParty(second)).toEqual(party(second));
    expect((await store.parties.findPartyByClientId(`client-${first}`))?.id).toBe(first);
  });

  it('answers 503 (DependencyUnavailableError) when the store is down, and writes nothing', async () => {
    const id = partyId();
    store.setDown(true);
    try {
      await expect(store.parties.putParty(party(id))).rejects.toBeInstanceOf(
        DependencyUnavailableError,
      );
      await expect(store.parties.getParty(id)).rejects.toBeInstanceOf(DependencyUnavailableError);
    } finally {
      store.setDown(false);
    }
    expect(await store.parties.getParty(id)).toBeUndefined();
  });
});
