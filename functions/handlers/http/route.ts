/**
 * Every HTTP route is built the same way, so a handler file holds only its route's
 * logic: problem details for every failure, format negotiation, authentication and
 * body checks, in that order.
 */
import type { TokenRules } from '../../core/auth/verify-access-token.js';
import type { CursorSeal } from '../../core/paging/cursor-seal.js';
import type { AuditSigner } from '../../core/ports/audit-signer.js';
import type { ClientSecrets } from '../../core/ports/client-secrets.js';
import type { ConnectionStore } from '../../core/ports/connections.js';
import type { MessageArchive } from '../../core/ports/message-archive.js';
import type { Metrics } from '../../core/ports/metrics.js';
import type { PortName, Ports } from '../../core/ports/ports.js';
import type { RateLimiter } from '../../core/ports/rate-limiter.js';
import type { Principal } from '../../core/use-cases/context.js';
import type { PartyRegistrationDeps } from '../../core/use-cases/parties/put-party.js';
import type { MessageKind } from '../../core/use-cases/party-policy.js';
import type { RawBody } from '../../core/wire/read-body.js';
import type { GatewayHttpEvent, HttpEvent, HttpResult } from './http-types.js';
import { archiveBody } from './middleware/archive-body.js';
import { authenticate } from './middleware/authenticate.js';
import { connectionRules } from './middleware/connection-rules.js';
import { partyPolicy } from './middleware/party-policy.js';
import { readRawBody } from './middleware/read-raw-body.js';
import { headerOf } from './negotiate.js';
import {
  type HttpBasics,
  type HttpHandler,
  type PublicRouteOptions,
  publicRoute,
  routeChain,
  routeHandler,
} from './public-route.js';

export {
  type HttpBasics,
  type HttpHandler,
  type PublicRouteOptions,
  pathParameter,
  REQUEST_DEADLINE_MS,
} from './public-route.js';

/** What an authenticated route needs on top: the party registry (token → party) and the request budget. */
export interface AuthDeps extends HttpBasics, Pick<Ports, 'parties'> {
  /** Seals pagination cursors (opaque outside the gateway); absent: cursors pass as the store wrote them. */
  cursorSeal?: CursorSeal;
  /** Accepted messages and refused requests are counted here (EMF on AWS). */
  metrics?: Metrics;
  /** The verbatim archive of every body received; absent where nothing is archived. */
  archive?: MessageArchive;
  /** Per-party request budget; absent in tests that do not exercise it. */
  rateLimiter?: RateLimiter;
  /** Bearer-token rules beyond the authorizer's (default: at most 1 h from iat to exp). */
  tokenRules?: Pick<TokenRules, 'maxLifetimeSeconds'>;
  /** How long a request may take before it is answered 503 (default {@link REQUEST_DEADLINE_MS}). */
  requestDeadlineMs?: number;
  /**
   * Connection state for the rules of п.90-1(1)–(3) (connection points, blocks and what
   * they count). Every Lambda entry and the local runtime wire it; absent only in tests
   * that do not exercise the rules.
   */
  connections?: ConnectionStore;
  /** Signs and verifies the daily digests of audit chain heads (KMS on AWS, a key file locally). */
  auditSigner?: AuditSigner;
}

/** The deps of an authenticated route whose use case uses the ports named `K`. */
export type RouteDeps<K extends PortName = never> = AuthDeps & Pick<Ports, K>;

/** Everything any route needs: what the route table and the local server build every route from. */
export type HttpDeps = RouteDeps<Exclude<PortName, 'rateLimiter'>> &
  PartyRegistrationDeps & { clientSecrets: ClientSecrets };

export interface RouteOptions {
  auth: 'required';
  /** Whether the route reads a body: required, optional (acks), or none. */
  body?: 'required' | 'optional';
  /** The message kind the route accepts, checked against the party's `policy.allowedKinds`. */
  kind?: MessageKind;
  /**
   * Routes that answer one fixed media type (HTML pages, the OpenAPI document, PDFs, CSV)
   * set this to false: `Accept` does not choose JSON or XML for them (problems stay JSON).
   */
  negotiate?: boolean;
  /**
   * Media types the route answers besides JSON and XML when `Accept` asks for them
   * (`event.responseMediaType`); the compliance report's CSV and XLSX.
   */
  offers?: readonly string[];
}

