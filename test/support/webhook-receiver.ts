/**
 * A real webhook endpoint on 127.0.0.1:0 for delivery tests: records every request
 * and answers with the status set per path (200 unless told otherwise).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** When the request arrived (epoch ms), for detection-lag checks. */
  receivedAtMs: number;
  /** The parsed envelope. */
  json: {
    deliveryId: string;
    event: string;
    partyId: string;
    createdAt: string;
    payload: Record<string, unknown>;
  };
}

export interface WebhookReceiver {
  /** Absolute URL of a path on this receiver. */
  url(path: string): string;
  received: ReceivedWebhook[];
  /** Requests to one path. */
  at(path: string): ReceivedWebhook[];
  /** Sets the status answered on a path. */
  answer(path: string, status: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const statuses = new Map<string, number>();
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      received.push({ path, headers, body, receivedAtMs: Date.now(), json: JSON.parse(body) });
      res.writeHead(statuses.get(path) ?? 200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    answer: (path, status) => statuses.set(path, status),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
