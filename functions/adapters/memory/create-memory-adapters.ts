/**
 * Every port in memory, on one {@link MemoryDb}: use-case, route and contract tests run
 * on it in milliseconds without Java, and the same contract suite holds it to the
 * DynamoDB adapters' behaviour (test/adapters/contract/).
 */
import type { AllStores, StorePorts } from '../../core/ports/ports.js';
import { createMemoryAuditTrail } from './audit-trail.js';
import { createMemoryConnectionStore } from './connections.js';
import { createMemoryDeliveryStore } from './deliveries.js';
import { createMemoryDeliveryQueue, type MemoryDeliveryQueue } from './delivery-queue.js';
import { createMemoryIdempotencyStore } from './idempotency.js';
import { createMemoryIncidentStore } from './incidents.js';
import { MemoryDb, type MemoryDbOptions } from './memory-db.js';
import { createMemoryNoticeStore } from './notices.js';
import { createMemoryObligationStore } from './obligations.js';
import { createMemoryPartyStore } from './parties.js';
import { createMemoryRateLimiter } from './rate-limiter.js';
import { createMemoryVulnerabilityStore } from './vulnerabilities.js';

export interface MemoryAdapters extends StorePorts {
  queue: MemoryDeliveryQueue;
  /** The store's state and its "dependency down" switch. */
  db: MemoryDb;
}

/** Every store port and the queue, on a new empty store. */
export function createMemoryAdapters(options: MemoryDbOptions = {}): MemoryAdapters {
  const db = new MemoryDb(options);
  return { ...createMemoryStorePorts(db), queue: createMemoryDeliveryQueue(), db };
}

/** Every store port on `db`. */
export function createMemoryStorePorts(db: MemoryDb): StorePorts {
  return {
    parties: createMemoryPartyStore(db),
    incidents: createMemoryIncidentStore(db),
    vulnerabilities: createMemoryVulnerabilityStore(db),
    obligations: createMemoryObligationStore(db),
    deliveries: createMemoryDeliveryStore(db),
    notices: createMemoryNoticeStore(db),
    idempotency: createMemoryIdempotencyStore(db),
    rateLimiter: createMemoryRateLimiter(db),
    connections: createMemoryConnectionStore(db),
    audit: createMemoryAuditTrail(db),
  };
}

/** Every store port on `db` as one object (the shape of `createDynamoGatewayStore`). */
export function createMemoryGatewayStore(db: MemoryDb): AllStores {
  const ports = createMemoryStorePorts(db);
  return {
    ...ports.parties,
    ...ports.incidents,
    ...ports.vulnerabilities,
    ...ports.obligations,
    ...ports.deliveries,
    ...ports.notices,
    ...ports.idempotency,
  };
}
