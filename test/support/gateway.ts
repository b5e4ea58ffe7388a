/**
 * The whole gateway in-process, over real HTTP, for end-to-end tests: it runs on the
 * run's shared emulators (test/setup/global-setup.ts) with a fresh table and fresh
 * queues, a 1 s sweep and second-scale delivery retries. No JVM is started here.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../functions/core/model/messages.js';
import type { SweepStats } from '../../functions/core/use-cases/deliveries/sweep.js';
import { buildSweep } from '../../functions/handlers/schedule/sweep.js';
import { sweepDeps } from '../../functions/handlers/worker-deps.js';
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
import { registerPartyAs } from './http.js';
import { type ReceivedWebhook, startWebhookReceiver } from './webhook-receiver.js';

export interface TestGateway {
  url: string;
  tableName: string;
  /** The gateway's data dir (keys, archive, audit day files); removed on stop. */
  dataDir: string;
  sweepIntervalSeconds: number;
  /** A bearer token for `partyId` acting as `role`. */
  token(partyId: string, role: Role | (string & {})): Promise<string>;
  /** PUT /v1/parties/{id} as the seeded admin; throws unless 200 or 201. Returns the party view. */
  registerParty(id: string, body: unknown): Promise<Record<string, unknown>>;
  /** One sweep of this gateway's stores as if it ran at `atMs` (clocks a day ahead, without waiting a day). */
  sweepAt(atMs: number): Promise<SweepStats>;
  stop(): Promise<void>;
}

/** Starts a gateway; `options` override the test defaults (e.g. `delivery.retryScheduleSeconds`). */
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
    // Seven short waits (eight attempts), so a failing webhook shows its fate in seconds.
    delivery: { retryScheduleSeconds: [1, 2, 2, 2, 2, 2, 2], ...options.delivery },
  });
  const adminToken = await gateway.tokenFor('admin', 'admin');

  return {
    url: gateway.url,
    tableName,
    dataDir,
    sweepIntervalSeconds,
    token: (partyId, role) => gateway.tokenFor(partyId, role),
    registerParty: (id, body) => registerPartyAs(gateway.url, adminToken, id, body),
    sweepAt: (atMs) => buildSweep({ ...sweepDeps(gateway.runtime), now: () => new Date(atMs) })(),
    async stop() {
      await gateway.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One party's webhook endpoint: a single path of a {@link startWebhookReceiver} server. */
export interface WebhookReceiver {
  /** The URL to register as a party's webhook. */
  url: string;
  /** Every request to that URL so far. */
  readonly requests: ReceivedWebhook[];
  close(): Promise<void>;
}

/** A webhook endpoint on 127.0.0.1:<free port> that records every request (answers 200). */
export async function webhookReceiver(options: { path?: string } = {}): Promise<WebhookReceiver> {
  const server = await startWebhookReceiver();
  const path = options.path ?? '/hook';
  return {
    url: server.url(path),
    get requests() {
      return server.at(path);
    },
    close: () => server.close(),
  };
}
