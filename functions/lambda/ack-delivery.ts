// Lambda entry for POST /v1/deliveries/{id}/ack: configuration and adapters are built once, at cold start.
import { buildAckDelivery } from '../handlers/http/deliveries/ack-delivery.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildAckDelivery(runtimeFromEnv());
