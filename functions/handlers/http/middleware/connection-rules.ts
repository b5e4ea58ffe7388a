import type { MiddlewareObj } from '@middy/core';
import { isHostileInput } from '../../../core/connection/hostile-input.js';
import { GatewayError, RateLimitedError } from '../../../core/errors.js';
import type { ConnectionDeps } from '../../../core/use-cases/connections/block-connection.js';
import {
  recordReads,
  recordStrike,
  recordVisit,
} from '../../../core/use-cases/connections/guard-connection.js';
import type { Logger } from '../../logger.js';
import type { GatewayHttpEvent, HttpResult } from '../http-types.js';

/**
 * Counts what the blocking rules of п.90-1(3) read, after the route ran: rate breaches
 * and hostile requests from the error a request ended with, items read from what a
 * listing returned, and the visit of a request that succeeded. A failure to count is logged, never turned into the caller's error.
 */
export function connectionRules(
  deps: ConnectionDeps & { logger: Logger },
): MiddlewareObj<GatewayHttpEvent, HttpResult> {
  return {
    after: async function countReadsAndVisit(request) {
      const { principal, itemsRead, connection } = request.event;
      if (!principal) return;
      if (itemsRead !== undefined) {
        await recordReads(deps, principal, itemsRead, {
          sourceIp: request.event.requestContext.http?.sourceIp,
          source: request.event.routeKey,
        });
      }
      if (connection === undefined) return;
      try {
        await recordVisit(deps, principal.partyId, connection);
      } catch (visitError) {
        // The route's answer stands: a missed visit only makes inactivity count from an earlier one.
        deps.logger.error('Could not record a visit toward the connection rules', {
          partyId: principal.partyId,
          error: visitError instanceof Error ? visitError.message : String(visitError),
        });
      }
    },
    onError: async function countStrikes(request) {
      const { principal } = request.event;
      const error = request.error;
      if (!principal || !(error instanceof GatewayError)) return;
      const kind =
        error instanceof RateLimitedError
          ? ('rate_breach' as const)
          : isHostileInput(error)
            ? ('hostile_input' as const)
            : undefined;
      if (!kind) return;
      try {
        await recordStrike(deps, principal, kind, {
          sourceIp: request.event.requestContext.http?.sourceIp,
          code: error.code,
          source: request.event.routeKey,
        });
      } catch (countError) {
        deps.logger.error('Could not count a strike toward the connection rules', {
          partyId: principal.partyId,
          kind,
          error: countError instanceof Error ? countError.message : String(countError),
        });
      }
    },
  };
}
