import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type AwsClientConfig,
  sharedClientOptions,
  withoutSdkLogging,
} from '../aws-client-options.js';

/** Builds a DynamoDB client that fails fast when its endpoint is down. */
export function createDynamoDbClient(config: AwsClientConfig): DynamoDBClient {
  return withoutSdkLogging(new DynamoDBClient(sharedClientOptions(config)));
}
