/**
 * Builds the gateway's dependencies from configuration: the one place where SDK
 * clients and adapters are created. Lambda entry points call it at cold start; the
 * local runtime calls it with emulator endpoints; tests call it with fresh names.
 */

import {
  type AwsClientConfig,
  createDynamoDbClient,
  createSqsClient,
} from '../adapters/aws-clients.js';
import { createDynamoGatewayStore } from '../adapters/dynamodb/index.js';
import { createDynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import {
  checkWebhookUrl,
  WebhookRefusedError,
  type WebhookUrlPolicy,
} from '../adapters/http/webhook-url-guard.js';
import {
  createSqsDeliveryQueue,
  type SqsDeliveryQueue,
} from '../adapters/sqs/sqs-delivery-queue.js';
import { createCursorSeal } from '../core/paging/cursor-seal.js';
import { type Metrics, NO_METRICS } from '../core/ports/metrics.js';
import { newGatewayId } from '../core/use-cases/context.js';
import { type Environment, type GatewayConfig, loadConfig } from './config.js';
import type { HttpDeps } from './http/route.js';
import { createLogger } from './logger.js';
import { createEmfMetrics } from './metrics.js';

/** Everything a handler needs, for HTTP routes and for the queue and schedule triggers. */
export interface GatewayRuntime extends HttpDeps {
  config: GatewayConfig;
  queue: SqsDeliveryQueue;
  metrics: Metrics;
}

/** The client config of one service: its own endpoint, if it has one, over the shared one. */
function forService(aws: AwsClientConfig, endpoint: string | undefined): AwsClientConfig {
  return endpoint === undefined ? aws : { ...aws, endpoint };
}

export function createGatewayRuntime(config: GatewayConfig): GatewayRuntime {
  const dynamodb = createDynamoDbClient(forService(config.aws, config.serviceEndpoints?.dynamodb));
  const sqs = createSqsClient(forService(config.aws, config.serviceEndpoints?.sqs));
  const logger = createLogger();
  return {
    config,
    rateLimiter: createDynamoRateLimiter({ client: dynamodb, tableName: config.tableName }),
    store: createDynamoGatewayStore({ client: dynamodb, tableName: config.tableName }),
    queue: createSqsDeliveryQueue({ client: sqs, queueUrl: config.deliveryQueueUrl }),
    now: () => new Date(),
    tokenRules: { maxLifetimeSeconds: config.tokens.maxLifetimeSeconds },
    ...(config.cursorKey ? { cursorSeal: createCursorSeal(config.cursorKey) } : {}),
    newId: newGatewayId,
    log: logger,
    logger,
    metrics: config.metrics === 'emf' ? createEmfMetrics() : NO_METRICS,
    webhookUrlProblem: (url) =>
      webhookUrlProblem(url, { allowInsecure: config.webhooks.allowInsecure }),
  };
}

let fromEnvironment: GatewayRuntime | undefined;

/** The runtime of a Lambda process, built once at cold start from the environment (fails fast on bad config). */
export function runtimeFromEnv(env: Environment = process.env): GatewayRuntime {
  fromEnvironment ??= createGatewayRuntime(loadConfig(env));
  return fromEnvironment;
}

/** The send-time SSRF guard, as a registration check: the reason for refusal, or undefined. */
async function webhookUrlProblem(
  url: string,
  policy: WebhookUrlPolicy,
): Promise<string | undefined> {
  try {
    await checkWebhookUrl(url, policy);
    return undefined;
  } catch (error) {
    if (error instanceof WebhookRefusedError) return error.message;
    throw error;
  }
}
