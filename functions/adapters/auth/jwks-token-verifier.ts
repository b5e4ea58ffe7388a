/**
 * Verifies the parties' bearer tokens against the issuer's published keys (Cognito's
 * JWKS on AWS) under the gateway's one set of token rules. The key set is fetched once
 * per process and cached by jose (refetched for an unknown `kid`, at most every 30 s),
 * so a warm authorizer verifies without a network call.
 */
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import {
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  verifyAccessToken,
} from '../../core/auth/verify-access-token.js';
import { AuthenticationError, DependencyUnavailableError } from '../../core/errors.js';

/** Verifies one bearer token at `now`; throws AuthenticationError, or DependencyUnavailableError when the keys cannot be read. */
export type TokenVerifier = (token: string, now: Date) => Promise<JWTPayload>;

export interface JwksVerifierOptions {
  /** `iss` tokens must carry; the key set is read from `<issuer>/.well-known/jwks.json`. */
  issuer: string;
  maxLifetimeSeconds: number;
  /** Time allowed for fetching the key set (default 3 s, inside the authorizer's budget). */
  fetchTimeoutMs?: number;
}

/**
 * A key resolver whose failures to *reach* the key set are a dependency outage, not a bad
 * token: a JWKS outage must not be counted as authentication failures (п.90-1(3)) and
 * block every party whose token arrives meanwhile.
 */
function outageAware(keys: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys
      )
        throw error;
      throw new DependencyUnavailableError('The token issuer’s key set', { cause: error });
    }
  };
}

export function createJwksTokenVerifier(options: JwksVerifierOptions): TokenVerifier {
  const issuer = options.issuer.replace(/\/+$/, '');
  const keys = outageAware(
    createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), {
      timeoutDuration: options.fetchTimeoutMs ?? 3_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    }),
  );
  return async (token, now) => {
    const claims = await verifyAccessToken(
      token,
      keys,
      {
        issuer,
        // Cognito signs with RS256; pinning it refuses `none` and HS256-with-the-public-key.
        algorithms: ['RS256'],
        maxLifetimeSeconds: options.maxLifetimeSeconds,
        clockToleranceSeconds: DEFAULT_CLOCK_TOLERANCE_SECONDS,
      },
      now,
    );
    // Cognito also signs ID tokens with these keys; only an access token carries the scopes.
    if (claims.token_use !== undefined && claims.token_use !== 'access')
      throw new AuthenticationError('token_invalid', 'Send an access token, not an ID token.');
    return claims;
  };
}
