/**
 * The AWS services of the local runtime: DynamoDB Local (persistent, under the data
 * directory) and fauxqs (in memory), or endpoints someone else runs (AWS_ENDPOINT_URL,
 * LocalStack, the test run's shared emulators). Either way the table and queues exist
 * when this resolves.
 */
import { join } from 'node:path';
import { createDynamoDbClient, createSqsClient } from '../adapters/aws-clients.js';
import { QUEUE } from '../adapters/sqs/queue-definitions.js';
import {
  type DynamoDbSupervisor,
  EMULATOR_REQUEST_TIMEOUT_MS,
  startDynamoDbLocal,
  startSqsEmulator,
} from './emulators.js';
import { ensureQueues, ensureTables } from './provision.js';

export interface ServiceEndpoints {
  dynamodb: string;
  sqs: string;
}

/** Ports for the emulators this backend starts; 0 or omitted picks a free one. */
export interface EmulatorPorts {
  dynamodb?: number;
  sqs?: number;
}

export interface LocalBackendOptions {
  /** Given: use these; omitted: start DynamoDB Local and fauxqs on free ports. */
  endpoints?: ServiceEndpoints;
  /** DynamoDB Local keeps its database in `<dataDir>/dynamodb`. */
  dataDir: string;
  emulatorPorts?: EmulatorPorts;
  region: string;
  tableName: string;
  /** The audit table; defaults to `<tableName>-audit`. */
  auditTableName?: string;
  queuePrefix: string;
  /** Overrides the work queues' visibility timeout (shorter in tests). */
  visibilityTimeoutSeconds?: number;
  /** Receives before the DLQ takes a message over (unreadable or crashing messages only). */
  maxReceiveCount: number;
  /** Keeps a DynamoDB Local started here running (restarts it in place when it dies). */
  supervise?: DynamoDbSupervisor;
}

export interface LocalBackend {
  endpoints: ServiceEndpoints;
  deliveryQueueUrl: string;
  /** True when fauxqs was started here: its queues are new and empty. */
  freshQueues: boolean;
  /** Stops the emulators this backend started (none when endpoints were given). */
  stop(): Promise<void>;
}

interface StartedEmulators {
  endpoints: ServiceEndpoints;
  stop(): Promise<void>;
}

async function startEmulators(
  dataDir: string,
  ports: EmulatorPorts = {},
  supervise?: DynamoDbSupervisor,
): Promise<StartedEmulators> {
  const [dynamo, sqs] = await Promise.allSettled([
    startDynamoDbLocal({
      dataDir: join(dataDir, 'dynamodb'),
      ...(ports.dynamodb === undefined ? {} : { port: ports.dynamodb }),
      ...(supervise === undefined ? {} : { supervise }),
    }),
    startSqsEmulator(ports.sqs === undefined ? {} : { port: ports.sqs }),
  ]);
  if (dynamo.status === 'fulfilled' && sqs.status === 'fulfilled') {
    return {
      endpoints: { dynamodb: dynamo.value.endpoint, sqs: sqs.value.endpoint },
      stop: async () => {
        await Promise.all([dynamo.value.stop(), sqs.value.stop()]);
      },
    };
  }
  // One came up and the other did not: leave nothing running behind us.
  await Promise.all(
    [dynamo, sqs].map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)),
  );
  throw [dynamo, sqs].flatMap((s) => (s.status === 'rejected' ? [s.reason] : []))[0];
}

/** Starts (or connects to) the services and provisions the tables and queues. */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const emulators = options.endpoints
    ? undefined
    : await startEmulators(options.dataDir, options.emulatorPorts, options.supervise);
  const endpoints = options.endpoints ?? emulators?.endpoints;
  if (endpoints === undefined) throw new Error('No endpoints and no emulators');
  const stop = async () => {
    await emulators?.stop();
  };

  const dynamodb = createDynamoDbClient({
    region: options.region,
    endpoint: endpoints.dynamodb,
    requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
  });
  const sqs = createSqsClient({
    region: options.region,
    endpoint: endpoints.sqs,
    requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
  });
  try {
    const [, queueUrls] = await Promise.all([
      ensureTables(dynamodb, options),
      ensureQueues(sqs, options.queuePrefix, {
        maxReceiveCount: options.maxReceiveCount,
        ...(options.visibilityTimeoutSeconds === undefined
          ? {}
          : { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }),
      }),
    ]);
    const deliveryQueueUrl = queueUrls[QUEUE.deliveries];
    if (deliveryQueueUrl === undefined)
      throw new Error('ensureQueues returned no deliveries queue');
    return { endpoints, deliveryQueueUrl, freshQueues: emulators !== undefined, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    dynamodb.destroy();
    sqs.destroy();
  }
}
