/**
 * What every HTTP route is built on, and the whole of a public one (health, time,
 * catalogue, schemas, docs): invocation logging, problem details, format negotiation and
 * the request deadline. Authenticated routes add their middleware in `route.ts`.
 *
 * Its own module so a public route's Lambda bundle holds none of the authentication,
 * connection-rule, rate-limit or body middleware (and none of the node:crypto and
 * node:net they load at cold start): issue #13, a public route's cold import against a
 * bare node process.
 */
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { DependencyUnavailableError, OutcomeUnknownError } from '../../core/errors.js';
import { METRIC, type Metrics, NO_METRICS } from '../../core/ports/metrics.js';
import type { GatewayDeps } from '../../core/use-cases/context.js';
import type { MessageKind } from '../../core/use-cases/party-policy.js';
import { invocationLogging, requestIdOf } from '../invocation-logging.js';
import type { Logger } from '../logger.js';
import { edgeOrigin } from './edge-origin.js';
import type { GatewayHttpEvent, HttpEvent, HttpResult } from './http-types.js';
import { negotiation } from './middleware/negotiation.js';
import { problemDetails, problemResponse } from './middleware/problem-details.js';

/** What every HTTP route needs: the core's clock, ids and log, and a logger. Public routes need nothing more. */
export interface HttpBasics extends GatewayDeps {
  logger: Logger;
  /** The secret CloudFront adds to what it forwards (AWS only; ./edge-origin.ts). */
  edgeOriginSecret?: string;
}

/** What the chain every route starts with reads besides the basics (all optional). */
export interface ChainDeps extends HttpBasics {
  /** How long a request may take before it is answered 503 (default {@link REQUEST_DEADLINE_MS}). */
  requestDeadlineMs?: number;
}

export interface PublicRouteOptions {
  /** Public routes (health, catalogue, schemas) skip authentication. */
  auth: 'public';
  /**
   * Routes that answer one fixed media type (HTML pages, the OpenAPI document) set this
   * to false: `Accept` does not choose JSON or XML for them (problems stay JSON).
   */
  negotiate?: boolean;
  /** The message kind counted as accepted on success (metrics only: nothing checks it). */
  kind?: MessageKind;
}

export type HttpHandler = (event: HttpEvent, context?: Context) => Promise<HttpResult>;

/** A route's middy chain, before its handler is set. */
export type RouteChain = MiddyfiedHandler<GatewayHttpEvent, HttpResult>;

/**
 * Every request is answered within this time (issue #14 item 7): a hung dependency gets
 * the caller a 503 in under 5 s instead of holding it for the SDK's retries. A read is
 * `dependency_unavailable`; a write is `outcome_unknown`, because the store may still
 * apply what it was sent — a retry with the same body or Idempotency-Key is then a replay.
 */
export const REQUEST_DEADLINE_MS = 4_500;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves with the handler's answer, or with a 503 problem once `deadlineMs` has passed. */
async function withinDeadline(
  answer: Promise<HttpResult>,
  deadlineMs: number,
  event: GatewayHttpEvent,
  logger: Logger,
  metrics: Metrics,
): Promise<HttpResult> {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<HttpResult>((resolve) => {
    timer = setTimeout(() => {
      const method = event.requestContext?.http?.method ?? 'GET';
      const error = READ_METHODS.has(method)
        ? new DependencyUnavailableError('A dependency of the gateway')
        : new OutcomeUnknownError();
      resolve(problemResponse(error, event, logger, metrics));
    }, deadlineMs);
  });
  try {
    return await Promise.race([answer, overdue]);
  } finally {
    clearTimeout(timer);
    // The late answer is dropped; a late failure must not become an unhandled rejection.
    answer.catch((error: unknown) => logger.error('Request failed after its deadline', { error }));
  }
}

/** Stands in for the Lambda context where there is none (local server, tests). */
const NO_LAMBDA_CONTEXT = {
  functionName: 'local',
  awsRequestId: 'local',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

/** The keys every log line of an HTTP request carries. */
function requestKeys(event: GatewayHttpEvent): Record<string, string> {
  const requestId = requestIdOf(event);
  return requestId === undefined ? {} : { requestId };
}

/**
 * The middleware every route starts with: logging first (its `onError` runs last),
 * problem details, then negotiation unless the route answers one fixed media type.
 */
export function routeChain(
  deps: ChainDeps,
  negotiate: boolean | undefined,
  offers: readonly string[] = [],
): RouteChain {
  const chain = middy<GatewayHttpEvent, HttpResult>()
    .use(invocationLogging<GatewayHttpEvent, HttpResult>(deps.logger, requestKeys))
    .use(problemDetails(deps.logger, deps.metrics ?? NO_METRICS))
    .use(edgeOrigin<GatewayHttpEvent, HttpResult>(deps.edgeOriginSecret, deps.logger));
  if (negotiate !== false) chain.use(negotiation(offers));
  return chain;
}

/** The chain's handler: the route, its success counted by `kind`, answered within the deadline. */
export function routeHandler<E extends GatewayHttpEvent>(
  chain: RouteChain,
  deps: ChainDeps,
  kind: MessageKind | undefined,
  route: (event: E) => Promise<HttpResult>,
): HttpHandler {
  const metrics = deps.metrics ?? NO_METRICS;
  const handler = chain.handler(async function runRoute(event) {
    const result = await route(event as E);
    if (kind && (result.statusCode ?? 200) < 300) {
      metrics.count(METRIC.accepted, { kind });
    }
    return result;
  });
  const deadlineMs = deps.requestDeadlineMs ?? REQUEST_DEADLINE_MS;
  return (event, context) =>
    withinDeadline(
      handler(event as GatewayHttpEvent, context ?? NO_LAMBDA_CONTEXT),
      deadlineMs,
      event as GatewayHttpEvent,
      deps.logger,
      metrics,
    );
}

/** A public route: problem details and negotiation, no authentication and no data port. */
export function publicRoute(
  deps: ChainDeps,
  options: PublicRouteOptions,
  route: (event: GatewayHttpEvent) => Promise<HttpResult>,
): HttpHandler {
  return routeHandler(routeChain(deps, options.negotiate), deps, options.kind, route);
}

/** A path parameter that the route template guarantees (API Gateway would not route without it). */
export function pathParameter(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (value === undefined || value === '')
    throw new Error(`Route is missing path parameter ${name}`);
  // API Gateway (and the local server) pass path parameters already URL-decoded.
  return value;
}
