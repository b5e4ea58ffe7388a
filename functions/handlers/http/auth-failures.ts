/**
 * What the local server and the AWS Lambda authorizer do with a token that failed
 * verification: count it toward the connection rules (п.90-1(3), authentication-failure
 * limit). The token's claims are read unverified only to name the party it claims to
 * be, which matters only for a party without registered connection points.
 */
import { decodeJwt } from 'jose';
import { bearerTokenOf } from '../../core/auth/verify-access-token.js';
import type { ConnectionDeps } from '../../core/use-cases/connections/block-connection.js';
import { recordAuthFailure } from '../../core/use-cases/connections/guard-connection.js';

/** The `client_id` (or `sub`) an unverified bearer token claims, if it can be read at all. */
export function claimedClientIdOf(authorization: string | undefined): string | undefined {
  const token = bearerTokenOf(authorization);
  if (token === undefined) return undefined;
  try {
    const claims = decodeJwt(token);
    const id = typeof claims.client_id === 'string' ? claims.client_id : claims.sub;
    return typeof id === 'string' && id.length <= 128 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Counts one failed token from `sourceIp`. */
export function countAuthFailure(
  deps: ConnectionDeps,
  failure: { sourceIp: string | undefined; authorization: string | undefined; code: string },
): Promise<void> {
  return recordAuthFailure(deps, {
    sourceIp: failure.sourceIp,
    claimedClientId: claimedClientIdOf(failure.authorization),
    code: failure.code,
  });
}
