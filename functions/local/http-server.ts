/**
 * The local stand-in for API Gateway's HTTP API (docs/contract.md §7): routes requests with the
 * same ROUTES table the CDK stack deploys, verifies bearer tokens on protected routes
 * as the JWT authorizer would, and feeds each handler a payload 2.0 event.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  AuthenticationError,
  GatewayError,
  MethodNotAllowedError,
  NotFoundError,
} from '../core/errors.js';
import type { HttpHandler } from '../handlers/http/route.js';
import type { RouteDefinition } from '../handlers/http/routes.js';
import type { Logger } from '../handlers/logger.js';
import type { DevKey } from './auth/dev-key.js';
import { verifyBearer } from './auth/local-authorizer.js';
import { toApiGatewayEvent } from './http/api-gateway-event.js';
import { readRequestBody } from './http/read-request-body.js';
import { createRouteMatcher } from './http/route-matcher.js';
import { problemCodeOf, writeProblem, writeResult } from './http/write-response.js';

/** What the server needs of a route: ROUTES rows fit, and so do test doubles. */
export type LocalRoute<D> = Pick<RouteDefinition, 'method' | 'path' | 'public'> & {
  build: (deps: D) => HttpHandler;
};

export interface HttpServerOptions<D extends { logger: Logger }> {
  /** 0 picks a free port. */
  port: number;
  routes: readonly LocalRoute<D>[];
  /** Handed to every route's `build`; its logger records failures of the server itself. */
  deps: D;
  /** The development key; tokens signed by anything else (or naming another `kid`) are refused. */
  key: Pick<DevKey, 'publicKey' | 'kid'>;
  /** Longest bearer-token lifetime accepted (`exp − iat`); default 1 h. */
  maxTokenLifetimeSeconds?: number;
  /**
   * Told of every token that fails verification, as the Lambda authorizer is on AWS, so
   * the connection rules can count it (п.90-1(3)). Its own failure is logged, never answered.
   */
  onAuthFailure?: (failure: AuthFailure) => Promise<void>;
  host?: string;
  /** Called once per request when its response is sent (the console's access log). */
  onResponse?: (entry: AccessLogEntry) => void;
}

/** One request as the access log shows it (the fields of the API's access log on AWS). */
export interface AccessLogEntry {
  requestId: string;
  /** The address the request came from: what connection points are checked against. */
  sourceIp: string;
  /** The token's subject (the party's client id); absent for public routes and refused tokens. */
  party?: string;
  method: string;
  /** The path without the query string (query values may carry filters, never secrets, but stay out of logs). */
  path: string;
  status: number;
  ms: number;
  /** The problem `code` of a refusal or failure (`token_invalid`, `role_not_granted`, …): why a 4xx or 5xx was answered. */
  code?: string;
}

/**
 * `2026-12-02T07:00:00.000Z 3f2a… 127.0.0.1 soc-alpha POST /v1/incidents 201 12 ms`, and
 * for a refusal its problem code at the end: `… - GET /v1/incidents 401 1 ms token_invalid`
 * (003 C7: failed and successful authentications both logged, with the source).
 */
export function formatAccessLine(entry: AccessLogEntry, at: Date = new Date()): string {
  const code = entry.code === undefined ? '' : ` ${entry.code}`;
  return `${at.toISOString()} ${entry.requestId} ${entry.sourceIp} ${entry.party ?? '-'} ${entry.method} ${entry.path} ${entry.status} ${entry.ms} ms${code}`;
}

