import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REGISTRY_REUSE_MS } from '../../../functions/adapters/dynamodb/parties.js';
import { observedTable } from '../../support/observed-client.js';
import { party, partyId } from '../../support/records.js';

let table: Awaited<ReturnType<typeof observedTable>>;
beforeEach(async () => {
  table = await observedTable();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const storeOn = (singleWriter: boolean) => {
  const { ports, sent } = table.process({ singleWriter });
  return { parties: ports.parties, commands: sent.commands };
};

describe('the registry of a single writer', () => {
  it('answers lookups from one read, and sees its own registrations at once', async () => {
    const { parties, commands } = storeOn(true);
    const a = party(partyId());
    await parties.putParty(a);
    commands.length = 0;

    const byId = await parties.getParty(a.id);
    const byClient = await parties.findPartyByClientId(a.clientId ?? a.id);
    const all = await parties.listParties();
    const b = party(partyId());
    await parties.putParty(b);
    const afterWrite = await parties.getParty(b.id);

    expect(byId).toEqual(a);
    expect(byClient?.id).toBe(a.id);
    expect(all.map((p) => p.id)).toEqual([a.id]);
    expect(afterWrite).toEqual(b);
    // One Query for the three lookups; the registration's own reads and write; one Query after it.
    expect(commands.filter((c) => c === 'QueryCommand')).toHaveLength(2);
  });

  it('sees a party another process registered once REGISTRY_REUSE_MS has passed', async () => {
    const { parties } = storeOn(true);
    const other = storeOn(false).parties;
    expect(await parties.listParties()).toEqual([]);
    const elsewhere = party(partyId());
    await other.putParty(elsewhere);

    const soon = await parties.getParty(elsewhere.id);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + REGISTRY_REUSE_MS + 1);
    const later = await parties.getParty(elsewhere.id);

    expect(soon).toBeUndefined();
    expect(later).toEqual(elsewhere);
  });

  it('hands out copies: a caller that changes one changes nothing for the next', async () => {
    const { parties } = storeOn(true);
    const a = party(partyId(), { sectors: ['banking'] });
    await parties.putParty(a);

    const first = await parties.getParty(a.id);
    first?.sectors?.push('electricity');
    const listed = await parties.listParties();
    listed.pop();

    expect((await parties.getParty(a.id))?.sectors).toEqual(['banking']);
    expect(await parties.listParties()).toHaveLength(1);
  });
});
