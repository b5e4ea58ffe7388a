import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../functions/adapters/aws-clients.js';
import {
  ATTR,
  INDEX,
  TABLE_DEFINITION,
} from '../../functions/adapters/dynamodb/table-definition.js';
import { QUEUE, QUEUE_DEFINITIONS } from '../../functions/adapters/sqs/queue-definitions.js';
import { type RunningEmulator, startDynamoDbLocal } from '../../functions/local/emulators.js';
import { ensureQueues, ensureTable } from '../../functions/local/provision.js';
import { provisionFresh, TEST_REGION } from '../support/emulators.js';
import { eventually } from '../support/http.js';

function urlOf(urls: Readonly<Record<string, string>>, name: string): string {
  const url = urls[name];
  if (url === undefined) throw new Error(`no URL for queue ${name}`);
  return url;
}

describe('table provisioning', () => {
  it('creates the table with its keys, five GSIs and TTL on expiresAt', async () => {
    // Arrange / Act
    const { dynamodb, tableName } = await provisionFresh();

    // Assert
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]),
    );
    expect(Object.keys(indexes).sort()).toEqual(
      ['byDue', 'byOutbox', 'byRemind', 'gsi1', 'gsi2'].sort(),
    );
    for (const definition of TABLE_DEFINITION.globalSecondaryIndexes) {
      const index = indexes[definition.indexName];
      expect(index?.KeySchema).toEqual([
        { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
      ]);
      expect(index?.Projection?.ProjectionType).toBe('ALL');
    }

    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
  });

  it('is idempotent: a second ensureTable on the same table succeeds', async () => {
    // Arrange
    const { dynamodb, tableName } = await provisionFresh();

    // Act / Assert
    await expect(ensureTable(dynamodb, tableName)).resolves.toBeUndefined();
  });

  it('round-trips an item', async () => {
    // Arrange
    const { dynamodb, tableName } = await provisionFresh();
    const item = {
      pk: { S: 'INCIDENT#1' },
      sk: { S: 'META' },
      title: { S: 'Phishing wave' },
      severity: { N: '3' },
    };

    // Act
    await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: item }));
    const read = await dynamodb.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        ConsistentRead: true,
      }),
    );

    // Assert
    expect(read.Item).toEqual(item);
  });

  it('keeps byDue sparse: only items carrying duePk/dueAt, queried by dueAt <= now', async () => {
    // Arrange
    const { dynamodb, tableName } = await provisionFresh();
    const now = '2025-06-01T12:00:00.000Z';
    const put = (sk: string, due?: string) =>
      dynamodb.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: 'INCIDENT#7' },
            sk: { S: sk },
            ...(due === undefined ? {} : { [ATTR.duePk]: { S: 'DUE' }, [ATTR.dueAt]: { S: due } }),
          },
        }),
      );
    await put('OBLIGATION#overdue', '2025-06-01T11:00:00.000Z');
    await put('OBLIGATION#future', '2025-06-01T13:00:00.000Z');
    await put('OBLIGATION#closed'); // closed obligations drop the index keys

    // Act
    const due = await dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEX.byDue,
        KeyConditionExpression: '#pk = :pk AND #at <= :now',
        ExpressionAttributeNames: { '#pk': ATTR.duePk, '#at': ATTR.dueAt },
        ExpressionAttributeValues: { ':pk': { S: 'DUE' }, ':now': { S: now } },
      }),
    );
    const all = await dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEX.byDue,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': ATTR.duePk },
        ExpressionAttributeValues: { ':pk': { S: 'DUE' } },
      }),
    );

    // Assert
    expect(due.Items?.map((i) => i.sk?.S)).toEqual(['OBLIGATION#overdue']);
    expect(all.Items?.map((i) => i.sk?.S)).toEqual(['OBLIGATION#overdue', 'OBLIGATION#future']);
  });
});

