import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import {
  createDynamoDbClient,
  createSqsClient,
  DEFAULT_REGION,
} from '../../functions/adapters/aws-clients.js';
import { EMULATOR_REQUEST_TIMEOUT_MS } from '../../functions/local/emulators.js';
import {
  type EnsureQueuesOptions,
  ensureQueues,
  ensureTables,
  type QueueUrls,
} from '../../functions/local/provision.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local started by test/setup/global-setup.ts. */
    dynamoEndpoint: string;
    /** fauxqs started by test/setup/global-setup.ts. */
    sqsEndpoint: string;
  }
}

/** Region every test client signs with; the emulators accept any. */
export const TEST_REGION = DEFAULT_REGION;

/** Endpoint of the run's shared DynamoDB Local. */
export function dynamoEndpoint(): string {
  return inject('dynamoEndpoint');
}

/** Endpoint of the run's shared fauxqs. */
export function sqsEndpoint(): string {
  return inject('sqsEndpoint');
}

// Short enough for SQS's 80-character limit once a logical name is appended.
const uniqueSuffix = () => randomUUID().replaceAll('-', '').slice(0, 16);

/** A table name no other test uses, so tests share one DynamoDB Local safely. */
export function freshTableName(): string {
  return `test-${uniqueSuffix()}`;
}

/** A queue-name prefix no other test uses. */
export function freshQueuePrefix(): string {
  return `test-${uniqueSuffix()}`;
}

/** A provisioned, isolated table and queue set with clients pointed at them. */
export interface FreshStack {
  tableName: string;
  /** The audit table beside it. */
  auditTableName: string;
  queueUrls: QueueUrls;
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
}

/** Creates a fresh table and fresh queues on the shared emulators. */
export async function provisionFresh(queueOptions: EnsureQueuesOptions = {}): Promise<FreshStack> {
  const dynamodb = createDynamoDbClient({
    region: TEST_REGION,
    endpoint: dynamoEndpoint(),
    requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
  });
  const sqs = createSqsClient({
    region: TEST_REGION,
    endpoint: sqsEndpoint(),
    requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
  });
  const tableName = freshTableName();
  const [auditTableName, queueUrls] = await Promise.all([
    ensureTables(dynamodb, { tableName }),
    ensureQueues(sqs, freshQueuePrefix(), queueOptions),
  ]);
  return { tableName, auditTableName, queueUrls, dynamodb, sqs };
}
