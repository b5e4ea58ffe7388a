/**
 * The local stand-in for API Gateway's authorizer: it verifies the bearer token
 * before any handler runs, and only tokens signed by the development key pass, under
 * the gateway's one set of token rules (`functions/core/auth/verify-access-token.ts`).
 */
import type { JWTPayload } from 'jose';
import {
  bearerTokenOf,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  type TokenRules,
  verifyAccessToken,
} from '../../core/auth/verify-access-token.js';
import { AuthenticationError } from '../../core/errors.js';
import { DEV_KEY_ALGORITHM, type DevKey } from './dev-key.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from './local-token.js';

/** Clock skew allowed on `exp`, `nbf` and `iat`, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = DEFAULT_CLOCK_TOLERANCE_SECONDS;

/** The rules local tokens are held to (the development key's issuer and audience). */
export function localTokenRules(
  maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
): TokenRules {
  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    algorithms: [DEV_KEY_ALGORITHM],
    maxLifetimeSeconds,
    clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
  };
}

/**
 * Verifies `Authorization: Bearer <jwt>` against the development key and returns its
 * claims. Throws {@link AuthenticationError}: `missing_credentials`, or any refusal of
 * {@link verifyAccessToken}.
 */
export async function verifyBearer(
  authorizationHeader: string | undefined,
  key: Pick<DevKey, 'publicKey' | 'kid'>,
  options: { now?: Date; maxLifetimeSeconds?: number } = {},
): Promise<JWTPayload> {
  const token = bearerTokenOf(authorizationHeader);
  if (token === undefined) {
    throw new AuthenticationError(
      'missing_credentials',
      'Send Authorization: Bearer <token> (npm run token).',
    );
  }
  return verifyAccessToken(
    token,
    { kid: key.kid, key: key.publicKey },
    localTokenRules(options.maxLifetimeSeconds),
    options.now ?? new Date(),
  );
}
