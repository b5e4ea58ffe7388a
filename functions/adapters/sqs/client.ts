import { SQSClient } from '@aws-sdk/client-sqs';
import { type AwsClientConfig, sharedClientOptions } from '../aws-client-options.js';

/** Builds an SQS client that fails fast when its endpoint is down. */
export function createSqsClient(config: AwsClientConfig): SQSClient {
  return new SQSClient(sharedClientOptions(config));
}
