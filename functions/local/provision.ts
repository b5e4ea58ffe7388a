import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type QueueAttributeName,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import {
  AUDIT_TABLE_DEFINITION,
  defaultAuditTableName,
  TABLE_DEFINITION,
  type TableDefinition,
} from '../adapters/dynamodb/table-definition.js';
import {
  physicalQueueName,
  QUEUE_DEFINITIONS,
  type QueueDefinition,
} from '../adapters/sqs/queue-definitions.js';

/** Turns the table definition into a CreateTable request. */
export function toCreateTableInput(
  tableName: string,
  definition: TableDefinition = TABLE_DEFINITION,
): CreateTableCommandInput {
  const keyAttributes = [
    definition.partitionKey,
    definition.sortKey,
    ...definition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  // CreateTable rejects an attribute declared twice.
  const attributeDefinitions = [...new Map(keyAttributes.map((a) => [a.name, a])).values()].map(
    (a) => ({ AttributeName: a.name, AttributeType: a.type }),
  );

  return {
    TableName: tableName,
    BillingMode: definition.billingMode,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
    ],
    // CreateTable rejects an empty list: a table without indexes names none.
    ...(definition.globalSecondaryIndexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: index.projection },
          })),
        }),
  };
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/**
 * Creates the table from `definition` (the item table's by default) unless it exists, waits
 * until it is ACTIVE and turns TTL on if the definition has it. Safe to call again; it never
 * alters an existing table's keys.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  definition: TableDefinition = TABLE_DEFINITION,
): Promise<void> {
  if (!(await tableExists(client, tableName))) {
    try {
      await client.send(new CreateTableCommand(toCreateTableInput(tableName, definition)));
    } catch (error) {
      // Another caller created it between our describe and create.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  await waitUntilTableExists(
    { client, minDelay: 1, maxDelay: 2, maxWaitTime: 60 },
    { TableName: tableName },
  );

  const ttlAttribute = definition.timeToLiveAttribute;
  if (ttlAttribute === undefined) return;
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  // UpdateTimeToLive fails with a ValidationException when TTL is already on.
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: {
          AttributeName: ttlAttribute,
          Enabled: true,
        },
      }),
    );
  }
}

/** The gateway's two tables: items, and the audit trail (default name `<table>-audit`). */
export interface GatewayTableNames {
  tableName: string;
  auditTableName?: string | undefined;
}

/**
 * Creates (or finds) both of the gateway's tables: the item table and the audit table
 * (AUDIT_TABLE_DEFINITION: no indexes, no TTL). Returns the audit table's name.
 */
export async function ensureTables(
  client: DynamoDBClient,
  names: GatewayTableNames,
): Promise<string> {
  const auditTableName = names.auditTableName ?? defaultAuditTableName(names.tableName);
  await Promise.all([
    ensureTable(client, names.tableName),
    ensureTable(client, auditTableName, AUDIT_TABLE_DEFINITION),
  ]);
  return auditTableName;
}

/** Test and local-run overrides applied to every work queue (not to DLQs). */
export interface EnsureQueuesOptions {
  /** E.g. 1 s so a test can see redrive without waiting a minute per receive. */
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
}

/** Logical queue name → queue URL. */
export type QueueUrls = Readonly<Record<string, string>>;

type Attributes = Partial<Record<QueueAttributeName, string>>;

async function findQueueUrl(client: SQSClient, queueName: string): Promise<string | undefined> {
  try {
    const found = await client.send(new GetQueueUrlCommand({ QueueName: queueName }));
    return found.QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist) return undefined;
    throw error;
  }
}

// Creates the queue, or brings an existing one to the wanted attributes:
// CreateQueue alone fails with QueueNameExists when attributes differ.
async function ensureQueue(
  client: SQSClient,
  queueName: string,
  attributes: Attributes,
): Promise<string> {
  const existing = await findQueueUrl(client, queueName);
  if (existing !== undefined) {
    await client.send(
      new SetQueueAttributesCommand({
        QueueUrl: existing,
        Attributes: attributes,
      }),
    );
    return existing;
  }
  const created = await client.send(
    new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }),
  );
  if (created.QueueUrl === undefined) {
    throw new Error(`CreateQueue returned no URL for ${queueName}`);
  }
  return created.QueueUrl;
}

async function queueArn(client: SQSClient, queueUrl: string): Promise<string> {
  const result = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['QueueArn'],
    }),
  );
  const arn = result.Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`No QueueArn for ${queueUrl}`);
  return arn;
}

async function ensureQueuePair(
  client: SQSClient,
  prefix: string,
  definition: QueueDefinition,
  options: EnsureQueuesOptions,
): Promise<[string, string][]> {
  const { deadLetter } = definition;
  // The DLQ comes first: the work queue's RedrivePolicy needs its ARN.
  const dlqUrl = await ensureQueue(client, physicalQueueName(prefix, deadLetter.logicalName), {
    MessageRetentionPeriod: String(deadLetter.retentionSeconds),
  });
  const redrivePolicy = JSON.stringify({
    deadLetterTargetArn: await queueArn(client, dlqUrl),
    maxReceiveCount: options.maxReceiveCount ?? deadLetter.maxReceiveCount,
  });
  const url = await ensureQueue(client, physicalQueueName(prefix, definition.logicalName), {
    VisibilityTimeout: String(
      options.visibilityTimeoutSeconds ?? definition.visibilityTimeoutSeconds,
    ),
    MessageRetentionPeriod: String(definition.retentionSeconds),
    RedrivePolicy: redrivePolicy,
  });
  return [
    [deadLetter.logicalName, dlqUrl],
    [definition.logicalName, url],
  ];
}

/**
 * Creates every queue in {@link QUEUE_DEFINITIONS} under `prefix`, each DLQ before
 * its work queue, and returns their URLs by logical name (DLQs included).
 * Safe to call again; an existing queue is brought to the wanted attributes.
 */
export async function ensureQueues(
  client: SQSClient,
  prefix: string,
  options: EnsureQueuesOptions = {},
): Promise<QueueUrls> {
  const entries: [string, string][] = [];
  for (const definition of QUEUE_DEFINITIONS) {
    entries.push(...(await ensureQueuePair(client, prefix, definition, options)));
  }
  return Object.fromEntries(entries);
}
