// Lambda entry for GET /v1/audit/verify: configuration and the adapters it uses are built once, at cold start.
import { dynamoAuditTrail } from '../adapters/dynamodb/audit-trail.js';
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { kmsAuditVerifier } from '../adapters/kms/kms-audit-signer.js';
import { buildVerifyAudit } from '../handlers/http/audit/verify-audit.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyReader,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
  audit: dynamoAuditTrail,
});

// The signed digests verify with the KMS key's public half (kms:GetPublicKey, once per process).
export const handler = buildVerifyAudit({
  ...runtime,
  auditSigner: kmsAuditVerifier(runtime.config),
});
