/**
 * The send-time SSRF guard as a registration check (PUT /v1/parties/{id}): a party is
 * never registered with a webhook the gateway would refuse to call.
 */
import {
  checkWebhookUrl,
  WebhookRefusedError,
  type WebhookUrlPolicy,
} from '../adapters/http/webhook-url-guard.js';
import type { GatewayConfig } from './config.js';

/** The reason the guard refuses `url`, or undefined when it is acceptable. */
export async function webhookUrlProblem(
  url: string,
  policy: WebhookUrlPolicy,
): Promise<string | undefined> {
  try {
    await checkWebhookUrl(url, policy);
    return undefined;
  } catch (error) {
    if (error instanceof WebhookRefusedError) return error.message;
    throw error;
  }
}

/** The registration check under the configured policy. */
export function webhookUrlCheck(
  config: Pick<GatewayConfig, 'webhooks'>,
): (url: string) => Promise<string | undefined> {
  return (url) => webhookUrlProblem(url, { allowInsecure: config.webhooks.allowInsecure });
}
