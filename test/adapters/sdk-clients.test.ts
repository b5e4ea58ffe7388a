/**
 * The gateway's SDK clients carry no logger middleware: with no SDK logger configured it only
 * built redacted copies of every request and response for a no-op (CPU per incident, #14).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../functions/adapters/dynamodb/client.js';
import { createKmsClient } from '../../functions/adapters/kms/kms-key-wrapping.js';
import { createS3Client } from '../../functions/adapters/s3/client.js';
import { createSqsClient } from '../../functions/adapters/sqs/client.js';

const config = { region: 'us-east-1', endpoint: 'http://127.0.0.1:1' };
const loggers = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().filter((name) => /logger/i.test(name));

describe('SDK clients', () => {
  it('are built without the logger middleware a plain SDK client has', () => {
    const plain = new DynamoDBClient({ region: 'us-east-1' });

    expect(loggers(plain)).not.toEqual([]);
    for (const client of [
      createDynamoDbClient(config),
      createSqsClient(config),
      createS3Client(config),
      createKmsClient(config),
    ])
      expect(loggers(client)).toEqual([]);
  });
});
