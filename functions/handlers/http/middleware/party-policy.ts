import type { MiddlewareObj } from '@middy/core';
import type { RateLimiter } from '../../../core/ports/rate-limiter.js';
import type { Clock } from '../../../core/time.js';
import {
  enforceRateLimit,
  type MessageKind,
  requireAllowedKind,
} from '../../../core/use-cases/party-policy.js';
import type { GatewayHttpEvent, HttpResult } from '../http-types.js';

/** Applies the caller's policy after authentication: allowed message kinds, then the rate limit. */
export function partyPolicy(options: {
  kind?: MessageKind;
  rateLimiter?: RateLimiter;
  now: Clock;
}): MiddlewareObj<GatewayHttpEvent, HttpResult> {
  return {
    before: async function applyPartyPolicy(request) {
      const principal = request.event.principal;
      if (!principal) return;
      if (options.kind) requireAllowedKind(principal, options.kind);
      if (options.rateLimiter)
        await enforceRateLimit(options.rateLimiter, principal, options.now().getTime());
    },
  };
}
