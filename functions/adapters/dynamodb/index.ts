/** The DynamoDB adapter's public surface for tools and tests: the store factories and their options. */
export {
  type CapacitySample,
  createDynamoGatewayStore,
  createDynamoStorePorts,
  type DynamoGatewayStoreOptions,
} from './create-dynamo-gateway-store.js';
export { DynamoStoreError } from './errors.js';
