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
    // It waits up to 30 s for the deliveries alone, after restarting fauxqs.
  }, 90_000);
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
    // Two JVM starts of its own: on a busy 2-core machine each can take 10 s or more.
  }, 90_000);
});

describe('DynamoDB hung (paused, not dead), then resumed', () => {
  it('answers within 5 s while paused, never claims "nothing was written" for a write, and a retry after resuming stores the card once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ncc-ddb-hung-'));
    const dynamo = await startDynamoDbLocal({ port: 0, dataDir });
    const gateway = await startTestGateway({
      endpoints: { dynamodb: dynamo.endpoint, sqs: sqsEndpoint() },
    });
    const pid = dynamo.pid;
    if (pid === undefined) throw new Error('DynamoDB Local has no process id');
    try {
      await gateway.registerParty('soc-alpha', partyBody('soc', { objects: [billingObject()] }));
      await gateway.registerParty('owner-energo', partyBody('owner'));
      const soc = client(gateway.url, await gateway.token('soc-alpha', 'soc'));
      const card = completeCard({ socReference: 'SOC-HUNG-1' });

      process.kill(pid, 'SIGSTOP');
      let write: Awaited<ReturnType<typeof soc.post>>;
      let read: Awaited<ReturnType<typeof soc.get>>;
      let slowestMs: number;
      try {
        const timed = async <T>(call: () => Promise<T>) => {
          const started = performance.now();
          const answer = await call();
          return { answer, ms: performance.now() - started };
        };
        const [w, r] = await Promise.all([
          timed(() => soc.post('/v1/incidents', card, { headers: { 'accept-language': 'en' } })),
          timed(() => soc.get('/v1/incidents')),
        ]);
        write = w.answer;
        read = r.answer;
        slowestMs = Math.max(w.ms, r.ms);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      // The first write may still land once DynamoDB resumes: the retry must be a replay.
      const retried = await eventually(
        async () => {
          const answer = await soc.post('/v1/incidents', card);
          return answer.status === 503 ? undefined : answer;
        },
        60_000,
        1_000,
      );
      const listed = await soc.get('/v1/incidents?limit=100');

      expect(slowestMs).toBeLessThanOrEqual(5_000);
      expect(write.status).toBe(503);
      expect(write.json()).toMatchObject({ code: 'outcome_unknown' });
      expect(write.text).not.toMatch(/nothing was written/);
      expect(Number(write.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(read.status).toBe(503);
      expect(read.json()).toMatchObject({ code: 'dependency_unavailable' });
      expect([200, 201]).toContain(retried.status);
      const stored = listed
        .json<{ items: Array<{ socReference?: string; id: string }> }>()
        .items.filter((i) => i.socReference === 'SOC-HUNG-1');
      expect(stored.map((i) => i.id)).toEqual([retried.json<{ id: string }>().id]);
    } finally {
      await gateway.stop();
      await dynamo.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

async function itemCount(endpoint: string, tableName: string): Promise<number> {
  const dynamodb = createDynamoDbClient({ region: TEST_REGION, endpoint });
  const result = await dynamodb.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }));
  return result.Count ?? 0;
}
