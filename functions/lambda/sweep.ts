/** Lambda entry point: the clock sweep, invoked by the EventBridge Scheduler rule. */
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoNoticeStore } from '../adapters/dynamodb/notices.js';
import { dynamoObligationStore } from '../adapters/dynamodb/obligations.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { sqsDeliveryQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { runtimeFromEnv } from '../handlers/runtime.js';
import { buildSweep } from '../handlers/schedule/sweep.js';
import { sweepDeps } from '../handlers/worker-deps.js';

export const handler = buildSweep(
  sweepDeps(
    runtimeFromEnv({
      obligations: dynamoObligationStore,
      parties: dynamoPartyReader,
      // The credential ages (п.90-1(4)): reminders and blocks, each with its audit entry.
      connections: dynamoConnectionStore,
      deliveries: dynamoDeliveryStore,
      notices: dynamoNoticeStore,
      queue: sqsDeliveryQueue,
    }),
  ),
);
