/**
 * The gateway's one set of rules for a bearer token (issue #12 item 6), used by every
 * place that verifies one: the local authorizer, the AWS Lambda REQUEST authorizer
 * (`adapters/auth/jwks-token-verifier.ts`), and — for the claims an authorizer has
 * already verified — the authenticate middleware.
 *
 * Beyond a valid signature, issuer, audience and expiry, a token must:
 * - be signed by the configured key: a `kid` that names no configured key is refused
 *   (`token_unknown_key`), so a token minted for another key never reaches a verifier;
 * - live at most `maxLifetimeSeconds` (`exp − iat`, default 1 h): a stolen long-lived
 *   token is refused even while unexpired (`token_lifetime_too_long`);
 * - not be issued in the future beyond the clock skew (`iat`, `token_not_yet_valid`).
 *
 * Nothing here logs, and no error message carries the token or any of its claims'
 * values beyond the claim's name.
 */
import {
  type CryptoKey,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { AuthenticationError } from '../errors.js';

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerTokenOf(authorizationHeader: string | undefined): string | undefined {
  return authorizationHeader === undefined
    ? undefined
    : BEARER.exec(authorizationHeader.trim())?.[1];
}

/** One hour, as Cognito's default access-token validity and the local tokens. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 3_600;
/** Skew allowed on `exp`, `nbf` and `iat`, in seconds (hosts are rarely in perfect sync). */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

/** What a verifier checks besides the signature. */
export interface TokenRules {
  /** `iss` the token must carry. */
  issuer: string;
  /**
   * `aud` the token must carry. Cognito access tokens carry no `aud` (their client is
   * `client_id`), so the AWS path leaves it out.
   */
  audience?: string;
  /** Accepted `alg` values; pinning them defeats `alg: none` and HS256-with-the-public-key. */
  algorithms: readonly string[];
  /** Longest `exp − iat` accepted (default {@link DEFAULT_MAX_TOKEN_LIFETIME_SECONDS}). */
  maxLifetimeSeconds?: number;
  /** Skew on `exp`, `nbf`, `iat` (default {@link DEFAULT_CLOCK_TOLERANCE_SECONDS}). */
  clockToleranceSeconds?: number;
}

/** One configured verification key and the `kid` tokens signed by it carry. */
export interface VerificationKey {
  kid: string;
  key: CryptoKey | Uint8Array;
}

/**
 * The keys a verifier trusts: one configured key (the local development key), or a
 * key set resolved by `kid` (Cognito's JWKS via jose's `createRemoteJWKSet`).
 */
export type TokenKeys = VerificationKey | JWTVerifyGetKey;

/** Seconds since the epoch from a numeric claim; API Gateway passes claims as strings. */
function numericClaim(claims: Record<string, unknown>, name: string): number | undefined {
  const value = claims[name];
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function invalidClaim(claim: string, reason: string): AuthenticationError {
  return new AuthenticationError(
    'token_invalid',
    `The token's "${claim}" claim is invalid: ${reason}.`,
  );
}

/**
 * The time rules on claims whose signature is already verified (by {@link verifyAccessToken},
 * or by API Gateway's JWT authorizer on the Cognito path): `exp` and `iat` present,
 * `iat` not in the future beyond the skew, `exp − iat` within the maximum lifetime,
 * and `exp` not past beyond the skew.
 */
export function checkTokenTimes(
  claims: Record<string, unknown>,
  rules: Pick<TokenRules, 'maxLifetimeSeconds' | 'clockToleranceSeconds'>,
  now: Date,
): void {
  const maxLifetime = rules.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const tolerance = rules.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = numericClaim(claims, 'exp');
  const iat = numericClaim(claims, 'iat');
  if (exp === undefined) throw invalidClaim('exp', 'missing or not a number');
  if (iat === undefined) throw invalidClaim('iat', 'missing or not a number');
  if (iat > nowSeconds + tolerance) {
    throw new AuthenticationError(
      'token_not_yet_valid',
      'The token was issued in the future (iat); check the issuer clock.',
    );
  }
  if (exp - iat > maxLifetime) {
    throw new AuthenticationError(
      'token_lifetime_too_long',
      `The token lives longer than ${maxLifetime} s (exp − iat); request a shorter-lived token.`,
    );
  }
  if (exp <= nowSeconds - tolerance) {
    throw new AuthenticationError('token_expired', 'The token has expired; request a new one.');
  }
}

function claimFailure(error: errors.JWTClaimValidationFailed, rules: TokenRules) {
  if (error.reason === 'missing')
    return new AuthenticationError(
      'token_invalid',
      `The token's "${error.claim}" claim is missing.`,
      {
        cause: error,
      },
    );
  switch (error.claim) {
    case 'aud':
      return new AuthenticationError(
        'wrong_audience',
        `The token is not meant for ${rules.audience ?? 'this gateway'}.`,
        { cause: error },
      );
    case 'iss':
      return new AuthenticationError(
        'wrong_issuer',
        `The token was not issued by ${rules.issuer}.`,
        {
          cause: error,
        },
      );
    case 'nbf':
    case 'iat':
      return new AuthenticationError('token_not_yet_valid', 'The token is not valid yet.', {
        cause: error,
      });
    default:
      return new AuthenticationError(
        'token_invalid',
        `The token's "${error.claim}" claim is invalid: ${error.reason}.`,
        { cause: error },
      );
  }
}

/** Maps jose's failures to stable codes; anything else is a bug and is rethrown. */
function verificationFailure(error: unknown, rules: TokenRules): unknown {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWTExpired) {
    return new AuthenticationError('token_expired', 'The token has expired; request a new one.', {
      cause: error,
    });
  }
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error, rules);
  if (error instanceof errors.JWKSNoMatchingKey) return unknownKey(error);
  if (error instanceof errors.JOSEError) {
    // Bad signature, a disallowed alg (none, HS256 keyed with the public key), or garbage.
    return new AuthenticationError('token_invalid', 'The token could not be verified.', {
      cause: error,
    });
  }
  // A malformed header or claims set fails while decoding, outside jose's error family.
  if (error instanceof TypeError || error instanceof SyntaxError) {
    return new AuthenticationError('token_invalid', 'The token could not be verified.', {
      cause: error,
    });
  }
  return error;
}

