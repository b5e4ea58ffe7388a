/**
 * The emulated AWS services for one benchmark section: a DynamoDB Local in memory (a JVM
 * of its own, so no section inherits another's table sizes or heap) and fauxqs, and, for
 * the end-to-end sections, the whole gateway on them (`startLocalGateway`). Everything a
 * section starts here it stops again, so `npm run bench` ends by itself.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_REGION } from '../functions/adapters/aws-clients.js';
import {
  type RunningEmulator,
  startDynamoDbLocal,
  startSqsEmulator,
} from '../functions/local/emulators.js';
import type { ServiceEndpoints } from '../functions/local/local-backend.js';
import {
  type LocalGateway,
  type LocalGatewayOptions,
  startLocalGateway,
} from '../functions/local/start-local-gateway.js';
import { registerPartyAs } from '../test/support/http.js';

export const BENCH_REGION = DEFAULT_REGION;
/** Tries of one registration that answers 503. */
const REGISTER_ATTEMPTS = 5;

export interface BenchEmulators {
  endpoints: ServiceEndpoints;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local (in memory) and fauxqs on free ports. */
export async function startBenchEmulators(): Promise<BenchEmulators> {
  const started = await Promise.allSettled([startDynamoDbLocal(), startSqsEmulator()]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.all(running.map((emulator: RunningEmulator) => emulator.stop()));
  };
  const [dynamo, sqs] = started;
  if (dynamo?.status !== 'fulfilled' || sqs?.status !== 'fulfilled') {
    await stop();
    throw started.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []))[0];
  }
  return { endpoints: { dynamodb: dynamo.value.endpoint, sqs: sqs.value.endpoint }, stop };
}

export interface BenchGateway {
  gateway: LocalGateway;
  /** Registers a party as the seeded admin (PUT /v1/parties/{id}); throws unless 200/201. */
  registerParty(id: string, body: Record<string, unknown>): Promise<void>;
  /** Stops the gateway, then the emulators, then removes its data directory. */
  stop(): Promise<void>;
}

/**
 * The whole gateway (HTTP server, SQS poller, sweep ticker) on fresh emulators, with
 * logging off (`POWERTOOLS_LOG_LEVEL=SILENT` unless the caller set a level).
 */
export async function startBenchGateway(
  options: Partial<LocalGatewayOptions> = {},
): Promise<BenchGateway> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const emulators = await startBenchEmulators();
  const dataDir = await mkdtemp(join(tmpdir(), 'ncc-gateway-bench-'));
  const cleanUp = async () => {
    await emulators.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  let gateway: LocalGateway;
  try {
    gateway = await startLocalGateway({
      port: 0,
      dataDir,
      endpoints: emulators.endpoints,
      region: BENCH_REGION,
      tableName: 'ncc-gateway-bench',
      queuePrefix: 'ncc-gateway-bench',
      ...options,
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const adminToken = await gateway.tokenFor('admin', 'admin');
  return {
    gateway,
    async registerParty(id, body) {
      // A PUT is safe to repeat: on a machine loaded enough for a 503 (outcome unknown), retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await registerPartyAs(gateway.url, adminToken, id, body);
          return;
        } catch (error) {
          if (attempt >= REGISTER_ATTEMPTS || !String(error).includes('503')) throw error;
          await sleep(1_000);
        }
      }
    },
    async stop() {
      try {
        await gateway.stop();
      } finally {
        await cleanUp();
      }
    },
  };
}

/** Waits until `done()` holds, polling every 20 ms; false if `timeoutMs` passes first. */
export async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
