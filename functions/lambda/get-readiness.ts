// Lambda entry for GET /v1/health/ready: public, with one read of the party store as its probe.
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { buildGetReadiness } from '../handlers/http/public/get-readiness.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetReadiness(runtimeFromEnv({ parties: dynamoPartyReader }));
