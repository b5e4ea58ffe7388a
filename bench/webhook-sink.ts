/**
 * Local webhook endpoints for the end-to-end sections: one node:http server, any path,
 * always 200. Each arrival is timed on the bench's own clock (`performance.now()`), so
 * it compares directly with the moment the bench sent the request that caused it.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface WebhookArrival {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body as received (what the signature covers). */
  body: string;
  /** `performance.now()` when the body had fully arrived. */
  atMs: number;
}

export interface WebhookSink {
  /** Absolute URL of `path` (e.g. `/soc-01`) on this server. */
  url(path: string): string;
  /** Every arrival so far, in order. */
  arrivals: WebhookArrival[];
  close(): Promise<void>;
}

/** Starts the sink on 127.0.0.1 and a free port; `onArrival` sees each request as it lands. */
export async function startWebhookSink(
  onArrival?: (arrival: WebhookArrival) => void,
): Promise<WebhookSink> {
  const arrivals: WebhookArrival[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const arrival: WebhookArrival = {
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        atMs: performance.now(),
      };
      arrivals.push(arrival);
      onArrival?.(arrival);
      response.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The webhook sink has no TCP address');
  const base = `http://127.0.0.1:${address.port}`;
  return {
    url: (path) => `${base}${path}`,
    arrivals,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