/** A bearer token that failed verification, and where it came from. */
export interface AuthFailure {
  sourceIp: string;
  authorization: string | undefined;
  code: string;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  /** Stops accepting, ends idle keep-alive connections and resolves once closed. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 3_000;

/** What a request showed of itself on the way, for its access-log line. */
interface Seen {
  party?: string;
  code?: string;
}

interface BuiltRoute {
  method: string;
  path: string;
  public: boolean;
  handler: HttpHandler;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Starts the server; every handler is built once, here, as a Lambda would be at cold start. */
export async function startHttpServer<D extends { logger: Logger }>(
  options: HttpServerOptions<D>,
): Promise<RunningHttpServer> {
  const { deps, key, host = '127.0.0.1' } = options;
  const built: BuiltRoute[] = options.routes.map((route) => ({
    method: route.method,
    path: route.path,
    public: route.public,
    handler: route.build(deps),
  }));
  const matcher = createRouteMatcher(built);

  async function serve(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    seen: Seen,
  ): Promise<void> {
    const receivedAt = new Date();
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    const match = matcher.match(method, rawPath);
    if (match.kind === 'not_found') {
      request.resume();
      seen.code = writeProblem(
        response,
        request.headers,
        new NotFoundError(`Route ${rawPath}`),
        {},
        requestId,
      );
      return;
    }
    if (match.kind === 'method_not_allowed') {
      request.resume();
      seen.code = writeProblem(
        response,
        request.headers,
        new MethodNotAllowedError(method, match.allow),
        { headers: { allow: match.allow.join(', ') } },
        requestId,
      );
      return;
    }
    const { route, pathParameters } = match;
    // Like the JWT authorizer: the token is checked before the body is read or a handler runs.
    const sourceIp = request.socket.remoteAddress ?? '127.0.0.1';
    const authorization = firstHeader(request.headers.authorization);
    const claims = route.public
      ? undefined
      : await verifyBearer(authorization, key, {
          ...(options.maxTokenLifetimeSeconds === undefined
            ? {}
            : { maxLifetimeSeconds: options.maxTokenLifetimeSeconds }),
        }).catch(async (error: unknown) => {
          if (error instanceof AuthenticationError && options.onAuthFailure) {
            await options
              .onAuthFailure({ sourceIp, authorization, code: error.code })
              .catch((countError: unknown) =>
                deps.logger.error('Could not count an authentication failure', {
                  error: countError instanceof Error ? countError.message : String(countError),
                }),
              );
          }
          throw error;
        });
    const subject = claims?.client_id ?? claims?.sub;
    if (typeof subject === 'string') seen.party = subject;
    const body = await readRequestBody(request);
    const event = toApiGatewayEvent(
      {
        method,
        url,
        headers: request.headers,
        body,
        sourceIp,
        httpVersion: request.httpVersion,
        receivedAt,
        requestId,
      },
      { path: route.path, pathParameters, ...(claims === undefined ? {} : { claims }) },
    );
    const result = await route.handler(event);
    const code = problemCodeOf(result);
    if (code !== undefined) seen.code = code;
    writeResult(response, result);
  }

  const server = createServer((request, response) => {
    // Like API Gateway: every response names its request, and so does every problem.
    const requestId = randomUUID();
    response.setHeader('apigw-requestid', requestId);
    const started = performance.now();
    const seen: Seen = {};
    if (options.onResponse) {
      const report = options.onResponse;
      response.once('finish', () =>
        report({
          requestId,
          sourceIp: request.socket.remoteAddress ?? '-',
          ...(seen.party === undefined ? {} : { party: seen.party }),
          method: request.method ?? 'GET',
          path: (request.url ?? '/').split('?')[0] ?? '/',
          status: response.statusCode,
          ms: Math.round(performance.now() - started),
          ...(seen.code === undefined ? {} : { code: seen.code }),
        }),
      );
    }
    serve(request, response, requestId, seen).catch((error: unknown) => {
      // Authorizer and size failures are the caller's; anything else is ours and is logged.
      if (!(error instanceof GatewayError)) {
        deps.logger.error('Local server: request failed', {
          method: request.method,
          url: request.url,
          error:
            error instanceof Error
              ? { name: error.name, message: error.message, stack: error.stack }
              : String(error),
        });
      }
      request.resume();
      seen.code = writeProblem(response, request.headers, error, {}, requestId);
    });
  });
  server.listen(options.port, host);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The local server has no TCP address');
  const { port } = address;

  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeIdleConnections();
      // Requests in flight get a moment to finish; a client that holds on is cut off.
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(force);
    },
  };
}
