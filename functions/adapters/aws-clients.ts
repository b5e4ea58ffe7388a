/**
 * Both SDK clients in one import, for the local runtime, scripts and tests. Lambda
 * wiring imports `dynamodb/client.ts` or `sqs/client.ts` instead, so a function
 * bundles only the clients it uses.
 */
export {
  type AwsClientConfig,
  type AwsStaticCredentials,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REGION,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './aws-client-options.js';
export { createDynamoDbClient } from './dynamodb/client.js';
export { createSqsClient } from './sqs/client.js';