describe('queue provisioning', () => {
  it('creates deliveries with its definition and a redrive policy to deliveries-dlq', async () => {
    // Arrange / Act
    const { sqs, queueUrls } = await provisionFresh();

    // Assert
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: urlOf(queueUrls, QUEUE.deliveries),
        AttributeNames: ['All'],
      }),
    );
    const { Attributes: dlq } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: urlOf(queueUrls, QUEUE.deliveriesDlq),
        AttributeNames: ['QueueArn'],
      }),
    );
    expect(Attributes?.VisibilityTimeout).toBe('60');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: dlq?.QueueArn,
      maxReceiveCount: 8,
    });
  });

  it('is idempotent: a second ensureQueues returns the same URLs', async () => {
    // Arrange
    const { sqs } = await provisionFresh();
    const prefix = `again-${Date.now()}`;
    const first = await ensureQueues(sqs, prefix);

    // Act
    const second = await ensureQueues(sqs, prefix, {
      visibilityTimeoutSeconds: 5,
    });

    // Assert
    expect(second).toEqual(first);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: urlOf(second, QUEUE.deliveries),
        AttributeNames: ['VisibilityTimeout'],
      }),
    );
    expect(Attributes?.VisibilityTimeout).toBe('5');
  });

  it('moves a message to deliveries-dlq after maxReceiveCount receives without delete', async () => {
    // Arrange: visibility 0 makes each undeleted message visible again at once
    const { sqs, queueUrls } = await provisionFresh({
      visibilityTimeoutSeconds: 0,
    });
    const maxReceiveCount = QUEUE_DEFINITIONS[0]?.deadLetter.maxReceiveCount ?? 0;
    const deliveries = urlOf(queueUrls, QUEUE.deliveries);
    await sqs.send(new SendMessageCommand({ QueueUrl: deliveries, MessageBody: 'card-1' }));

    // Act
    const receiveCounts: string[] = [];
    for (let i = 0; i < maxReceiveCount; i += 1) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: deliveries,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      receiveCounts.push(Messages?.[0]?.Attributes?.ApproximateReceiveCount ?? 'none');
    }
    const afterLimit = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deliveries }));
    const parked = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: urlOf(queueUrls, QUEUE.deliveriesDlq),
      }),
    );

    // Assert
    expect(receiveCounts).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(afterLimit.Messages ?? []).toEqual([]);
    expect(parked.Messages?.map((m) => m.Body)).toEqual(['card-1']);
  });
});

describe('DynamoDB Local stop and restart', () => {
  let second: RunningEmulator | undefined;

  afterAll(async () => {
    await second?.stop();
  });

  it('fails fast while stopped and answers again after a restart on the same port', async () => {
    // Arrange
    second = await startDynamoDbLocal();
    const { port, endpoint } = second;
    const client = createDynamoDbClient({ region: TEST_REGION, endpoint });
    await client.send(new ListTablesCommand({}));

    // Act: stop it and call through the same client (its keep-alive socket is now dead)
    await second.stop();
    const startedAt = Date.now();
    const failure = await client.send(new ListTablesCommand({})).then(
      () => undefined,
      (error: unknown) => error,
    );
    const failedAfterMs = Date.now() - startedAt;

    // Assert
    expect(failure).toBeInstanceOf(Error);
    expect(failedAfterMs).toBeLessThan(5_000);

    // Act: restart in place
    second = await startDynamoDbLocal({ port });

    // Assert
    expect(second.endpoint).toBe(endpoint);
    await expect(client.send(new ListTablesCommand({}))).resolves.toHaveProperty('TableNames', []);
    // Two JVM starts: ~10 s on a quiet machine, over 30 s on a loaded one (as the fault tests).
  }, 90_000);
});

describe('a supervised DynamoDB Local (issue #14 item 7)', () => {
  let supervised: RunningEmulator | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await supervised?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('is restarted in place, with its data, when its JVM is killed; and given up on past its restarts', async () => {
    // Arrange: a supervised JVM with a table, on a data directory of its own.
    dataDir = await mkdtemp(join(tmpdir(), 'ncc-ddb-supervised-'));
    const restarts: string[] = [];
    const givenUp: Error[] = [];
    supervised = await startDynamoDbLocal({
      dataDir,
      supervise: {
        onRestart: ({ exit }) => restarts.push(exit),
        onGiveUp: (error) => givenUp.push(error),
        maxRestarts: 1,
      },
    });
    const client = createDynamoDbClient({ region: TEST_REGION, endpoint: supervised.endpoint });
    await ensureTable(client, 'supervised');
    const firstPid = supervised.pid;

    // Act 1: the JVM dies (SIGKILL, as by the OOM killer).
    process.kill(firstPid ?? 0, 'SIGKILL');
    await eventually(() => (restarts.length > 0 ? true : undefined), 120_000);

    // Assert 1: the same endpoint answers, a new process, the table still there.
    expect(restarts).toEqual(['signal SIGKILL']);
    expect(supervised.pid).not.toBe(firstPid);
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames).toContain('supervised');

    // Act 2: it dies again, past the one restart allowed in the window.
    process.kill(supervised.pid ?? 0, 'SIGKILL');
    await eventually(() => (givenUp.length > 0 ? true : undefined), 30_000);

    // Assert 2: given up, loudly, and not restarted.
    expect(givenUp[0]?.message).toMatch(/DynamoDB Local died \(signal SIGKILL\) after 1 restart/);
    expect(restarts).toHaveLength(1);
  }, 240_000);
});