function unknownKey(cause?: unknown): AuthenticationError {
  return new AuthenticationError(
    'token_unknown_key',
    'The token is not signed by a key this gateway trusts (kid).',
    cause === undefined ? {} : { cause },
  );
}

/**
 * Verifies a compact JWS bearer token under the gateway's rules and returns its claims.
 * Throws {@link AuthenticationError} (401): `token_invalid`, `token_unknown_key`,
 * `token_expired`, `token_not_yet_valid`, `token_lifetime_too_long`, `wrong_audience`
 * or `wrong_issuer`.
 */
export async function verifyAccessToken(
  token: string,
  keys: TokenKeys,
  rules: TokenRules,
  now: Date,
): Promise<JWTPayload> {
  try {
    const header = decodeProtectedHeader(token);
    // A disallowed alg (none, HS256 keyed with the public key) is a forgery, whatever its kid.
    if (typeof header.alg !== 'string' || !rules.algorithms.includes(header.alg))
      throw new AuthenticationError('token_invalid', 'The token could not be verified.');
    if (typeof header.kid !== 'string') throw unknownKey();
    if (typeof keys !== 'function' && header.kid !== keys.kid) throw unknownKey();
    const { payload } = await jwtVerify(token, typeof keys === 'function' ? keys : keys.key, {
      algorithms: [...rules.algorithms],
      issuer: rules.issuer,
      ...(rules.audience === undefined ? {} : { audience: rules.audience }),
      clockTolerance: rules.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iat'],
      currentDate: now,
    });
    checkTokenTimes(payload as Record<string, unknown>, rules, now);
    return payload;
  } catch (error) {
    throw verificationFailure(error, rules);
  }
}
