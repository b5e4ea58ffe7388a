/**
 * ConnectionStore contract (п.90-1(2)–(3)): the same cases on the memory store and on
 * DynamoDB. Counters count; a block or unblock is written whole with its deliveries and
 * its audit entry, or not at all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../functions/core/audit/audit-entry.js';
import { DependencyUnavailableError } from '../../../functions/core/errors.js';
import type {
  ConnectionBlock,
  ConnectionChange,
} from '../../../functions/core/ports/connections.js';
import { delivery, partyId } from '../../support/records.js';
import { type ContractStore, SINGLE_WRITER_DYNAMODB, STORES } from './stores.js';

const HOUR_MS = 3_600_000;
const AT = '2026-11-20T04:12:31.204Z';

function block(at = AT): ConnectionBlock {
  return { at, reason: 'admin', detail: 'by hand', by: 'admin' };
}

/** A change of `party`: one delivery to an NCC party and one audit entry. */
function change(
  party: string,
  action:
    | 'connection.blocked'
    | 'connection.unblocked'
    | 'credentials.reissued'
    | 'credentials.expiring',
): ConnectionChange {
  return {
    partyId: party,
    deliveries: [
      delivery({
        partyId: 'ncc-main',
        // A reissue announces nothing itself; its delivery here only proves the write is whole.
        event: action === 'credentials.reissued' ? 'connection.blocked' : action,
        subjectId: party,
        createdAt: AT,
      }),
    ],
    audit: {
      partyId: party,
      at: AT,
      startedAt: AT,
      connectionPoint: '203.0.113.10',
      userId: 'admin',
      source: 'contract',
      action,
      outcome: action === 'connection.blocked' ? 'admin' : 'unblocked',
      subjectId: party,
      sha256: sha256Hex(action),
      description: action,
    },
  };
}

