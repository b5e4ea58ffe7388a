/**
 * The port through which deliveries leave the gateway as webhook POSTs (docs/contract.md §5).
 * The adapter owns transport concerns (timeouts, redirects, refusing private
 * addresses); the core owns what is sent and what a status means.
 */

export interface WebhookRequest {
  url: string;
  headers: Readonly<Record<string, string>>;
  /** The exact body that was signed. */
  body: string;
  timeoutMs: number;
}

export interface WebhookResponse {
  /** HTTP status; a redirect is returned as is, never followed. */
  status: number;
}

export interface WebhookSender {
  /**
   * POSTs one request. Resolves with the status whatever it is; rejects when no
   * status was obtained (refused URL, DNS, connection, timeout).
   */
  post(request: WebhookRequest): Promise<WebhookResponse>;
}
