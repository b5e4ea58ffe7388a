/**
 * API Gateway HTTP API (payload 2.0) events for in-process route tests: the same
 * builder the local server uses (`functions/local/http/api-gateway-event.ts`), so an
 * event here is the event a deployed handler receives. Shared by the route tests and
 * anything that drives `ROUTES` directly (fuzzing every route, grant recording).
 */
import type { JWTPayload } from 'jose';
import type { Role } from '../../functions/core/model/messages.js';
import type { HttpEvent } from '../../functions/handlers/http/http-types.js';
import { ROUTES, type RouteDefinition } from '../../functions/handlers/http/routes.js';
import { toApiGatewayEvent } from '../../functions/local/http/api-gateway-event.js';
import { createRouteMatcher } from '../../functions/local/http/route-matcher.js';

const matcher = createRouteMatcher(ROUTES);

export interface ApiRequest {
  method: RouteDefinition['method'];
  /** Path and query as sent, percent-encoded (`/v1/incidents?limit=2`). */
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Verified JWT claims; absent means no `authorizer` (as on public routes, or no token). */
  claims?: JWTPayload;
  receivedAt?: Date;
}

/** The route `request` reaches and the event API Gateway would hand its Lambda. */
export function apiEvent(request: ApiRequest): { route: RouteDefinition; event: HttpEvent } {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const match = matcher.match(request.method, rawPath);
  if (match.kind !== 'found') throw new Error(`No route for ${request.method} ${rawPath}`);
  const body =
    request.body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(request.body)
        ? request.body
        : Buffer.from(request.body, 'utf8');
  const event = toApiGatewayEvent(
    {
      method: request.method,
      url: request.url,
      headers: { host: 'api.test', ...request.headers },
      body,
      sourceIp: '203.0.113.10',
      httpVersion: '1.1',
      receivedAt: request.receivedAt ?? new Date(),
    },
    {
      path: match.route.path,
      pathParameters: match.pathParameters,
      ...(request.claims === undefined ? {} : { claims: request.claims }),
    },
  );
  return { route: match.route, event };
}

/** Claims of a client-credentials token for `clientId` with the scope of `role`, valid around `at`. */
export function tokenClaims(clientId: string, role: Role | (string & {}), at: Date): JWTPayload {
  const iat = Math.floor(at.getTime() / 1000) - 60;
  return { client_id: clientId, scope: `ncc-gateway/${role}`, iat, exp: iat + 3_000 };
}

/** A concrete URL for every route template (placeholders filled with `ids`, else a sample). */
export function sampleUrl(route: RouteDefinition, ids: Record<string, string> = {}): string {
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = ids[name] ?? SAMPLE_PARAMETERS[name];
    if (value === undefined) throw new Error(`No sample for {${name}}`);
    return encodeURIComponent(value);
  });
}

const SAMPLE_PARAMETERS: Record<string, string> = {
  id: 'inc_01JD0000000000000000000000',
  name: 'incident-notification.schema.json',
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
};
