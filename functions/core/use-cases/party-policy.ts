/**
 * Per-party gateway rules (Unified Requirements п.90-1, docs/contract.md §6): which message kinds
 * a party may send, and how many requests a minute.
 */
import { ForbiddenError, RateLimitedError } from '../errors.js';
import type { Party } from '../model/messages.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import type { Principal } from './context.js';

export type MessageKind = NonNullable<NonNullable<Party['policy']>['allowedKinds']>[number];

/** Requests a minute for a party whose policy sets no rate (docs/contract.md §10's example value). */
export const DEFAULT_RATE_PER_MINUTE = 600;

/** Refuses a message kind the party's policy does not allow (403); no list means every kind its role may send. */
export function requireAllowedKind(principal: Principal, kind: MessageKind): void {
  const allowed = principal.party.policy?.allowedKinds;
  if (allowed && !allowed.includes(kind)) {
    throw new ForbiddenError(
      'kind_not_allowed',
      `Party ${principal.partyId} may not send "${kind}" messages (policy.allowedKinds).`,
    );
  }
}

/** Takes one request from the party's budget; 429 with Retry-After when it is spent. */
export async function enforceRateLimit(
  limiter: RateLimiter,
  principal: Principal,
  nowMs: number,
): Promise<void> {
  const perMinute = principal.party.policy?.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE;
  const retryAfterSeconds = await limiter.take(principal.partyId, perMinute, nowMs);
  if (retryAfterSeconds !== undefined) throw new RateLimitedError(retryAfterSeconds);
}
