/**
 * A fixed one-minute window per party, kept in one item (`PARTY#<id>` / `RATE`) that is
 * reused window after window — no TTL needed, so idempotency records stay the only
 * expiring items. Normally one conditional UpdateItem per request; two at a window edge.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../core/ports/rate-limiter.js';
import { withStoreErrors } from './errors.js';
import { type DynamoSettings, storeContextFor } from './settings.js';

const WINDOW_MS = 60_000;

/** The rate limiter on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoRateLimiter(settings: DynamoSettings): RateLimiter {
  const ctx = storeContextFor(settings);
  return rateLimiterOn(ctx.doc, ctx.tableName);
}

export function createDynamoRateLimiter(options: {
  client: DynamoDBClient;
  tableName: string;
}): RateLimiter {
  return rateLimiterOn(DynamoDBDocumentClient.from(options.client), options.tableName);
}

function rateLimiterOn(doc: DynamoDBDocumentClient, tableName: string): RateLimiter {
  const key = (partyId: string) => ({ pk: `PARTY#${partyId}`, sk: 'RATE' });
  const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

  return {
    take: (partyId, perMinute, nowMs) =>
      withStoreErrors('rateLimit', async () => {
        const windowStart = Math.floor(nowMs / WINDOW_MS) * WINDOW_MS;
        // `>=`: a request that read the clock just before a window edge, racing one that
        // already opened the next window, counts in the newer window instead of failing.
        const countInWindow = () =>
          doc.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key(partyId),
              UpdateExpression: 'ADD #used :one',
              ConditionExpression: '#window >= :window AND #used < :limit',
              ExpressionAttributeNames: { '#window': 'windowStart', '#used': 'used' },
              ExpressionAttributeValues: { ':window': windowStart, ':limit': perMinute, ':one': 1 },
            }),
          );
        const startWindow = () =>
          doc.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key(partyId),
              UpdateExpression: 'SET #window = :window, #used = :one',
              ConditionExpression: 'attribute_not_exists(#window) OR #window < :window',
              ExpressionAttributeNames: { '#window': 'windowStart', '#used': 'used' },
              ExpressionAttributeValues: { ':window': windowStart, ':one': 1 },
            }),
          );
        // Same window with budget left; else open the new window; else another request
        // opened it a moment ago, so count in it — only then is the budget spent.
        for (const attempt of [countInWindow, startWindow, countInWindow]) {
          try {
            await attempt();
            return undefined;
          } catch (error) {
            if (!conditionFailed(error)) throw error;
          }
        }
        return Math.max(1, Math.ceil((windowStart + WINDOW_MS - nowMs) / 1000));
      }),
  };
}
