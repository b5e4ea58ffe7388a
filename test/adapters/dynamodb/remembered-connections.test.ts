/**
 * A single writer (the embedded stack) remembers the connection state every request reads
 * (п.90-1: blocked? reissued? inactive?) for CONNECTION_REUSE_MS, and forgets a party's on
 * each of its own writes to it; on Lambda (not a single writer) every request reads.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONNECTION_REUSE_MS } from '../../../functions/adapters/dynamodb/connections.js';
import { observedTable } from '../../support/observed-client.js';
import { partyId } from '../../support/records.js';

let table: Awaited<ReturnType<typeof observedTable>>;
beforeEach(async () => {
  table = await observedTable();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const storeOn = (singleWriter: boolean) => {
  const { ports, sent } = table.process({ singleWriter });
  return {
    connections: ports.connections,
    gets: () => sent.commands.filter((c) => c === 'GetItemCommand').length,
  };
};

describe('connection states of a single writer', () => {
  it('reads a party once for many requests, and again after each of its own writes', async () => {
    const { connections, gets } = storeOn(true);
    const party = partyId();
    await connections.recordSeen(party, '2026-12-07T10:00:00.000Z');

    const reads = await Promise.all([1, 2, 3].map(() => connections.getConnection(party)));
    const getsForThree = gets();
    await connections.addAuthFailure(party, '2026-12-07T10:01:00.000Z');
    const afterFailure = await connections.getConnection(party);

    expect(reads.map((r) => r?.lastSeenAt)).toEqual(Array(3).fill('2026-12-07T10:00:00.000Z'));
    expect(getsForThree).toBe(1);
    expect(afterFailure?.authFailures).toBe(1);
    expect(gets()).toBe(2);
  });

  it('sees a change another process made once CONNECTION_REUSE_MS has passed', async () => {
    const { connections } = storeOn(true);
    const other = storeOn(false).connections;
    const party = partyId();
    expect(await connections.getConnection(party)).toBeUndefined();
    await other.recordSeen(party, '2026-12-07T11:00:00.000Z');

    const soon = await connections.getConnection(party);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + CONNECTION_REUSE_MS + 1);
    const later = await connections.getConnection(party);

    expect(soon).toBeUndefined();
    expect(later?.lastSeenAt).toBe('2026-12-07T11:00:00.000Z');
  });

  it('hands out copies, and reads every time when it is not the only writer', async () => {
    const single = storeOn(true);
    const party = partyId();
    await single.connections.addAuthFailure(party, '2026-12-07T12:00:00.000Z');
    const first = await single.connections.getConnection(party);
    if (first) first.authFailures = 99;
    const lambda = storeOn(false);

    await lambda.connections.getConnection(party);
    await lambda.connections.getConnection(party);

    expect((await single.connections.getConnection(party))?.authFailures).toBe(1);
    expect(lambda.gets()).toBe(2);
  });
});
