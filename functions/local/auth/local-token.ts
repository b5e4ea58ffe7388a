/**
 * Tokens as Cognito's client-credentials flow would issue them, signed by the local
 * development key: `sub` and `client_id` name the party's OAuth2 client, `scope`
 * carries its role (`ncc-gateway/<role>`, see the authenticate middleware).
 */
import { SignJWT } from 'jose';
import type { Role } from '../../core/model/messages.js';
import { SCOPE_PREFIX } from '../../handlers/http/middleware/authenticate.js';
import { DEV_KEY_ALGORITHM, type DevKey } from './dev-key.js';

/** `iss` of every local token; the local authorizer accepts no other. */
export const LOCAL_ISSUER = 'ncc-gateway-local';
/** `aud` of every local token (the API's identifier). */
export const LOCAL_AUDIENCE = 'ncc-gateway';
/** One hour, like a Cognito access token. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3_600;

export interface LocalTokenRequest {
  /** The party's OAuth2 client id; locally the party id. */
  partyId: string;
  /** A {@link Role}; tests may pass any other string to get a scope no party holds. */
  role: Role | (string & {});
  ttlSeconds?: number;
  /** Issue time; tests pass a past or future instant to get expired or not-yet-valid tokens. */
  now?: Date;
}

/** Signs a bearer token for `partyId` acting as `role`. */
export async function signLocalToken(
  key: Pick<DevKey, 'privateKey' | 'kid'>,
  { partyId, role, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS, now = new Date() }: LocalTokenRequest,
): Promise<string> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ client_id: partyId, scope: `${SCOPE_PREFIX}${role}`, token_use: 'access' })
    .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, typ: 'JWT', kid: key.kid })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(partyId)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(key.privateKey);
}
