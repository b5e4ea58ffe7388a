/**
 * Webhook POSTs (docs/contract.md §5) with node:http(s). Redirects are not followed: a redirect
 * could lead past the URL guard, and a 3xx is simply not a 2xx.
 *
 * On AWS the connection goes to the one address the guard vetted: the request's DNS
 * lookup is replaced by one that answers that address, while the host name stays the
 * TLS server name (SNI) and the name the certificate is checked against. A DNS answer
 * that changes between check and connect (rebinding) therefore cannot redirect it.
 */

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookSender } from '../../core/ports/webhooks.js';
import {
  type HostLookup,
  type VettedWebhookTarget,
  vetWebhookTarget,
} from './webhook-url-guard.js';

export interface FetchWebhookSenderOptions {
  /** Local runtime only: allow http:// and loopback URLs. */
  allowInsecure: boolean;
  /** DNS resolution for the URL guard (tests). */
  lookup?: HostLookup;
}

/**
 * A `lookup` for node:net that answers the vetted address whatever name it is asked
 * for: the socket connects there and nowhere else.
 */
export function pinnedLookup(address: NonNullable<VettedWebhookTarget['address']>): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** POSTs to the vetted target and resolves with the status; the response body is discarded. */
function post(
  target: VettedWebhookTarget,
  headers: Readonly<Record<string, string>>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const { url, address } = target;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(timeoutMs),
        // No connection reuse: each POST is vetted and pinned on its own.
        agent: false,
        ...(address ? { lookup: pinnedLookup(address) } : {}),
      },
      (response) => {
        // The body is not needed; draining it frees the socket.
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Builds a {@link WebhookSender}, guarded against private targets and pinned to the vetted address. */
export function createFetchWebhookSender(options: FetchWebhookSenderOptions): WebhookSender {
  return {
    async post({ url, headers, body, timeoutMs }) {
      const target = await vetWebhookTarget(url, {
        allowInsecure: options.allowInsecure,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      });
      try {
        return { status: await post(target, headers, body, timeoutMs) };
      } catch (error) {
        throw new Error(`Webhook POST failed: ${describe(error)}`, { cause: error });
      }
    },
  };
}
