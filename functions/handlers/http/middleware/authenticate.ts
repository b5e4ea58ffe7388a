import type { MiddlewareObj } from '@middy/core';
import { checkTokenTimes, type TokenRules } from '../../../core/auth/verify-access-token.js';
import { AuthenticationError, ForbiddenError } from '../../../core/errors.js';
import type { Role } from '../../../core/model/messages.js';
import type { PartyStore } from '../../../core/ports/parties.js';
import type { Clock } from '../../../core/time.js';
import type { ConnectionDeps } from '../../../core/use-cases/connections/block-connection.js';
import { admitConnection } from '../../../core/use-cases/connections/guard-connection.js';
import type { Principal } from '../../../core/use-cases/context.js';
import type { GatewayHttpEvent, HttpResult } from '../http-types.js';

/** Scopes carry the role: `ncc-gateway/<role>` (one Cognito resource-server scope per role). */
export const SCOPE_PREFIX = 'ncc-gateway/';

const ROLES: readonly Role[] = ['soc', 'ncc', 'owner', 'authority', 'admin'];

/**
 * Resolves the caller from the verified JWT claims (verified by API Gateway's JWT
 * authorizer on AWS, by the local authorizer locally) and the party registry:
 * the token's client must be a registered party, its scope must name that party's
 * role, and the party's connection must not be blocked.
 */
export async function principalFromClaims(
  claims: Record<string, unknown> | undefined,
  parties: PartyStore,
): Promise<Principal> {
  const clientId =
    typeof claims?.client_id === 'string'
      ? claims.client_id
      : typeof claims?.sub === 'string'
        ? claims.sub
        : undefined;
  if (!claims || clientId === undefined) {
    throw new AuthenticationError(
      'missing_credentials',
      'Send a bearer token (OAuth2 client credentials).',
    );
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  const scopedRoles = scopes
    .filter((s) => s.startsWith(SCOPE_PREFIX))
    .map((s) => s.slice(SCOPE_PREFIX.length))
    .filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  const party = await parties.findPartyByClientId(clientId);
  if (!party)
    throw new ForbiddenError(
      'party_not_registered',
      "The token's client is not a registered party.",
    );
  if (!scopedRoles.includes(party.role)) {
    throw new ForbiddenError(
      'role_not_granted',
      `The token does not carry scope ${SCOPE_PREFIX}${party.role}.`,
    );
  }
  if (party.blocked) {
    throw new ForbiddenError(
      'connection_blocked',
      `The connection of party ${party.id} is blocked (${party.blocked.reason}); ask an NCC administrator to unblock it.`,
    );
  }
  return { partyId: party.id, role: party.role, party, clientId };
}

/**
 * The claims the authorizer in front verified: the gateway's Lambda authorizer on AWS
 * (`authorizer.lambda`, see functions/handlers/authorizer/authorize.ts), a JWT
 * authorizer (`authorizer.jwt.claims`), or the local server's.
 */
export function verifiedClaimsOf(event: GatewayHttpEvent): Record<string, unknown> | undefined {
  const authorizer = event.requestContext.authorizer as
    | { jwt?: { claims?: Record<string, unknown> }; lambda?: Record<string, unknown> }
    | undefined;
  return authorizer?.lambda ?? authorizer?.jwt?.claims;
}

/**
 * Puts the {@link Principal} on the event, or fails with 401/403. The authorizer in
 * front (API Gateway's authorizer on AWS, the local one locally) verified the
 * signature; the gateway's own time rules (maximum lifetime, `iat` not in the future)
 * are applied here too. Given the connection deps, also applies the connection rules
 * (п.90-1(1)–(3)): registered connection point, block, inactivity.
 */
export function authenticate(
  parties: PartyStore,
  options: {
    now: Clock;
    tokenRules?: Pick<TokenRules, 'maxLifetimeSeconds'>;
    connection?: ConnectionDeps;
  },
): MiddlewareObj<GatewayHttpEvent, HttpResult> {
  const { connection } = options;
  return {
    before: async function resolvePrincipal(request) {
      const claims = verifiedClaimsOf(request.event);
      if (claims) checkTokenTimes(claims, options.tokenRules ?? {}, options.now());
      const principal = await principalFromClaims(claims, parties);
      if (connection) {
        const iat = Number(claims?.iat);
        request.event.connection = await admitConnection(
          connection,
          principal.party,
          request.event.requestContext.http?.sourceIp,
          Number.isFinite(iat) ? { issuedAtSeconds: iat } : {},
        );
      }
      const sourceIp = request.event.requestContext.http?.sourceIp;
      request.event.principal =
        sourceIp === undefined ? principal : { ...principal, connectionPoint: sourceIp };
    },
  };
}
