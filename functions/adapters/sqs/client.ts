import { SQSClient } from '@aws-sdk/client-sqs';
import {
  type AwsClientConfig,
  sharedClientOptions,
  withoutSdkLogging,
} from '../aws-client-options.js';

/** Builds an SQS client that fails fast when its endpoint is down. */
export function createSqsClient(config: AwsClientConfig): SQSClient {
  return withoutSdkLogging(new SQSClient(sharedClientOptions(config)));
}
