/**
 * The local stand-in for API Gateway's JWT authorizer: it verifies the bearer token
 * before any handler runs, and only tokens signed by the development key pass.
 */
import { type CryptoKey, errors, type JWTPayload, jwtVerify } from 'jose';
import { AuthenticationError } from '../../core/errors.js';
import { DEV_KEY_ALGORITHM } from './dev-key.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from './local-token.js';

/** Clock skew allowed on `exp` and `nbf`, in seconds (hosts are rarely in perfect sync). */
export const CLOCK_TOLERANCE_SECONDS = 60;

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerTokenOf(authorizationHeader: string | undefined): string | undefined {
  return authorizationHeader === undefined
    ? undefined
    : BEARER.exec(authorizationHeader.trim())?.[1];
}

function claimFailure(error: errors.JWTClaimValidationFailed): AuthenticationError {
  switch (error.claim) {
    case 'aud':
      return new AuthenticationError(
        'wrong_audience',
        `The token is not meant for ${LOCAL_AUDIENCE}.`,
        { cause: error },
      );
    case 'iss':
      return new AuthenticationError(
        'wrong_issuer',
        `The token was not issued by ${LOCAL_ISSUER}.`,
        { cause: error },
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
function authenticationFailure(error: unknown): unknown {
  if (error instanceof errors.JWTExpired) {
    return new AuthenticationError('token_expired', 'The token has expired; request a new one.', {
      cause: error,
    });
  }
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error);
  if (error instanceof errors.JOSEError) {
    // Bad signature, a disallowed alg (none, HS256 keyed with the public key), or garbage.
    return new AuthenticationError('token_invalid', 'The token could not be verified.', {
      cause: error,
    });
  }
  return error;
}

/**
 * Verifies `Authorization: Bearer <jwt>` against the development public key and
 * returns its claims. Throws {@link AuthenticationError}: `missing_credentials`,
 * `token_expired`, `token_not_yet_valid`, `token_invalid`, `wrong_audience` or `wrong_issuer`.
 */
export async function verifyBearer(
  authorizationHeader: string | undefined,
  publicKey: CryptoKey,
  options: { now?: Date } = {},
): Promise<JWTPayload> {
  const token = bearerTokenOf(authorizationHeader);
  if (token === undefined) {
    throw new AuthenticationError(
      'missing_credentials',
      'Send Authorization: Bearer <token> (npm run token).',
    );
  }
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      // Pinning the algorithm is what defeats `alg: none` and HS256-with-the-public-key forgeries.
      algorithms: [DEV_KEY_ALGORITHM],
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
      ...(options.now === undefined ? {} : { currentDate: options.now }),
    });
    return payload;
  } catch (error) {
    throw authenticationFailure(error);
  }
}
