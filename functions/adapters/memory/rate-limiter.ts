/** The per-party request budget in memory: a fixed one-minute window, as on DynamoDB. */
import type { RateLimiter } from '../../core/ports/rate-limiter.js';
import type { MemoryDb } from './memory-db.js';

const WINDOW_MS = 60_000;

interface Window {
  windowStart: number;
  used: number;
}

export function createMemoryRateLimiter(db: MemoryDb): RateLimiter {
  return {
    take: (partyId, perMinute, nowMs) =>
      db.run(() => {
        const windowStart = Math.floor(nowMs / WINDOW_MS) * WINDOW_MS;
        const current = db.get<Window>('rates', partyId);
        if (current === undefined || current.windowStart < windowStart) {
          db.tables.rates.set(partyId, { windowStart, used: 1 });
          return undefined;
        }
        // A request that read the clock just before a window edge counts in the newer window.
        if (current.used < perMinute) {
          current.used += 1;
          return undefined;
        }
        return Math.max(1, Math.ceil((windowStart + WINDOW_MS - nowMs) / 1000));
      }),
  };
}
