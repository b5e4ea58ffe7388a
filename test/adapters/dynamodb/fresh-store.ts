/**
 * A store on a table of its own in the run's shared DynamoDB Local, and raw reads
 * that bypass the adapter (plain client-dynamodb, no document client), so tests can
 * check the stored attributes themselves.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../../../functions/adapters/aws-clients.js';
import {
  createDynamoGatewayStore,
  type DynamoGatewayStoreOptions,
} from '../../../functions/adapters/dynamodb/index.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import { EMULATOR_REQUEST_TIMEOUT_MS } from '../../../functions/local/emulators.js';
import { ensureTables } from '../../../functions/local/provision.js';
import { dynamoEndpoint, freshTableName, TEST_REGION } from '../../support/emulators.js';

export interface FreshStore {
  client: DynamoDBClient;
  tableName: string;
  /** The audit table beside it (every audit item). */
  auditTableName: string;
  store: AllStores;
}

export type RawItem = Record<string, AttributeValue>;

/** Creates a fresh pair of tables (items, audit) and a store on them. */
export async function freshStore(
  options: Omit<DynamoGatewayStoreOptions, 'client' | 'tableName'> = {},
): Promise<FreshStore> {
  const client = createDynamoDbClient({
    region: TEST_REGION,
    endpoint: dynamoEndpoint(),
    requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
  });
  const tableName = freshTableName();
  const auditTableName = await ensureTables(client, { tableName });
  return {
    client,
    tableName,
    auditTableName,
    store: createDynamoGatewayStore({ client, tableName, auditTableName, ...options }),
  };
}

/** One stored item as DynamoDB holds it, or undefined. */
export async function rawItem(
  fresh: FreshStore,
  pk: string,
  sk: string,
): Promise<RawItem | undefined> {
  const { Item } = await fresh.client.send(
    new GetItemCommand({
      TableName: fresh.tableName,
      Key: { pk: { S: pk }, sk: { S: sk } },
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** Every item of one partition as DynamoDB holds them. */
export async function rawPartition(fresh: FreshStore, pk: string): Promise<RawItem[]> {
  const { Items } = await fresh.client.send(
    new QueryCommand({
      TableName: fresh.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

/** A fresh table whose store judges idempotency expiry by `clock`. */
export function freshStoreAt(clock: () => Date): Promise<FreshStore> {
  return freshStore({ now: clock });
}
