/**
 * Lambda entry point: the daily audit job (signed digest, Annex 4 day files), invoked by
 * the EventBridge Scheduler rule shortly after 00:00 UTC.
 */
import { dynamoAuditTrail } from '../adapters/dynamodb/audit-trail.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { kmsAuditSigner } from '../adapters/kms/kms-audit-signer.js';
import { s3AuditLogStore } from '../adapters/s3/s3-audit-log-store.js';
import { runtimeFromEnv } from '../handlers/runtime.js';
import { buildCloseAuditDay } from '../handlers/schedule/close-audit-day.js';

const runtime = runtimeFromEnv({
  audit: dynamoAuditTrail,
  parties: dynamoPartyReader,
});

export const handler = buildCloseAuditDay({
  ...runtime,
  // kms:Sign on the audit signing key, nothing else (cdk/grants.ts grantAuditSign).
  signer: kmsAuditSigner(runtime.config),
  // PutObject under audit/ in the Object Lock log bucket (cdk/grants.ts grantAuditLogWrite).
  logStore: s3AuditLogStore(runtime.config),
});