describe.each([...STORES, SINGLE_WRITER_DYNAMODB])('ConnectionStore on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  it('counts consecutive authentication failures until a request gets through', async () => {
    const party = partyId();
    expect(await store.connections.getConnection(party)).toBeUndefined();

    const counts = [
      await store.connections.addAuthFailure(party, AT),
      await store.connections.addAuthFailure(party, AT),
    ];
    await store.connections.recordSeen(party, '2026-11-20T05:00:00Z');

    expect(counts).toEqual([1, 2]);
    expect(await store.connections.getConnection(party)).toEqual({
      partyId: party,
      authFailures: 0,
      lastSeenAt: '2026-11-20T05:00:00Z',
    });
  });

  it("records a credential reissue with its audit entry, and forgets the old credential's reminder", async () => {
    const party = partyId();
    const reminder = change(party, 'credentials.expiring');
    const reminded = [
      await store.connections.remindCredentialExpiry('registration', reminder),
      await store.connections.remindCredentialExpiry(
        'registration',
        change(party, 'credentials.expiring'),
      ),
    ];

    await store.connections.reissueCredentials('2026-11-20T05:00:01Z', {
      ...change(party, 'credentials.reissued'),
      deliveries: [],
    });
    const afterReissue = await store.connections.getConnection(party);
    const newReminder = await store.connections.remindCredentialExpiry(
      '2026-11-20T05:00:01Z',
      change(party, 'credentials.expiring'),
    );

    // Each credential's reminder once, its delivery and audit entry with it; none for the repeat.
    expect(reminded).toEqual([true, false]);
    expect(await store.deliveries.getDelivery(reminder.deliveries[0]?.id ?? '')).toMatchObject({
      subjectId: party,
    });
    expect(afterReissue).toMatchObject({ credentialsIssuedAt: '2026-11-20T05:00:01Z' });
    expect(afterReissue?.credentialReminderFor).toBeUndefined();
    expect(newReminder).toBe(true);
    expect((await store.audit.entries(party, 0, 10)).map((e) => e.action)).toEqual([
      'credentials.expiring',
      'credentials.reissued',
      'credentials.expiring',
    ]);
  });

  it('counts strikes within the window only, each kind apart', async () => {
    const party = partyId();
    const t0 = Date.parse(AT);
    const window = 10 * 60_000;

    const counts = [
      await store.connections.addStrike(party, 'rate_breach', t0, window),
      await store.connections.addStrike(party, 'rate_breach', t0 + 60_000, window),
      await store.connections.addStrike(party, 'hostile_input', t0 + 60_000, window),
      // 10.5 minutes after the first, which has left the window; the second has not.
      await store.connections.addStrike(party, 'rate_breach', t0 + 10.5 * 60_000, window),
    ];

    expect(counts).toEqual([1, 2, 1, 2]);
  });

  it('adds reads within a clock hour, starts again in the next, and ignores an earlier hour', async () => {
    const party = partyId();
    const hour = Math.floor(Date.parse(AT) / HOUR_MS) * HOUR_MS;

    const totals = [
      await store.connections.addReads(party, 40, hour + 1_000),
      await store.connections.addReads(party, 25, hour + 2_000),
      await store.connections.addReads(party, 5, hour + HOUR_MS + 1),
      await store.connections.addReads(party, 7, hour + 3_000),
    ];

    expect(totals).toEqual([40, 65, 5, 0]);
  });

  it('blocks once, with its deliveries and audit entry in the same write; a second block writes nothing', async () => {
    const party = partyId();
    const first = change(party, 'connection.blocked');
    const second = change(party, 'connection.blocked');

    const results = [
      await store.connections.block(block(), first),
      await store.connections.block(block('2026-11-20T05:00:00Z'), second),
    ];

    expect(results).toEqual([true, false]);
    expect((await store.connections.getConnection(party))?.blocked).toEqual(block());
    expect(await store.deliveries.getDelivery(first.deliveries[0]?.id ?? '')).toMatchObject({
      event: 'connection.blocked',
      subjectId: party,
    });
    expect(await store.deliveries.getDelivery(second.deliveries[0]?.id ?? '')).toBeUndefined();
    expect((await store.audit.entries(party, 0, 10)).map((e) => e.action)).toEqual([
      'connection.blocked',
    ]);
  });

  it('lets exactly one of two concurrent blocks through', async () => {
    const party = partyId();

    const results = await Promise.all([
      store.connections.block(block(), change(party, 'connection.blocked')),
      store.connections.block(block(), change(party, 'connection.blocked')),
    ]);

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.audit.entries(party, 0, 10)).toHaveLength(1);
  });

  it('unblocks: the block lifted, counters reset, with its delivery and audit entry; unblocking again writes nothing', async () => {
    const party = partyId();
    await store.connections.addStrike(party, 'rate_breach', Date.parse(AT), HOUR_MS);
    await store.connections.addAuthFailure(party, AT);
    await store.connections.block(block(), change(party, 'connection.blocked'));
    const lifting = change(party, 'connection.unblocked');
    const at = '2026-11-20T06:00:00Z';

    const lifted = await store.connections.unblock(at, lifting);
    const again = await store.connections.unblock(at, change(party, 'connection.unblocked'));

    expect(lifted).toEqual(block());
    expect(again).toBeUndefined();
    expect(await store.connections.getConnection(party)).toEqual({
      partyId: party,
      authFailures: 0,
      lastSeenAt: at,
      unblockedAt: at,
    });
    // The strikes before the block are forgotten.
    expect(
      await store.connections.addStrike(party, 'rate_breach', Date.parse(AT) + 1, HOUR_MS),
    ).toBe(1);
    expect(await store.deliveries.getDelivery(lifting.deliveries[0]?.id ?? '')).toBeDefined();
    expect((await store.audit.entries(party, 0, 10)).map((e) => e.action)).toEqual([
      'connection.blocked',
      'connection.unblocked',
    ]);
  });

  it('answers 503 (DependencyUnavailableError) when the store is down, and blocks nothing', async () => {
    const party = partyId();
    const blocking = change(party, 'connection.blocked');
    store.setDown(true);
    try {
      await expect(store.connections.block(block(), blocking)).rejects.toBeInstanceOf(
        DependencyUnavailableError,
      );
      await expect(store.connections.addAuthFailure(party, AT)).rejects.toBeInstanceOf(
        DependencyUnavailableError,
      );
    } finally {
      store.setDown(false);
    }
    expect(await store.connections.getConnection(party)).toBeUndefined();
    expect(await store.deliveries.getDelivery(blocking.deliveries[0]?.id ?? '')).toBeUndefined();
    expect(await store.audit.head(party)).toBeUndefined();
  });
});
