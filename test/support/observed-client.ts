/**
 * A DynamoDB client of its own (one "process") on the run's DynamoDB Local, observed by a
 * middleware: the calls are real, and the test reads which commands were sent.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../../functions/adapters/aws-clients.js';
import { createDynamoStorePorts } from '../../functions/adapters/dynamodb/index.js';
import { EMULATOR_REQUEST_TIMEOUT_MS } from '../../functions/local/emulators.js';
import { ensureTables } from '../../functions/local/provision.js';
import { dynamoEndpoint, freshTableName, TEST_REGION } from './emulators.js';

/** The commands a client sent, by name, with the key of each GetItem (`pk|sk`). */
export interface Sent {
  commands: string[];
  getKeys: string[];
}

export function observedClient(): { client: DynamoDBClient; sent: Sent } {
  const client = createDynamoDbClient({
    region: TEST_REGION,
    endpoint: dynamoEndpoint(),
    requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
  });
  const sent: Sent = { commands: [], getKeys: [] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.commands.push(String(context.commandName));
      // Marshalled (client-dynamodb) or not yet (lib-dynamodb marshals in a later step).
      const key = (args.input as { Key?: Record<string, unknown> }).Key ?? {};
      const text = (value: unknown) =>
        typeof value === 'string' ? value : (value as { S?: string } | undefined)?.S;
      if (context.commandName === 'GetItemCommand')
        sent.getKeys.push(`${text(key.pk)}|${text(key.sk)}`);
      return next(args);
    },
    { step: 'initialize', name: 'observeCommands' },
  );
  return { client, sent };
}

/** A fresh table on the run's DynamoDB Local, for store ports each on a client of its own. */
export async function observedTable() {
  const tableName = freshTableName();
  await ensureTables(observedClient().client, { tableName });
  return {
    tableName,
    /** One "process": store ports on an observed client of its own (`singleWriter` as given). */
    process(options: { singleWriter?: boolean } = {}) {
      const { client, sent } = observedClient();
      return { ports: createDynamoStorePorts({ client, tableName, ...options }), sent };
    },
  };
}
