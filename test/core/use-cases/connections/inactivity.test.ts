/** Inactivity blocking (п.90-1(3): "уақыт ішінде қосылу болмаған") with an injected clock. */
import { describe, expect, it } from 'vitest';
import {
  createMemoryAdapters,
  type MemoryAdapters,
} from '../../../../functions/adapters/memory/create-memory-adapters.js';
import type { PartyRecord } from '../../../../functions/core/ports/records.js';
import type { ConnectionDeps } from '../../../../functions/core/use-cases/connections/block-connection.js';
import {
  admitConnection,
  recordVisit,
} from '../../../../functions/core/use-cases/connections/guard-connection.js';

const soc: PartyRecord = {
  id: 'soc-quiet',
  clientId: 'soc-quiet',
  role: 'soc',
  name: 'Quiet SOC',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  policy: { inactivityDays: 30 },
};
const nccParty: PartyRecord = { ...soc, id: 'ncc', clientId: 'ncc', role: 'ncc', policy: {} };

/** The memory store with `soc` and an NCC party registered, on a clock the test moves. */
async function storeAt(clock: {
  now: number;
}): Promise<{ deps: ConnectionDeps; adapters: MemoryAdapters }> {
  const now = () => new Date(clock.now);
  const adapters = createMemoryAdapters({ now });
  await adapters.parties.putParty(soc);
  await adapters.parties.putParty(nccParty);
  let n = 0;
  const deps: ConnectionDeps = {
    ...adapters,
    now,
    newId: (prefix) => `${prefix}_${++n}`,
    log: { warn: () => {} },
  };
  return { deps, adapters };
}

describe('inactivity', () => {
  it('admits a party seen within policy.inactivityDays and blocks one silent for longer', async () => {
    // Arrange
    const clock = { now: Date.parse('2026-11-10T00:00:00Z') };
    const { deps, adapters } = await storeAt(clock);
    await recordVisit(deps, soc.id, await admitConnection(deps, soc, '203.0.113.5'));

    // Act: 30 days later is still fine; 30 days and a minute after that visit is not
    clock.now = Date.parse('2026-12-10T00:00:00Z');
    await recordVisit(deps, soc.id, await admitConnection(deps, soc, '203.0.113.5'));
    clock.now = Date.parse('2027-01-09T00:01:00Z');
    const refused = admitConnection(deps, soc, '203.0.113.5');

    // Assert
    await expect(refused).rejects.toMatchObject({ code: 'connection_blocked' });
    expect((await adapters.connections.getConnection('soc-quiet'))?.blocked).toMatchObject({
      reason: 'inactivity',
      by: 'gateway',
    });
    expect((await adapters.deliveries.listDeliveries('ncc', { limit: 10 })).items).toEqual([
      expect.objectContaining({
        partyId: 'ncc',
        event: 'connection.blocked',
        subjectId: 'soc-quiet',
      }),
    ]);
    expect(await adapters.audit.entries('soc-quiet', 0, 10)).toEqual([
      expect.objectContaining({ action: 'connection.blocked', outcome: 'inactivity' }),
    ]);
    // Handed to the queue at once, not left for the relay.
    expect(adapters.queue.enqueued).toHaveLength(1);
  });

  it('counts a never-seen party from its registration', async () => {
    const { deps } = await storeAt({ now: Date.parse('2026-12-02T00:00:00Z') });

    await expect(admitConnection(deps, soc, undefined)).rejects.toMatchObject({
      code: 'connection_blocked',
    });
  });
});
