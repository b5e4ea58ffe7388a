/** The DynamoDB adapter's public surface: the store factory and its options. */
export {
  type CapacitySample,
  createDynamoGatewayStore,
  type DynamoGatewayStoreOptions,
} from './create-dynamo-gateway-store.js';
export { DynamoStoreError } from './errors.js';
