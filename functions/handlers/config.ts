/**
 * Configuration read once from the environment at cold start (or by the local
 * runtime), validated, and passed down. Nothing below the handlers reads process.env.
 */
import type { AwsClientConfig } from '../adapters/aws-client-options.js';
import { DEFAULT_REGION } from '../adapters/aws-region.js';
import { RETRY_SCHEDULE_SECONDS } from '../core/delivery/retry-schedule.js';

export interface GatewayConfig {
  tableName: string;
  /**
   * The audit table (AUDIT_TABLE_NAME): every audit item, in a table without indexes that
   * IAM keeps append-only. Absent: `<tableName>-audit`.
   */
  auditTableName?: string;
  deliveryQueueUrl: string;
  aws: AwsClientConfig;
  /**
   * Per-service endpoints over `aws.endpoint`, as the SDK's AWS_ENDPOINT_URL_<SERVICE>
   * variables: DynamoDB Local and fauxqs listen on different ports, LocalStack on one.
   */
  serviceEndpoints?: { dynamodb?: string; sqs?: string; s3?: string; kms?: string };
  /**
   * This process does every write to the table (the embedded stack): the DynamoDB adapter
   * may remember what it wrote (audit chain heads). Never set on AWS.
   */
  singleWriter?: boolean;
  webhooks: {
    /** Allow http:// and loopback webhook URLs (local runtime only; docs/contract.md §10). */
    allowInsecure: boolean;
    timeoutMs: number;
  };
  delivery: {
    /**
     * Nominal waits after each failed attempt, in seconds (DELIVERY_RETRY_SCHEDULE,
     * comma-separated; default 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h). A
     * delivery fails after one attempt more than there are waits.
     */
    retryScheduleSeconds: readonly number[];
  };
  /**
   * Secret (≥ 32 bytes) that seals pagination cursors; from `CURSOR_KEY` (base64) on
   * AWS, a key file under the data directory locally. Absent: cursors are not sealed.
   */
  cursorKey?: Uint8Array;
  /**
   * The key that wraps webhook secrets' data keys (issue #12 item 4): a KMS key ARN on
   * AWS (`WEBHOOK_SECRET_KEY_ID`, set only on the functions that seal or open them), a
   * 32-byte key file under the data directory locally. Absent: those functions refuse to start.
   */
  webhookSecrets?: { kmsKeyId: string } | { localKey: Uint8Array };
  /**
   * The KMS asymmetric key that signs the daily audit digests (AUDIT_SIGNING_KEY_ID, set
   * only on the audit job, which signs, and the verifier, which reads its public key).
   * Locally a key file under the data directory signs instead.
   */
  auditSigning?: { kmsKeyId: string };
  /** The Object Lock bucket of the Annex 4 day files (AUDIT_LOG_BUCKET: the audit job only). */
  auditLogBucket?: string;
  /**
   * The Cognito user pool whose app-client secrets a credential reissue replaces
   * (`USER_POOL_ID`, set only on that function). Absent: tokens are minted without client
   * secrets (the embedded stack's development key), so there is none to replace.
   */
  userPoolId?: string;
  tokens: {
    /** Longest bearer-token lifetime accepted, `exp − iat` (issue #12 item 6; default 1 h). */
    maxLifetimeSeconds: number;
    /**
     * The issuer the Lambda authorizer accepts (`TOKEN_ISSUER`: the Cognito user pool's
     * URL; its JWKS is `<issuer>/.well-known/jwks.json`). Set only on the authorizer.
     */
    issuer?: string;
  };
  /**
   * The verbatim archive (issue #15 item 2): a folder (ARCHIVE_DIR; the local runtime keeps
   * it under its data dir), or on AWS the Object Lock bucket (ARCHIVE_BUCKET, set only on
   * the functions that keep or read messages). Absent: messages are not archived (tests
   * that do not need it).
   */
  archive?: { dir: string; bucket?: undefined } | { bucket: string; dir?: undefined };
  /**
   * The secret CloudFront adds to every request it forwards (`EDGE_ORIGIN_SECRET`, AWS only):
   * with it, a request must carry it and the caller's address is CloudFront's record of it
   * (functions/handlers/http/edge-origin.ts).
   */
  edgeOriginSecret?: string;
  /** How long a written delivery may wait for its hand-off before the relay takes it over. */
  outboxGraceSeconds: number;
  /** Where metrics go: CloudWatch EMF on Lambda; nowhere by default (local runtime, tests). */
  metrics?: 'emf' | 'off';
  sweep: {
    /** Local runtime tick (docs/contract.md §7: default 5 s); on AWS the Scheduler rule sets the rate. */
    intervalSeconds: number;
    /** Obligations read per page of the due and reminder indexes. */
    pageSize: number;
  };
}

