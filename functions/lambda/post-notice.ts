// Lambda entry for POST /v1/notices: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoIdempotencyStore } from '../adapters/dynamodb/idempotency.js';
import { dynamoNoticeStore } from '../adapters/dynamodb/notices.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { s3ArchiveKeeper } from '../adapters/s3/s3-message-archive.js';
import { sqsDeliveryQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { buildPostNotice } from '../handlers/http/notices/post-notice.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyReader,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
  notices: dynamoNoticeStore,
  idempotency: dynamoIdempotencyStore,
  deliveries: dynamoDeliveryStore,
  queue: sqsDeliveryQueue,
});

export const handler = buildPostNotice({ ...runtime, archive: s3ArchiveKeeper(runtime.config) });
