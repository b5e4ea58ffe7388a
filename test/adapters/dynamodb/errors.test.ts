import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { PutItemCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../../functions/adapters/aws-clients.js';
import { translateError } from '../../../functions/adapters/dynamodb/errors.js';
import {
  createDynamoGatewayStore,
  DynamoStoreError,
} from '../../../functions/adapters/dynamodb/index.js';
import { sortableInstant } from '../../../functions/adapters/dynamodb/keys.js';
import { encodeCursor } from '../../../functions/adapters/dynamodb/pagination.js';
import {
  DependencyUnavailableError,
  MalformedBodyError,
  OutcomeUnknownError,
} from '../../../functions/core/errors.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import { ClaimTakenError } from '../../../functions/core/ports/write-conflicts.js';
import { findFreePort } from '../../../functions/local/emulators.js';
import { dynamoEndpoint, TEST_REGION } from '../../support/emulators.js';
import { newIncident, partyId } from '../../support/records.js';
import { type FreshStore, freshStore } from './fresh-store.js';

function storeAt(endpoint: string, requestTimeoutMs?: number): AllStores {
  const client = createDynamoDbClient({
    region: TEST_REGION,
    endpoint,
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
  });
  return createDynamoGatewayStore({ client, tableName: 'unreachable' });
}

async function timed<T>(run: () => Promise<T>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, elapsedMs: performance.now() - started };
}

describe('an unreachable DynamoDB', () => {
  it('is DependencyUnavailableError within seconds when nothing listens (reads and writes)', async () => {
    // Arrange: a port that was free a moment ago.
    const store = storeAt(`http://127.0.0.1:${await findFreePort()}`);

    // Act
    const read = await timed(() => store.getParty('soc-alpha'));
    const write = await timed(() => store.saveNewIncident(newIncident()));

    // Assert
    for (const outcome of [read, write]) {
      expect(outcome.error).toBeInstanceOf(DependencyUnavailableError);
      expect(outcome.error).toMatchObject({ code: 'dependency_unavailable', retryAfterSeconds: 5 });
      expect(outcome.elapsedMs).toBeLessThan(5_000);
    }
  });

  describe('that accepts connections but never answers', () => {
    let server: Server;
    const sockets: Socket[] = [];

    beforeAll(async () => {
      server = createServer((socket) => sockets.push(socket));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    });

    it('is DependencyUnavailableError after the request timeout', async () => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const store = storeAt(`http://127.0.0.1:${address.port}`, 1_000);

      const outcome = await timed(() => store.listDue('2026-11-20T00:00:00Z', 10));

      expect(outcome.error).toBeInstanceOf(DependencyUnavailableError);
      expect(outcome.elapsedMs).toBeLessThan(5_000);
    });

    it('is OutcomeUnknownError for a write it may have applied: never "nothing was written"', async () => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const store = storeAt(`http://127.0.0.1:${address.port}`, 1_000);

      const outcome = await timed(() => store.saveNewIncident(newIncident()));

      expect(outcome.error).toBeInstanceOf(OutcomeUnknownError);
      expect(outcome.error).toMatchObject({ code: 'outcome_unknown', retryAfterSeconds: 5 });
      expect((outcome.error as Error).message).not.toMatch(/nothing was written/);
    });
  });
});

describe('what a failed write says about its outcome', () => {
  const timeout = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
  const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
  const refused = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
  const throttled = Object.assign(new Error('slow down'), {
    name: 'ProvisionedThroughputExceededException',
    $metadata: { httpStatusCode: 400 },
  });
  const serverError = Object.assign(new Error('boom'), { $metadata: { httpStatusCode: 500 } });

  it.each([
    ['a timeout', timeout, 'outcome_unknown'],
    ['a reset connection', reset, 'outcome_unknown'],
    ['a 500', serverError, 'outcome_unknown'],
    ['a refused connection', refused, 'dependency_unavailable'],
    ['throttling', throttled, 'dependency_unavailable'],
  ])('%s on a write is %s', (_name, error, code) => {
    expect(translateError(error, 'saveNewIncident')).toMatchObject({ code });
  });

  it.each([timeout, reset, serverError, refused, throttled])(
    'any unavailability on a read is dependency_unavailable (%#)',
    (error) => {
      expect(translateError(error, 'getIncident')).toMatchObject({
        code: 'dependency_unavailable',
      });
    },
  );
});

