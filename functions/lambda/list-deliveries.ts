// Lambda entry for GET /v1/deliveries: configuration and adapters are built once, at cold start.
import { buildListDeliveries } from '../handlers/http/deliveries/list-deliveries.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListDeliveries(runtimeFromEnv());
