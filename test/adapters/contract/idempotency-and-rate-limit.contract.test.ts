/** IdempotencyStore and RateLimiter contracts on both stores. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../../../functions/core/errors.js';
import { idempotencyClaim, newIncident, partyId } from '../../support/records.js';
import { type ContractStore, STORES } from './stores.js';

describe.each(STORES)('IdempotencyStore and RateLimiter on $name', (kind) => {
  let nowMs = Date.parse('2026-11-20T05:00:00Z');
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create({ now: () => new Date(nowMs) });
  });

  it('a record counts until it expires, by the store’s clock', async () => {
    const socId = partyId();
    const write = newIncident({ socId });
    const expiresAt = Math.floor(nowMs / 1000) + 60;
    write.idempotency = idempotencyClaim(socId, 'k', 'a'.repeat(64), write.receipt, expiresAt);
    await store.incidents.saveNewIncident(write);

    const live = await store.idempotency.getIdempotency(socId, 'k');
    nowMs += 61_000;
    const expired = await store.idempotency.getIdempotency(socId, 'k');

    expect(live).toMatchObject({ partyId: socId, key: 'k', requestSha256: 'a'.repeat(64) });
    expect(expired).toBeUndefined();
    expect(await store.idempotency.getIdempotency(socId, 'other')).toBeUndefined();
  });

  it('allows `perMinute` requests per window, then answers the seconds to the next window', async () => {
    const id = partyId();
    const windowStart = Date.parse('2026-11-20T05:10:00Z');

    const taken = [];
    for (let i = 0; i < 4; i++)
      taken.push(await store.rateLimiter.take(id, 3, windowStart + 15_000));
    const nextWindow = await store.rateLimiter.take(id, 3, windowStart + 60_000);

    expect(taken).toEqual([undefined, undefined, undefined, 45]);
    expect(nextWindow).toBeUndefined();
  });

  it('a request that read a clock just before the window edge counts in the newer window', async () => {
    const id = partyId();
    const edge = Date.parse('2026-11-20T05:20:00Z');
    await store.rateLimiter.take(id, 2, edge + 1_000);

    expect(await store.rateLimiter.take(id, 2, edge - 1)).toBeUndefined();
    expect(await store.rateLimiter.take(id, 2, edge + 2_000)).toBe(58);
  });

  it('answers 503 when the store is down', async () => {
    store.setDown(true);
    try {
      await expect(store.rateLimiter.take(partyId(), 3, nowMs)).rejects.toBeInstanceOf(
        DependencyUnavailableError,
      );
      await expect(store.idempotency.getIdempotency('x', 'y')).rejects.toBeInstanceOf(
        DependencyUnavailableError,
      );
    } finally {
      store.setDown(false);
    }
  });
});
