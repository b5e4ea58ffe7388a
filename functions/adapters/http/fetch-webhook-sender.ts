/**
 * Webhook POSTs with the global fetch (SPEC §5). Redirects are not followed: a
 * redirect could lead past the URL guard, and a 3xx is simply not a 2xx.
 */
import type { WebhookSender } from '../../core/ports/webhooks.js';
import { checkWebhookUrl, type HostLookup } from './webhook-url-guard.js';

export interface FetchWebhookSenderOptions {
  /** Local runtime only: allow http:// and loopback URLs. */
  allowInsecure: boolean;
  /** DNS resolution for the URL guard (tests). */
  lookup?: HostLookup;
}

// fetch reports network failures as "fetch failed" with the reason in `cause`.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Builds a {@link WebhookSender} on the global fetch, guarded against private targets. */
export function createFetchWebhookSender(options: FetchWebhookSenderOptions): WebhookSender {
  return {
    async post({ url, headers, body, timeoutMs }) {
      const target = await checkWebhookUrl(url, {
        allowInsecure: options.allowInsecure,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      });
      let response: Response;
      try {
        response = await fetch(target, {
          method: 'POST',
          headers: { ...headers },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new Error(`Webhook POST failed: ${describe(error)}`, { cause: error });
      }
      // The body is not needed; dropping it frees the connection for reuse.
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status };
    },
  };
}