/** The event as a route handler sees it: principal and body already checked. */
export interface RouteEvent extends GatewayHttpEvent {
  principal: Principal;
}

/** A public route: problem details and negotiation, no authentication and no data port. */
export function httpRoute(
  deps: HttpBasics,
  options: PublicRouteOptions,
  route: (event: GatewayHttpEvent) => Promise<HttpResult>,
): HttpHandler;
/** An authenticated route: the caller is resolved from the token and checked against its policy. */
export function httpRoute(
  deps: AuthDeps,
  options: RouteOptions,
  route: (event: RouteEvent) => Promise<HttpResult>,
): HttpHandler;
export function httpRoute(
  deps: HttpBasics &
    Partial<
      Pick<
        AuthDeps,
        'parties' | 'rateLimiter' | 'tokenRules' | 'archive' | 'requestDeadlineMs' | 'connections'
      >
    > &
    Partial<Pick<Ports, 'queue' | 'deliveries'>>,
  options: RouteOptions | PublicRouteOptions,
  route: (event: RouteEvent) => Promise<HttpResult>,
): HttpHandler {
  // The implementation's `route` is typed for the authenticated overload; a public route gets no principal.
  if (options.auth === 'public')
    return publicRoute(deps, options, route as (event: GatewayHttpEvent) => Promise<HttpResult>);
  const chain = routeChain(deps, options.negotiate, options.offers ?? []);
  const { parties, connections } = deps;
  if (parties === undefined) throw new Error('An authenticated route needs the party store');
  // A block's connection.* deliveries are handed to the queue when the route wires it; else the outbox relay does.
  const connection = connections
    ? {
        ...deps,
        parties,
        connections,
        ...(deps.queue && deps.deliveries
          ? { queue: deps.queue, deliveries: deps.deliveries }
          : {}),
      }
    : undefined;
  chain.use(
    authenticate(parties, {
      now: deps.now,
      ...(deps.tokenRules ? { tokenRules: deps.tokenRules } : {}),
      ...(connection ? { connection } : {}),
    }),
  );
  // Counts 429s and hostile bodies: onError handlers run last-in first, before problemDetails renders.
  if (connection) chain.use(connectionRules({ ...connection, logger: deps.logger }));
  chain.use(
    partyPolicy({
      ...(options.kind ? { kind: options.kind } : {}),
      ...(deps.rateLimiter ? { rateLimiter: deps.rateLimiter } : {}),
      now: deps.now,
    }),
  );
  if (options.body) {
    chain.use(readRawBody({ optional: options.body === 'optional' }));
    // Kept before the route writes anything: no receipt for bytes that were not kept.
    if (deps.archive) chain.use(archiveBody(deps.archive, deps.now));
  }
  return routeHandler(chain, deps, options.kind, route);
}

export function idempotencyKeyOf(event: HttpEvent): string | undefined {
  const key = headerOf(event.headers, 'idempotency-key');
  return key === undefined || key.trim() === '' ? undefined : key.trim().slice(0, 256);
}

/** The body a route declared as required (the middleware has checked it). */
export function bodyOf(event: GatewayHttpEvent): RawBody {
  if (!event.rawBody) throw new Error('Route declared a body but none was read');
  return event.rawBody;
}

/**
 * Runs a list use case with its cursor opened on the way in and the next one sealed on
 * the way out, bound to the route and the caller (issue #12 item 7: no table keys in
 * responses, and a cursor is useless on another route or to another party).
 */
export async function sealedPage<T extends { nextCursor?: string }>(
  deps: Pick<AuthDeps, 'cursorSeal'>,
  event: RouteEvent,
  route: string,
  list: (query: Readonly<Record<string, string | undefined>> | undefined) => Promise<T>,
): Promise<T> {
  const seal = deps.cursorSeal;
  if (!seal) return list(event.queryStringParameters);
  const scope = `${route}|${event.principal.partyId}`;
  const query = event.queryStringParameters;
  const cursor = query?.cursor;
  const opened =
    cursor === undefined || cursor === '' ? query : { ...query, cursor: seal.open(cursor, scope) };
  const result = await list(opened);
  return result.nextCursor === undefined
    ? result
    : { ...result, nextCursor: seal.seal(result.nextCursor, scope) };
}
