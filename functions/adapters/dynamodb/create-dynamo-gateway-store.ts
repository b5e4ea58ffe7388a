/**
 * The DynamoDB implementation of the core's {@link GatewayStore}: one table, one
 * transaction per write, sparse indexes for the sweep and the outbox. The key design
 * is written down in docs/dynamodb-keys.md.
 *
 * The client is built at the edge (handler module scope, local server, tests) and
 * passed in, so every runtime can point it at AWS, LocalStack or DynamoDB Local.
 */
import type { DeliveryFailureStore, GatewayStore } from '../../core/ports/stores.js';
import { createStoreContext, type DynamoGatewayStoreOptions } from './context.js';
import { createDeliveryStore } from './deliveries.js';
import { createIdempotencyStore } from './idempotency.js';
import { createIncidentStore } from './incidents.js';
import { createNoticeStore } from './notices.js';
import { createObligationStore } from './obligations.js';
import { createPartyStore } from './parties.js';

export type { CapacitySample, DynamoGatewayStoreOptions } from './context.js';

/** Builds the gateway store on the given client and table. */
export function createDynamoGatewayStore(
  options: DynamoGatewayStoreOptions,
): GatewayStore & DeliveryFailureStore {
  const ctx = createStoreContext(options);
  return {
    ...createPartyStore(ctx),
    ...createIncidentStore(ctx),
    ...createObligationStore(ctx),
    ...createDeliveryStore(ctx),
    ...createNoticeStore(ctx),
    ...createIdempotencyStore(ctx),
  };
}
