/**
 * The DynamoDB implementation of the core's store ports: one table, one transaction
 * per write, sparse indexes for the sweep and the outbox. The key design is written
 * down in docs/dynamodb-keys.md.
 *
 * The client is built at the edge (local server, scripts, tests) and passed in, so
 * every runtime can point it at AWS, LocalStack or DynamoDB Local. Lambda wiring uses
 * the per-aggregate `dynamo…Store` factories instead, so a function bundles only the
 * aggregates it uses.
 */
import type { AllStores, StorePorts } from '../../core/ports/ports.js';
import { createAuditTrail } from './audit-trail.js';
import { createConnectionStore } from './connections.js';
import { createStoreContext, type DynamoGatewayStoreOptions } from './context.js';
import { createDeliveryStore } from './deliveries.js';
import { createIdempotencyStore } from './idempotency.js';
import { createIncidentStore } from './incidents.js';
import { createNoticeStore } from './notices.js';
import { createObligationStore } from './obligations.js';
import { createPartyStore } from './parties.js';
import { createDynamoRateLimiter } from './rate-limiter.js';
import { createVulnerabilityStore } from './vulnerabilities.js';

export type { CapacitySample, DynamoGatewayStoreOptions } from './context.js';

/** Every store port on the given client and table, as one object (tools and tests). */
export function createDynamoGatewayStore(options: DynamoGatewayStoreOptions): AllStores {
  const ctx = createStoreContext(options);
  return {
    ...createPartyStore(ctx),
    ...createIncidentStore(ctx),
    ...createVulnerabilityStore(ctx),
    ...createObligationStore(ctx),
    ...createDeliveryStore(ctx),
    ...createNoticeStore(ctx),
    ...createIdempotencyStore(ctx),
  };
}

/** Every store port on the given client and table, by port name. */
export function createDynamoStorePorts(options: DynamoGatewayStoreOptions): StorePorts {
  const ctx = createStoreContext(options);
  return {
    parties: createPartyStore(ctx),
    incidents: createIncidentStore(ctx),
    vulnerabilities: createVulnerabilityStore(ctx),
    obligations: createObligationStore(ctx),
    deliveries: createDeliveryStore(ctx),
    notices: createNoticeStore(ctx),
    idempotency: createIdempotencyStore(ctx),
    rateLimiter: createDynamoRateLimiter(options),
    connections: createConnectionStore(ctx),
    audit: createAuditTrail(ctx),
  };
}
