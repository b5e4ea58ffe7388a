/**
 * The whole gateway in-process, over real HTTP, for end-to-end tests: it runs on the
 * run's shared emulators (test/setup/global-setup.ts) with a fresh table and fresh
 * queues, a 1 s sweep and second-scale delivery retries. No JVM is started here.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../functions/core/model/messages.js';
import {
  type LocalGatewayOptions,
  startLocalGateway,
} from '../../functions/local/start-local-gateway.js';
import {
  dynamoEndpoint,
  freshQueuePrefix,
  freshTableName,
  sqsEndpoint,
  TEST_REGION,
} from './emulators.js';

export interface TestGateway {
  url: string;
  tableName: string;
  sweepIntervalSeconds: number;
  /** A bearer token for `partyId` acting as `role`. */
  token(partyId: string, role: Role | (string & {})): Promise<string>;
  /** PUT /v1/parties/{id} as the seeded admin; throws unless 200 or 201. Returns the party view. */
  registerParty(id: string, body: unknown): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Starts a gateway; `options` override the test defaults (e.g. `delivery.maxAttempts`). */
export async function startTestGateway(options: LocalGatewayOptions = {}): Promise<TestGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ncc-gateway-test-'));
  const sweepIntervalSeconds = options.sweepIntervalSeconds ?? 1;
  const tableName = options.tableName ?? freshTableName();
  const gateway = await startLocalGateway({
    port: 0,
    dataDir,
    endpoints: { dynamodb: dynamoEndpoint(), sqs: sqsEndpoint() },
    region: TEST_REGION,
    tableName,
    queuePrefix: freshQueuePrefix(),
    sweepIntervalSeconds,
    visibilityTimeoutSeconds: 5,
    outboxGraceSeconds: 1,
    ...options,
    delivery: { backoffBaseSeconds: 1, backoffMaxSeconds: 2, ...options.delivery },
  });
  const adminToken = await gateway.tokenFor('admin', 'admin');

  return {
    url: gateway.url,
    tableName,
    sweepIntervalSeconds,
    token: (partyId, role) => gateway.tokenFor(partyId, role),
    async registerParty(id, body) {
      const response = await fetch(new URL(`/v1/parties/${encodeURIComponent(id)}`, gateway.url), {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 200 && response.status !== 201) {
        throw new Error(`Registering party ${id} failed with ${response.status}: ${text}`);
      }
      return JSON.parse(text) as Record<string, unknown>;
    },
    async stop() {
      await gateway.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One request a {@link WebhookReceiver} got. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text (webhook bodies are JSON). */
  body: string;
  rawBody: Buffer;
  receivedAtMs: number;
}

export interface WebhookReceiver {
  /** The URL to register as a party's webhook. */
  url: string;
  requests: ReceivedRequest[];
  /** Status answered to every request from now on (200 by default). */
  status: number;
  close(): Promise<void>;
}

/** A webhook endpoint on 127.0.0.1:<free port> that records every request. */
export async function webhookReceiver(
  options: { status?: number; path?: string } = {},
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    requests,
    status: options.status ?? 200,
    close: async () => undefined,
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '/',
        headers: request.headers,
        body: rawBody.toString('utf8'),
        rawBody,
        receivedAtMs: Date.now(),
      });
      response.writeHead(receiver.status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The webhook receiver has no TCP address');
  receiver.url = `http://127.0.0.1:${address.port}${options.path ?? '/hook'}`;
  receiver.close = async () => {
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections();
    await closed;
  };
  return receiver;
}
