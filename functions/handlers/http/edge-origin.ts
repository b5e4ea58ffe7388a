/**
 * The client's address behind the CloudFront edge (п.90-1(1)–(2): connection points).
 *
 * On AWS the parties call CloudFront (the WAF's host, docs/deploy.md "Perimeter"), so API
 * Gateway's `sourceIp` is an edge server's, not the caller's; CloudFront forwards the
 * caller's as `CloudFront-Viewer-Address` (`<ip>:<port>`). That header is only worth
 * believing on requests that really came through CloudFront, which adds a secret header
 * (`X-Origin-Verify`) to every request it forwards; a request without it went around the
 * WAF to the API's own endpoint and is refused. Both checks happen here, once per request,
 * before anything reads the address: the authorizer, the connection rules, the audit
 * entries' connection point all read `requestContext.http.sourceIp`, which this sets to the
 * caller's address. Without a configured secret (the local runtime, tests) the socket's
 * address is the caller's and nothing changes.
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MiddlewareObj } from '@middy/core';
import { SECURITY_EVENT } from '../../core/connection/security-events.js';
import { ForbiddenError } from '../../core/errors.js';
import type { Logger } from '../logger.js';

/** The header CloudFront adds to every forwarded request (lower case, as API Gateway passes it). */
export const EDGE_ORIGIN_HEADER = 'x-origin-verify';
/** CloudFront's record of the caller's address and port. */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/** The address of `<ip>:<port>` (IPv6 without brackets, as CloudFront writes it), or undefined. */
export function viewerIpOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const colon = value.lastIndexOf(':');
  if (colon <= 0 || !/^\d{1,5}$/.test(value.slice(colon + 1))) return undefined;
  const ip = value.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return isIP(ip) === 0 ? undefined : ip;
}

function sameSecret(sent: string | undefined, secret: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface EventWithSource {
  headers?: Readonly<Record<string, string | undefined>> | null;
  requestContext?: { http?: { sourceIp?: string } };
}

/**
 * The caller's address: with `secret`, the viewer address of a request that carries the
 * edge's secret header (anything else throws 403); without, the socket's `sourceIp`.
 */
export function callerAddressOf(
  event: EventWithSource,
  secret: string | undefined,
  log: Pick<Logger, 'warn'>,
): string | undefined {
  const sourceIp = event.requestContext?.http?.sourceIp;
  if (secret === undefined || secret === '') return sourceIp;
  const viewerIp = viewerIpOf(event.headers?.[VIEWER_ADDRESS_HEADER]);
  if (sameSecret(event.headers?.[EDGE_ORIGIN_HEADER], secret) && viewerIp !== undefined)
    return viewerIp;
  log.warn('A request that did not come through the edge', {
    securityEvent: SECURITY_EVENT.edgeBypassRefused,
    sourceIp,
  });
  throw new ForbiddenError(
    'connection_point_not_registered',
    "The request did not come from one of the party's registered connection points.",
  );
}

/**
 * Sets `requestContext.http.sourceIp` to the caller's address before anything reads it
 * ({@link callerAddressOf}); first in every route's chain after problem details, so a
 * refusal is a problem document.
 */
export function edgeOrigin<E extends EventWithSource, R>(
  secret: string | undefined,
  logger: Logger,
): MiddlewareObj<E, R> {
  return {
    before: function callerAddress(request) {
      if (secret === undefined || secret === '') return;
      const caller = callerAddressOf(request.event, secret, logger);
      const http = request.event.requestContext?.http;
      if (http !== undefined && caller !== undefined) http.sourceIp = caller;
    },
  };
}
