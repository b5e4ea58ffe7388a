/** Lambda entry point: SQS delivery queue → signed webhook POSTs (report batch item failures on). */
import { buildDeliverWebhooks } from '../handlers/queue/deliver-webhooks.js';
import { runtimeFromEnv } from '../handlers/runtime.js';
import { deliverWebhooksDeps } from '../handlers/worker-deps.js';

export const handler = buildDeliverWebhooks(deliverWebhooksDeps(runtimeFromEnv()));
