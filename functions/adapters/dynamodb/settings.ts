/**
 * How a Lambda process reaches its table: one DynamoDB client and one store context per
 * process, shared by every DynamoDB port the function wires. Each aggregate module
 * exports a `dynamo…` factory over these settings, so a function's bundle holds only
 * the aggregates it wires, and a function that wires none holds no DynamoDB client.
 */
import type { AwsClientConfig } from '../aws-client-options.js';
import { createDynamoDbClient } from './client.js';
import { createStoreContext, type StoreContext } from './context.js';

/** The part of the gateway's configuration the DynamoDB adapters read. */
export interface DynamoSettings {
  tableName: string;
  /** The audit table; defaults to `<tableName>-audit` (table-definition.ts). */
  auditTableName?: string | undefined;
  aws: AwsClientConfig;
  serviceEndpoints?: { dynamodb?: string };
  /** One process does every write (the embedded stack): see `StoreContext.singleWriter`. */
  singleWriter?: boolean;
}

const contexts = new WeakMap<DynamoSettings, StoreContext>();

/** The store context of these settings, built on first use and then shared. */
export function storeContextFor(settings: DynamoSettings): StoreContext {
  let ctx = contexts.get(settings);
  if (ctx === undefined) {
    const endpoint = settings.serviceEndpoints?.dynamodb;
    const client = createDynamoDbClient(
      endpoint === undefined ? settings.aws : { ...settings.aws, endpoint },
    );
    ctx = createStoreContext({
      client,
      tableName: settings.tableName,
      auditTableName: settings.auditTableName,
      singleWriter: settings.singleWriter === true,
    });
    contexts.set(settings, ctx);
  }
  return ctx;
}