describe('faults of ours are 500s, not 503s', () => {
  let fresh: FreshStore;
  beforeAll(async () => {
    fresh = await freshStore();
  });

  it('a missing table is a DynamoStoreError', async () => {
    const client = createDynamoDbClient({ region: TEST_REGION, endpoint: dynamoEndpoint() });
    const store = createDynamoGatewayStore({ client, tableName: 'no-such-table' });
    await expect(store.getParty('x')).rejects.toBeInstanceOf(DynamoStoreError);
  });

  it('an item that does not decode is a DynamoStoreError, not a half-typed record', async () => {
    // Arrange: an incident head without most of its fields.
    await fresh.client.send(
      new PutItemCommand({
        TableName: fresh.tableName,
        Item: {
          pk: { S: 'SUBJECT#inc_corrupt' },
          sk: { S: 'INCIDENT' },
          entity: { S: 'incident' },
          data: { M: { id: { S: 'inc_corrupt' }, severity: { S: 'high' } } },
        },
      }),
    );

    // Act / Assert
    await expect(fresh.store.getIncident('inc_corrupt')).rejects.toThrow(
      /does not have the expected fields/,
    );
  });

  it('a malformed cursor is a 400 (MalformedBodyError invalid_cursor)', async () => {
    const socId = partyId();
    const listing = (cursor: string) => fresh.store.listIncidents({ socId }, { limit: 5, cursor });
    const foreignPartition = encodeCursor({
      pk: 'SUBJECT#inc_x',
      sk: 'INCIDENT',
      gsi1pk: 'PARTY#someone-else#INCIDENTS',
      gsi1sk: '2026-11-20T00:00:00.000Z',
    });

    for (const cursor of [
      'not base64 at all!',
      encodeCursor({ pk: 'x' }),
      Buffer.from('[1,2]').toString('base64url'),
      foreignPartition,
    ]) {
      const error = await listing(cursor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MalformedBodyError);
      expect(error).toMatchObject({ code: 'invalid_cursor' });
    }
  });
});

describe('translateError', () => {
  const unavailable = [
    Object.assign(new Error('throttled'), { name: 'ThrottlingException' }),
    Object.assign(new Error('throughput'), { name: 'ProvisionedThroughputExceededException' }),
    Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('timeout'), { name: 'TimeoutError' }),
    Object.assign(new Error('gateway'), { $metadata: { httpStatusCode: 503 } }),
    new AggregateError(
      [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })],
      'all attempts failed',
    ),
    new TransactionCanceledException({
      message: 'cancelled',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
    }),
    new TransactionCanceledException({
      message: 'cancelled',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'TransactionConflict' }],
    }),
  ];

  it.each(unavailable.map((error) => [error.name, error]))(
    'classifies %s as unavailable',
    (_name, error) => {
      const translated = translateError(error, 'op');
      expect(translated).toBeInstanceOf(DependencyUnavailableError);
      expect(translated.cause).toBe(error);
    },
  );

  it('classifies a validation error as a fault of ours and passes port outcomes through', () => {
    const validation = Object.assign(new Error('bad'), {
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    const claim = new ClaimTakenError('socReference', {
      requestSha256: '',
      receipt: { id: 'i', receivedAt: '', version: 1, sha256: '', warnings: [], obligations: [] },
      statusCode: 201,
      subjectId: 'i',
    });
    expect(translateError(validation, 'op')).toBeInstanceOf(DynamoStoreError);
    expect(translateError(claim, 'op')).toBe(claim);
    expect(translateError('a string', 'op')).toBeInstanceOf(DynamoStoreError);
  });
});

describe('sortableInstant', () => {
  it('turns any RFC 3339 form into a fixed-width UTC string whose order is time order', () => {
    const values = [
      '2026-11-20T04:25:00Z',
      '2026-11-20T04:25:00.5Z',
      '2026-11-20T09:24:59+05:00',
    ].map(sortableInstant);
    expect(values).toEqual([
      '2026-11-20T04:25:00.000Z',
      '2026-11-20T04:25:00.500Z',
      '2026-11-20T04:24:59.000Z',
    ]);
    expect([...values].sort()).toEqual([values[2], values[0], values[1]]);
  });
});
