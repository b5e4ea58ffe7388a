/**
 * Lambda entry point: the quarterly summary job (001 п.17), invoked daily by the
 * EventBridge Scheduler rule; delivers a closed quarter's summary to ҰҚК once.
 */
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoIncidentStore } from '../adapters/dynamodb/incidents.js';
import { dynamoObligationStore } from '../adapters/dynamodb/obligations.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoVulnerabilityStore } from '../adapters/dynamodb/vulnerabilities.js';
import { sqsDeliveryQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { runtimeFromEnv } from '../handlers/runtime.js';
import { buildDeliverQuarterlySummary } from '../handlers/schedule/deliver-quarterly-summary.js';

export const handler = buildDeliverQuarterlySummary(
  runtimeFromEnv({
    incidents: dynamoIncidentStore,
    vulnerabilities: dynamoVulnerabilityStore,
    obligations: dynamoObligationStore,
    parties: dynamoPartyReader,
    deliveries: dynamoDeliveryStore,
    queue: sqsDeliveryQueue,
  }),
);