export type Environment = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function required(env: Environment, name: string): string {
  const value = env[name];
  if (value === undefined || value === '')
    throw new ConfigError(`Environment variable ${name} is required.`);
  return value;
}

function integer(env: Environment, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}".`);
  return value;
}

/** The region the environment names (Lambda sets AWS_REGION), else {@link DEFAULT_REGION}. */
export function regionOf(env: Environment): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION;
}

/** Reads and checks the configuration; throws {@link ConfigError} naming the first problem. */
export function loadConfig(env: Environment): GatewayConfig {
  const endpoint = env.AWS_ENDPOINT_URL;
  return {
    tableName: required(env, 'TABLE_NAME'),
    ...(env.AUDIT_TABLE_NAME ? { auditTableName: env.AUDIT_TABLE_NAME } : {}),
    deliveryQueueUrl: required(env, 'DELIVERY_QUEUE_URL'),
    aws: {
      region: regionOf(env),
      ...(endpoint ? { endpoint } : {}),
    },
    serviceEndpoints: {
      ...(env.AWS_ENDPOINT_URL_DYNAMODB ? { dynamodb: env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
      ...(env.AWS_ENDPOINT_URL_SQS ? { sqs: env.AWS_ENDPOINT_URL_SQS } : {}),
      ...(env.AWS_ENDPOINT_URL_S3 ? { s3: env.AWS_ENDPOINT_URL_S3 } : {}),
      ...(env.AWS_ENDPOINT_URL_KMS ? { kms: env.AWS_ENDPOINT_URL_KMS } : {}),
    },
    webhooks: {
      allowInsecure: env.WEBHOOK_ALLOW_INSECURE === 'true',
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 5_000),
    },
    delivery: { retryScheduleSeconds: scheduleOf(env, 'DELIVERY_RETRY_SCHEDULE') },
    ...cursorKeyOf(env),
    ...(env.WEBHOOK_SECRET_KEY_ID
      ? { webhookSecrets: { kmsKeyId: env.WEBHOOK_SECRET_KEY_ID } }
      : {}),
    ...(env.AUDIT_SIGNING_KEY_ID ? { auditSigning: { kmsKeyId: env.AUDIT_SIGNING_KEY_ID } } : {}),
    ...(env.AUDIT_LOG_BUCKET ? { auditLogBucket: env.AUDIT_LOG_BUCKET } : {}),
    ...(env.USER_POOL_ID ? { userPoolId: env.USER_POOL_ID } : {}),
    tokens: {
      maxLifetimeSeconds: integer(env, 'TOKEN_MAX_LIFETIME_SECONDS', 3_600),
      ...(env.TOKEN_ISSUER ? { issuer: env.TOKEN_ISSUER } : {}),
    },
    outboxGraceSeconds: integer(env, 'OUTBOX_GRACE_SECONDS', 10),
    ...(env.EDGE_ORIGIN_SECRET ? { edgeOriginSecret: env.EDGE_ORIGIN_SECRET } : {}),
    metrics: env.METRICS === 'off' ? 'off' : 'emf',
    ...(env.ARCHIVE_DIR
      ? { archive: { dir: env.ARCHIVE_DIR } }
      : env.ARCHIVE_BUCKET
        ? { archive: { bucket: env.ARCHIVE_BUCKET } }
        : {}),
    sweep: {
      intervalSeconds: integer(env, 'SWEEP_INTERVAL_SECONDS', 5),
      pageSize: integer(env, 'SWEEP_PAGE_SIZE', 100),
    },
  };
}

/** A comma-separated list of positive whole seconds, or the production schedule. */
function scheduleOf(env: Environment, name: string): readonly number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return RETRY_SCHEDULE_SECONDS;
  const waits = raw.split(',').map((part) => Number(part.trim()));
  if (!waits.every((w) => Number.isInteger(w) && w > 0))
    throw new ConfigError(`${name} must be comma-separated positive whole seconds, got "${raw}".`);
  return waits;
}

function cursorKeyOf(env: Environment): { cursorKey?: Uint8Array } {
  const raw = env.CURSOR_KEY;
  if (raw === undefined || raw === '') return {};
  const key = Buffer.from(raw, 'base64');
  if (key.byteLength < 32) throw new ConfigError('CURSOR_KEY must be at least 32 bytes, base64.');
  return { cursorKey: new Uint8Array(key) };
}
