/**
 * AuditTrail contract (п.90-1(7)): the same cases on the memory store and on DynamoDB.
 * Chains are appended, never forked, read back by seq and by time; a day has one digest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditEvent,
  chainAuditEvents,
  GENESIS_HASH,
} from '../../../functions/core/audit/audit-entry.js';
import type { SignedAuditDigest } from '../../../functions/core/audit/digest.js';
import { DependencyUnavailableError } from '../../../functions/core/errors.js';
import { SAMPLE_EVENTS } from '../../core/audit/audit-fixtures.js';
import { partyId } from '../../support/records.js';
import { type ContractStore, SINGLE_WRITER_DYNAMODB, STORES } from './stores.js';

/** The sample events, as another party's. */
const eventsOf = (party: string): AuditEvent[] =>
  SAMPLE_EVENTS.map((e) => ({ ...e, partyId: party, userId: party }));

function digest(day: string, signature = 'sig'): SignedAuditDigest {
  return {
    day,
    createdAt: `${day}T19:05:00Z`,
    heads: [],
    previousDigestSha256: GENESIS_HASH,
    keyId: 'test-key',
    algorithm: 'ECDSA_SHA_256',
    signature,
  };
}

describe.each([...STORES, SINGLE_WRITER_DYNAMODB])('AuditTrail on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  it('appends in several writes one chain, read back by seq, with its head', async () => {
    // Arrange
    const party = partyId();
    const events = eventsOf(party);

    // Act
    const first = await store.audit.append(events.slice(0, 2));
    await store.audit.append(events.slice(2));

    // Assert
    const expected = chainAuditEvents(undefined, events);
    expect(first).toEqual(expected.entries.slice(0, 2));
    expect(await store.audit.entries(party, 1, 100)).toEqual(expected.entries);
    expect(await store.audit.entries(party, 3, 2)).toEqual(expected.entries.slice(2, 4));
    expect(await store.audit.head(party)).toEqual(expected.head);
    expect(await store.audit.head(partyId())).toBeUndefined();
  });

  it('reads the entries of a time window [start, end) in seq order', async () => {
    const party = partyId();
    const entries = await store.audit.append(eventsOf(party));
    const start = '2026-11-20T04:25:01Z';
    const end = '2026-11-20T19:00:00Z';

    const between = await store.audit.entriesBetween(party, start, end);

    expect(between).toEqual(
      entries.filter(
        (e) => Date.parse(e.at) >= Date.parse(start) && Date.parse(e.at) < Date.parse(end),
      ),
    );
    expect(between.length).toBeGreaterThan(0);
  });

  it('never forks a chain: concurrent appends of one party make one gapless chain', async () => {
    const party = partyId();
    const events = eventsOf(party);

    await Promise.all(events.map((e) => store.audit.append([e])));

    const stored = await store.audit.entries(party, 1, 100);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    stored.forEach((entry, i) => {
      expect(entry.prevHash).toBe(i === 0 ? GENESIS_HASH : stored[i - 1]?.hash);
    });
    expect((await store.audit.head(party))?.hash).toBe(stored.at(-1)?.hash);
  });

  it('lists every party head and stores one digest per day, oldest first', async () => {
    const [a, b] = [partyId(), partyId()];
    await store.audit.append([...eventsOf(a).slice(0, 1), ...eventsOf(b).slice(0, 2)]);
    const day = '2031-05-14';

    const heads = await store.audit.heads();
    const stored = await store.audit.putDigest(digest(day));
    const again = await store.audit.putDigest(digest(day, 'another'));

    expect(heads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partyId: a, seq: 1 }),
        expect.objectContaining({ partyId: b, seq: 2 }),
      ]),
    );
    expect([stored, again]).toEqual([true, false]);
    const digests = await store.audit.digests();
    expect(digests.filter((d) => d.day === day)).toEqual([digest(day)]);
    expect(digests.map((d) => d.day)).toEqual([...digests.map((d) => d.day)].sort());
  });

  it('answers 503 (DependencyUnavailableError) when the store is down, and appends nothing', async () => {
    const party = partyId();
    store.setDown(true);
    try {
      await expect(store.audit.append(eventsOf(party))).rejects.toBeInstanceOf(
        DependencyUnavailableError,
      );
    } finally {
      store.setDown(false);
    }
    expect(await store.audit.head(party)).toBeUndefined();
    expect(await store.audit.entries(party, 0, 10)).toEqual([]);
  });
});
