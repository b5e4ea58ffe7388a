import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFetchWebhookSender,
  pinnedLookup,
} from '../../../functions/adapters/http/fetch-webhook-sender.js';

let server: Server | undefined;

async function serve(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => handle(req, res, body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

const request = (url: string, timeoutMs = 2_000) => ({
  url,
  headers: { 'Content-Type': 'application/json', 'X-Gateway-Delivery-Id': 'dlv_1' },
  body: '{"a":1}',
  timeoutMs,
});

describe('createFetchWebhookSender', () => {
  it('POSTs the body and headers and returns the status', async () => {
    // Arrange
    const seen: { method?: string; id?: string | string[]; body?: string }[] = [];
    const base = await serve((req, res, body) => {
      seen.push({ method: req.method, id: req.headers['x-gateway-delivery-id'], body });
      res.writeHead(204).end();
    });

    // Act
    const result = await createFetchWebhookSender({ allowInsecure: true }).post(
      request(`${base}/hook`),
    );

    // Assert
    expect(result).toEqual({ status: 204 });
    expect(seen).toEqual([{ method: 'POST', id: 'dlv_1', body: '{"a":1}' }]);
  });

  it('does not follow redirects: a 3xx is returned as is', async () => {
    let hits = 0;
    const base = await serve((_req, res) => {
      hits += 1;
      res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data' }).end();
    });

    const result = await createFetchWebhookSender({ allowInsecure: true }).post(
      request(`${base}/hook`),
    );

    expect(result.status).toBe(302);
    expect(hits).toBe(1);
  });

  it('rejects when the receiver does not answer in time', async () => {
    const base = await serve(() => {
      // never answers
    });

    await expect(
      createFetchWebhookSender({ allowInsecure: true }).post(request(`${base}/hook`, 200)),
    ).rejects.toThrow(/Webhook POST failed/);
  });

  it('rejects a closed port with the connection error', async () => {
    const base = await serve((_req, res) => res.end());
    server?.close();
    await once(server as Server, 'close');

    await expect(
      createFetchWebhookSender({ allowInsecure: true }).post(request(`${base}/hook`)),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses loopback http unless insecure webhooks are allowed', async () => {
    let hits = 0;
    const base = await serve((_req, res) => {
      hits += 1;
      res.end();
    });

    await expect(
      createFetchWebhookSender({ allowInsecure: false }).post(request(`${base}/hook`)),
    ).rejects.toThrow(/https/);
    expect(hits).toBe(0);
  });
});

describe('DNS rebinding', () => {
  it('connects to the address the guard vetted, never resolving the name again', async () => {
    // Arrange: the name answers a public address once, then a private one (rebinding).
    const answers = ['93.184.216.34', '127.0.0.1'];
    let lookups = 0;
    const sender = createFetchWebhookSender({
      allowInsecure: false,
      lookup: async () => {
        const address = answers[Math.min(lookups, answers.length - 1)] ?? '127.0.0.1';
        lookups += 1;
        return [{ address, family: 4 }];
      },
    });
    const seen: string[] = [];
    const lookupSpy = pinnedLookup({ address: '93.184.216.34', family: 4 });

    // Act: the POST cannot complete here (no route out); what matters is where it went.
    const error = await sender
      .post(request('https://rebind.example.invalid/hook', 300))
      .catch((e: unknown) => e);
    lookupSpy('rebind.example.invalid', { all: false }, (_e, address) => {
      seen.push(String(address));
    });

    // Assert: one lookup (the guard's), no system resolution of the name, pinned answer.
    expect(lookups).toBe(1);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toMatch(/ENOTFOUND|getaddrinfo|EAI_AGAIN/);
    expect(seen).toEqual(['93.184.216.34']);
  });
});
