import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoRateLimiter } from '../../../functions/adapters/dynamodb/rate-limiter.js';
import type { RateLimiter } from '../../../functions/core/ports/rate-limiter.js';
import { type FreshStore, freshStore } from './fresh-store.js';

const MINUTE = 60_000;
const WINDOW = Date.parse('2026-11-21T12:00:00Z');

let fresh: FreshStore;
let limiter: RateLimiter;

beforeAll(async () => {
  fresh = await freshStore();
  limiter = createDynamoRateLimiter({ client: fresh.client, tableName: fresh.tableName });
});

describe('per-party rate limiter (fixed one-minute window)', () => {
  it('allows the budget, refuses the next request until the window ends, then allows again', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.take('soc-a', 3, WINDOW + 50_000 + i));

    expect(results).toEqual([undefined, undefined, undefined, 10]);
    expect(await limiter.take('soc-a', 3, WINDOW + MINUTE)).toBeUndefined();
  });

  it('keeps parties apart', async () => {
    await limiter.take('soc-b', 1, WINDOW);

    expect(await limiter.take('soc-b', 1, WINDOW + 1)).toBeGreaterThan(0);
    expect(await limiter.take('soc-c', 1, WINDOW + 1)).toBeUndefined();
  });

  it('refuses no one in a concurrent burst that straddles a window edge, within budget', async () => {
    const edge = WINDOW + 5 * MINUTE;

    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        limiter.take('soc-d', 100, edge + (i % 2 === 0 ? -1 : 1)),
      ),
    );

    expect(results.filter((r) => r !== undefined)).toEqual([]);
  });
});
