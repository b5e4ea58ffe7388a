/**
 * The API's Lambda REQUEST authorizer (issue #9 item 2, п.90-1(1)–(3)): one place on AWS
 * that checks, before any route function runs, the bearer token (signature, issuer,
 * lifetime, against the issuer's JWKS), that its client is a registered party with the
 * role its scope names, the connection point, and the connection block — and counts a
 * failed token toward the authentication-failure limit of the parties whose connection
 * point it came from. A refused request never reaches a route function.
 *
 * API Gateway caches an answer for {@link AUTHORIZER_CACHE_SECONDS} per token and caller
 * address, so a block takes effect within that time (п.90-1(3) asks for "within a minute").
 * The route still resolves the party and re-checks the block (defence in depth; the
 * local server has no authorizer in front of the same handlers' checks).
 */
import middy from '@middy/core';
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
  Context,
} from 'aws-lambda';
import type { TokenVerifier } from '../../adapters/auth/jwks-token-verifier.js';
import { bearerTokenOf } from '../../core/auth/verify-access-token.js';
import { AuthenticationError, ForbiddenError } from '../../core/errors.js';
import type { ConnectionDeps } from '../../core/use-cases/connections/block-connection.js';
import { admitConnection } from '../../core/use-cases/connections/guard-connection.js';
import { countAuthFailure } from '../http/auth-failures.js';
import { callerAddressOf } from '../http/edge-origin.js';
import { principalFromClaims } from '../http/middleware/authenticate.js';
import type { HttpBasics } from '../http/route.js';
import { invocationLogging, requestIdOf } from '../invocation-logging.js';
import { logErrors } from '../log-errors.js';

/** How long API Gateway keeps an answer (per token and caller address): the longest a block waits. */
export const AUTHORIZER_CACHE_SECONDS = 30;

/**
 * What the route functions receive as `requestContext.authorizer.lambda`: the verified
 * claims they read (`client_id`, `scope`, `iat`, `exp`, under the names a JWT carries them)
 * and the party the token resolved to.
 */
export interface AuthorizerContext {
  client_id: string;
  scope: string;
  iat: number;
  exp: number;
  partyId: string;
  [key: string]: string | number;
}

export type AuthorizerResult =
  | APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>
  | { isAuthorized: false };

export interface AuthorizerDeps extends HttpBasics, ConnectionDeps {
  verifyToken: TokenVerifier;
}

export function buildAuthorizer(deps: AuthorizerDeps) {
  async function authorize(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
    const authorization = event.headers?.authorization;
    let sourceIp: string | undefined;
    try {
      // Behind CloudFront: the caller's address, and only for requests that came through it.
      sourceIp = callerAddressOf(event, deps.edgeOriginSecret, deps.logger);
    } catch (error) {
      // Around the edge: refused, counted toward no party (it names none that can be trusted).
      if (error instanceof ForbiddenError) return { isAuthorized: false };
      throw error;
    }
    const token = bearerTokenOf(authorization);
    let claims: Record<string, unknown>;
    try {
      if (token === undefined)
        throw new AuthenticationError('missing_credentials', 'No bearer token.');
      claims = (await deps.verifyToken(token, deps.now())) as Record<string, unknown>;
    } catch (error) {
      // Anything but a refused token (the issuer's keys unreachable) is an outage: it
      // fails the invocation (API Gateway answers 500) and counts toward nobody.
      if (!(error instanceof AuthenticationError)) throw error;
      deps.log.warn('Token refused by the authorizer', { code: error.code, sourceIp });
      await countAuthFailure(deps, { sourceIp, authorization, code: error.code });
      return { isAuthorized: false };
    }
    try {
      const principal = await principalFromClaims(claims, deps.parties);
      await admitConnection(deps, principal.party, sourceIp);
      return {
        isAuthorized: true,
        context: {
          client_id: String(claims.client_id ?? claims.sub),
          scope: String(claims.scope ?? ''),
          iat: Number(claims.iat),
          exp: Number(claims.exp),
          partyId: principal.partyId,
          // For the access log: behind CloudFront its sourceIp is the edge's.
          callerAddress: sourceIp ?? '',
        },
      };
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      deps.log.warn('Request refused by the authorizer', { code: error.code, sourceIp });
      return { isAuthorized: false };
    }
  }

  return middy<APIGatewayRequestAuthorizerEventV2, AuthorizerResult, Error, Context>()
    .use(
      invocationLogging<APIGatewayRequestAuthorizerEventV2, AuthorizerResult>(
        deps.logger,
        (e): Record<string, string> => {
          const requestId = requestIdOf(e);
          return requestId === undefined ? {} : { requestId };
        },
      ),
    )
    .use(logErrors(deps.logger, 'Authorizer'))
    .handler(authorize);
}
