/**
 * Builds the API Gateway HTTP API (payload format 2.0) event that AWS would hand the
 * Lambda for a request, so the handlers run locally exactly as they are deployed.
 * Reference: "Working with AWS Lambda proxy integrations for HTTP APIs".
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayProxyEventV2,
} from 'aws-lambda';
import type { JWTPayload } from 'jose';
import type { HttpEvent } from '../../handlers/http/http-types.js';
import { decodeSegment } from './route-matcher.js';

export interface IncomingRequest {
  method: string;
  /** The request target as sent: path and query, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
  receivedAt: Date;
  /** The id API Gateway would give the request (the server's `apigw-requestid` header). */
  requestId?: string;
}

export interface MatchedRoute {
  /** The route's template, e.g. `/v1/incidents/{id}`. */
  path: string;
  pathParameters: Record<string, string>;
  /** Verified claims; absent on public routes (API Gateway sends no authorizer there). */
  claims?: JWTPayload;
}

type Claims = APIGatewayEventRequestContextJWTAuthorizer['jwt']['claims'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time` as API Gateway writes it: `12/Mar/2020:19:03:58 +0000`. */
export function requestTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`
  );
}

/** Form-style decoding of a query name or value: `+` is a space. */
function decodeQueryComponent(text: string): string {
  return decodeSegment(text.replaceAll('+', ' '));
}

/** Decoded query parameters; repeated names are joined with commas, as API Gateway does. */
export function queryParametersOf(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const name = decodeQueryComponent(separator < 0 ? pair : pair.slice(0, separator));
    const value = separator < 0 ? '' : decodeQueryComponent(pair.slice(separator + 1));
    const previous = parameters[name];
    parameters[name] = previous === undefined ? value : `${previous},${value}`;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** Lower-cased headers, repeated ones joined with commas; cookies go to their own field. */
function headersOf(incoming: IncomingHttpHeaders): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(',') : value;
    if (lower === 'cookie') {
      cookies = joined
        .split(';')
        .map((c) => c.trim())
        .filter((c) => c !== '');
    } else {
      headers[lower] = joined;
    }
  }
  return { headers, cookies };
}

/**
 * API Gateway hands claims over as strings (numbers and booleans included) and
 * arrays as `[a b]`; the handlers must not rely on anything richer.
 */
export function claimsOf(payload: JWTPayload): Claims {
  const claims: Claims = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') claims[name] = value;
    else if (Array.isArray(value)) claims[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

function scopesOf(payload: JWTPayload): string[] | null {
  return typeof payload.scope === 'string'
    ? payload.scope.split(' ').filter((s) => s !== '')
    : null;
}

function decodedPath(rawPath: string): string {
  return rawPath.split('/').map(decodeSegment).join('/');
}

/** The payload 2.0 event for one request matched to one route. */
export function toApiGatewayEvent(request: IncomingRequest, route: MatchedRoute): HttpEvent {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart < 0 ? '' : request.url.slice(queryStart + 1);
  const { headers, cookies } = headersOf(request.headers);
  const queryStringParameters = queryParametersOf(rawQueryString);
  const path = decodedPath(rawPath);
  const hasBody = request.body.length > 0;
  const host = headers.host ?? 'localhost';

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${request.method} ${route.path}`,
    // HTTP APIs deliver the path already decoded.
    rawPath: path,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(Object.keys(route.pathParameters).length > 0
      ? { pathParameters: route.pathParameters }
      : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId ?? randomUUID(),
      routeKey: `${request.method} ${route.path}`,
      stage: '$default',
      time: requestTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    // Always base64: the body's bytes (a UTF-8 BOM, any charset) reach the handler untouched.
    ...(hasBody ? { body: request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody,
  };
  if (route.claims === undefined) {
    // API Gateway sends no `authorizer` on a route without one; the event type cannot say so.
    return event as HttpEvent;
  }
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: { jwt: { claims: claimsOf(route.claims), scopes: scopesOf(route.claims) } },
    },
  };
}
