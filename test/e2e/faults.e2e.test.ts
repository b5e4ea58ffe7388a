/**
 * Dependency faults over real HTTP (issue #3): each test runs its gateway on
 * emulators of its own, so stopping one disturbs no other test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoDbClient, createSqsClient } from '../../functions/adapters/aws-clients.js';
import { startDynamoDbLocal, startSqsEmulator } from '../../functions/local/emulators.js';
import { ensureQueues } from '../../functions/local/provision.js';
import {
  dynamoEndpoint,
  freshQueuePrefix,
  sqsEndpoint,
  TEST_REGION,
} from '../support/emulators.js';
import { startTestGateway, webhookReceiver } from '../support/gateway.js';
import { client, eventually } from '../support/http.js';
import { billingObject, completeCard, partyBody } from '../support/messages.js';

const SECRET = 'owner-secret-owner-secret-owner-secret';

describe('SQS unavailable', () => {
  it('answers 2xx or 503 while SQS is down, and delivers every 2xx message once it is back', async () => {
    const sqs = await startSqsEmulator({ port: 0 });
    const queuePrefix = freshQueuePrefix();
    const gateway = await startTestGateway({
      endpoints: { dynamodb: dynamoEndpoint(), sqs: sqs.endpoint },
      queuePrefix,
    });
    const hook = await webhookReceiver();
    try {
      await gateway.registerParty('ncc-duty', partyBody('ncc'));
      await gateway.registerParty('soc-alpha', partyBody('soc', { objects: [billingObject()] }));
      await gateway.registerParty(
        'owner-energo',
        partyBody('owner', { webhook: { url: hook.url, secret: SECRET } }),
      );
      const soc = client(gateway.url, await gateway.token('soc-alpha', 'soc'));

      await sqs.stop();
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => soc.post('/v1/incidents', completeCard())),
      );
      const accepted = responses
        .filter((r) => r.status === 201)
        .map((r) => r.json<{ id: string }>().id);
      const restarted = await startSqsEmulator({ port: sqs.port });
      await ensureQueues(
        createSqsClient({ region: TEST_REGION, endpoint: restarted.endpoint }),
        queuePrefix,
        {
          visibilityTimeoutSeconds: 5,
        },
      );

      expect(responses.map((r) => r.status).every((s) => s === 201 || s === 503)).toBe(true);
      expect(accepted.length).toBeGreaterThan(0);
      await eventually(() => {
        const delivered = new Set(
          hook.requests.map((r) => JSON.parse(r.body).payload?.incident?.id),
        );
        return accepted.every((id) => delivered.has(id)) ? true : undefined;
      }, 30_000);
      await restarted.stop();
    } finally {
      await gateway.stop();
      await hook.close();
    }
  });
});

describe('DynamoDB unavailable', () => {
  it('answers 503 with Retry-After and writes nothing, then works again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ncc-ddb-fault-'));
    const dynamo = await startDynamoDbLocal({ port: 0, dataDir });
    const gateway = await startTestGateway({
      endpoints: { dynamodb: dynamo.endpoint, sqs: sqsEndpoint() },
    });
    const tableName = gateway.tableName;
    let restarted: Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined;
    try {
      await gateway.registerParty('soc-alpha', partyBody('soc'));
      await gateway.registerParty('owner-energo', partyBody('owner'));
      const soc = client(gateway.url, await gateway.token('soc-alpha', 'soc'));
      expect((await soc.post('/v1/incidents', completeCard())).status).toBe(201);
      const itemsBefore = await itemCount(dynamo.endpoint, tableName);

      await dynamo.stop();
      const failed = await soc.post('/v1/incidents', completeCard({ socReference: 'SOC-DOWN-1' }));
      restarted = await startDynamoDbLocal({ port: dynamo.port, dataDir });
      const itemsAfter = await itemCount(restarted.endpoint, tableName);
      const retried = await soc.post('/v1/incidents', completeCard({ socReference: 'SOC-DOWN-1' }));

      expect(failed.status).toBe(503);
      expect(Number(failed.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(failed.headers.get('content-type')).toContain('application/problem+json');
      expect(itemsAfter).toBe(itemsBefore);
      expect(retried.status).toBe(201);
    } finally {
      await gateway.stop();
      await restarted?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

async function itemCount(endpoint: string, tableName: string): Promise<number> {
  const dynamodb = createDynamoDbClient({ region: TEST_REGION, endpoint });
  const result = await dynamodb.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }));
  return result.Count ?? 0;
}
