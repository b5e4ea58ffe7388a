/**
 * AuditTrail contract (п.90-1(7)): the same cases on the memory store and on DynamoDB.
 * Chains are appended, never forked, read back by seq and by time; a day has one digest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nationalDayBounds } from '../../../functions/core/audit/annex4-log.js';
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

/** One event of `party` at `at` (the first sample's other fields). */
const eventAt = (party: string, at: string): AuditEvent => ({
  ...(eventsOf(party)[0] as AuditEvent),
  at,
  startedAt: at,
  subjectId: `sub_${at}`,
});

/** The entries whose time lies in the national day `day` (what a day export must hold). */
const ofDay = <T extends { at: string }>(entries: readonly T[], day: string): T[] => {
  const { start, end } = nationalDayBounds(day);
  return entries.filter(
    (e) => Date.parse(e.at) >= Date.parse(start) && Date.parse(e.at) < Date.parse(end),
  );
};

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

  it('reads each national day of a chain that skips days, and windows across days', async () => {
    const party = partyId();
    // National days (UTC+5): 05-01 twice, 05-03, 05-05 at its first and last instant.
    const times = [
      '2031-04-30T19:00:00Z',
      '2031-05-01T09:30:00Z',
      '2031-05-03T01:00:00Z',
      '2031-05-04T19:00:00Z',
      '2031-05-05T18:59:59.999Z',
    ];
    const entries = [
      ...(await store.audit.append(times.slice(0, 2).map((at) => eventAt(party, at)))),
      ...(await store.audit.append([eventAt(party, times[2] as string)])),
      ...(await store.audit.append(times.slice(3).map((at) => eventAt(party, at)))),
    ];

    for (const day of ['2031-04-30', '2031-05-01', '2031-05-02', '2031-05-03', '2031-05-05']) {
      const { start, end } = nationalDayBounds(day);
      expect(await store.audit.entriesBetween(party, start, end)).toEqual(ofDay(entries, day));
    }
    const { start } = nationalDayBounds('2031-05-06');
    expect(await store.audit.entriesBetween(party, start, '2031-05-09T00:00:00Z')).toEqual([]);
    const across = await store.audit.entriesBetween(
      party,
      '2031-05-01T09:30:00.001Z',
      '2031-05-05T18:59:59.999Z',
    );
    expect(across.map((e) => e.seq)).toEqual([3, 4]);
  });

  it('puts an entry appended after a later day began into its own day, not the later one', async () => {
    const party = partyId();
    // 05-10 ends at 2031-05-10T19:00:00Z. The third and the fifth entries took their time
    // before midnight but were appended after others that took it after (a slow writer).
    const entries = [
      ...(await store.audit.append([eventAt(party, '2031-05-10T18:59:59.900Z')])),
      ...(await store.audit.append([eventAt(party, '2031-05-10T19:00:00.100Z')])),
      ...(await store.audit.append([eventAt(party, '2031-05-10T18:59:59.950Z')])),
      ...(await store.audit.append([
        eventAt(party, '2031-05-11T19:00:00Z'),
        eventAt(party, '2031-05-10T18:59:59.990Z'),
        eventAt(party, '2031-05-11T19:00:01Z'),
      ])),
    ];

    const read = async (day: string) => {
      const { start, end } = nationalDayBounds(day);
      return (await store.audit.entriesBetween(party, start, end)).map((e) => e.seq);
    };

    expect(await read('2031-05-10')).toEqual([1, 3, 5]);
    expect(await read('2031-05-11')).toEqual([2]);
    expect(await read('2031-05-12')).toEqual([4, 6]);
    expect(ofDay(entries, '2031-05-10').map((e) => e.seq)).toEqual([1, 3, 5]);
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
