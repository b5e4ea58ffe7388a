/**
 * Every adapter on DynamoDB and SQS: what the local runtime, the benchmarks and the
 * end-to-end tests wire. Lambda entries never import this (they name their adapters,
 * so each bundle holds only its own).
 */
import { dynamoAuditTrail } from '../adapters/dynamodb/audit-trail.js';
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoIdempotencyStore } from '../adapters/dynamodb/idempotency.js';
import { dynamoIncidentStore } from '../adapters/dynamodb/incidents.js';
import { dynamoNoticeStore } from '../adapters/dynamodb/notices.js';
import { dynamoObligationStore } from '../adapters/dynamodb/obligations.js';
import { dynamoPartyStore } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { dynamoVulnerabilityStore } from '../adapters/dynamodb/vulnerabilities.js';
import { createFolderMessageArchive } from '../adapters/local/folder-message-archive.js';
import { sqsConsumerQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { NO_CLIENT_SECRETS } from '../core/ports/client-secrets.js';
import type { SecretBox } from '../core/ports/secret-box.js';
import type { GatewayConfig } from './config.js';
import type { HttpDeps } from './http/route.js';
import { createGatewayRuntime, type GatewayRuntime, type Wired } from './runtime.js';
import { secretBoxFor } from './secret-box.js';
import { webhookUrlCheck } from './webhook-url-problem.js';

/** Every port's DynamoDB or SQS adapter factory. */
export const ALL_ADAPTERS = {
  parties: dynamoPartyStore,
  incidents: dynamoIncidentStore,
  vulnerabilities: dynamoVulnerabilityStore,
  obligations: dynamoObligationStore,
  deliveries: dynamoDeliveryStore,
  notices: dynamoNoticeStore,
  idempotency: dynamoIdempotencyStore,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
  audit: dynamoAuditTrail,
  // The local runtime runs the worker too, so it wires the consumer's side of the queue.
  queue: sqsConsumerQueue,
};

/** A runtime with every adapter wired: it can build every route, the worker and the sweep. */
export type FullRuntime = GatewayRuntime &
  Wired<typeof ALL_ADAPTERS> &
  HttpDeps & { secretBox: SecretBox };

export function createFullRuntime(config: GatewayConfig): FullRuntime {
  return {
    ...createGatewayRuntime(config, ALL_ADAPTERS),
    ...(config.archive?.dir ? { archive: createFolderMessageArchive(config.archive.dir) } : {}),
    webhookUrlProblem: webhookUrlCheck(config),
    secretBox: secretBoxFor(config),
    // The embedded stack mints tokens from its development key: no client secret exists.
    clientSecrets: NO_CLIENT_SECRETS,
  };
}
