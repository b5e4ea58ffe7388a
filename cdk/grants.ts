/**
 * Data access per function, written out action by action and resource by resource:
 * no `*` in an action, and none in a resource but the archive's key prefixes (an S3
 * object ARN cannot name keys not yet written), each acknowledged to cdk-nag with its
 * reason; a reviewer can read exactly what each function may do. (The CDK's
 * `grantReadData` and friends would add `table/index/*`, `kms:ReEncrypt*` and
 * `kms:GenerateDataKey*`.)
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { TABLE_DEFINITION } from '../functions/adapters/dynamodb/table-definition.js';
import {
  auditTableAccessOf,
  type Capabilities,
  sendsToQueue,
  tableAccessOf,
} from '../functions/handlers/capabilities.js';

/** Item reads; Scan is left out on purpose (nothing may read the whole table). */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

/** Item writes (a TransactWriteItems call is authorised item by item with these). */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/**
 * The audit table (issue #9): reads are what the trail does (the head by key, a chain or a
 * day's markers by Query); appends are Puts — entries and markers conditioned on not
 * existing, the head on the seq and hash it was read at, a digest once per day. No
 * UpdateItem, no DeleteItem, no BatchWriteItem for any function: no role can change or
 * remove an audit row except by a Put, which the hash chain and the signed digests expose.
 */
export const AUDIT_TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;
export const AUDIT_TABLE_APPEND_ACTIONS = ['dynamodb:PutItem'] as const;

/** What each kind of caller needs of the customer-managed key, only through the named service. */
const KMS_DECRYPT = ['kms:Decrypt', 'kms:DescribeKey'] as const;
const KMS_ENCRYPT = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;

export interface TableAccess {
  table: ITable;
  key: IKey;
}

/** The table and every index of TABLE_DEFINITION, by ARN (no `index/*`). */
export function tableResourceArns(table: ITable): string[] {
  return [
    table.tableArn,
    ...TABLE_DEFINITION.globalSecondaryIndexes.map(
      (index) => `${table.tableArn}/index/${index.indexName}`,
    ),
  ];
}

/** Lets the key be used only by the named service acting for the caller, not directly. */
function viaService(service: 'dynamodb' | 'sqs' | 's3', resource: ITable | IQueue | IBucket) {
  return {
    StringEquals: { 'kms:ViaService': `${service}.${Stack.of(resource).region}.amazonaws.com` },
  };
}

function addToRole(grantee: IGrantable, statement: PolicyStatement): void {
  grantee.grantPrincipal.addToPrincipalPolicy(statement);
}

/**
 * `actions` on `resources` of a table, and the KMS `keyActions` they need on its key —
 * only when DynamoDB asks for them on that table's behalf.
 */
function grantTableItems(
  grantee: IGrantable,
  { table, key }: TableAccess,
  actions: readonly string[],
  resources: string[],
  keyActions: readonly string[],
): void {
  addToRole(grantee, new PolicyStatement({ actions: [...actions], resources }));
  addToRole(
    grantee,
    new PolicyStatement({
      actions: [...keyActions],
      resources: [key.keyArn],
      conditions: viaService('dynamodb', table),
    }),
  );
}

/** GetItem / Query on the table and its indexes, and decryption through DynamoDB. */
export function grantTableRead(grantee: IGrantable, access: TableAccess): void {
  grantTableItems(
    grantee,
    access,
    TABLE_READ_ACTIONS,
    tableResourceArns(access.table),
    KMS_DECRYPT,
  );
}

/** Reads plus item writes on the table (writes go to the table; indexes follow). */
export function grantTableReadWrite(grantee: IGrantable, access: TableAccess): void {
  grantTableRead(grantee, access);
  grantTableItems(grantee, access, TABLE_WRITE_ACTIONS, [access.table.tableArn], KMS_ENCRYPT);
}

/** Reading the audit trail: GetItem and Query on the audit table, decryption through DynamoDB. */
export function grantAuditTableRead(grantee: IGrantable, access: TableAccess): void {
  grantTableItems(grantee, access, AUDIT_TABLE_READ_ACTIONS, [access.table.tableArn], KMS_DECRYPT);
}

/** Appending to the audit trail: its reads, PutItem, and encryption through DynamoDB. */
export function grantAuditTableAppend(grantee: IGrantable, access: TableAccess): void {
  grantAuditTableRead(grantee, access);
  grantTableItems(
    grantee,
    access,
    AUDIT_TABLE_APPEND_ACTIONS,
    [access.table.tableArn],
    KMS_ENCRYPT,
  );
}

/** SendMessage (and SendMessageBatch, which IAM authorises as SendMessage) to one queue. */
export function grantQueueSend(grantee: IGrantable, queue: IQueue, key: IKey): void {
  addToRole(
    grantee,
    new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
  );
  addToRole(
    grantee,
    new PolicyStatement({
      // A producer to an SSE-KMS queue needs a data key and, for a cached one, Decrypt.
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: viaService('sqs', queue),
    }),
  );
}

/** The encryption context every webhook-secret data key carries (functions/adapters/kms/kms-key-wrapping.ts). */
const WEBHOOK_SECRET_CONTEXT = { 'kms:EncryptionContext:purpose': 'webhook-secret' };

/**
 * Sealing webhook secrets (the registration function): new data keys under the
 * webhook-secret key, never Decrypt (issue #12 item 4).
 */
export function grantWebhookSecretSeal(grantee: IGrantable, key: IKey): void {
  addToRole(
    grantee,
    new PolicyStatement({
      actions: ['kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: { StringEquals: WEBHOOK_SECRET_CONTEXT },
    }),
  );
}

/** Opening webhook secrets (the delivery worker only): Decrypt of their data keys. */
export function grantWebhookSecretOpen(grantee: IGrantable, key: IKey): void {
  addToRole(
    grantee,
    new PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: WEBHOOK_SECRET_CONTEXT },
    }),
  );
}

/** The archive's key prefixes (functions/adapters/s3/s3-message-archive.ts). */
export const ARCHIVE_PREFIXES = {
  /** The bytes, under their SHA-256. */
  messages: 'messages/',
  /** Which parties sent or received them. */
  parties: 'parties/',
  /** The day each was kept, for the daily verifier. */
  days: 'days/',
} as const;

/** `<bucket ARN>/<prefix>*`: the objects under one key prefix. */
export function objectsUnder(bucket: IBucket, prefix: string): string {
  return bucket.arnForObjects(`${prefix}*`);
}

/** cdk-nag's IAM5 finding for one resource: the ARN with `<Ref>` for each reference. */
function iam5Finding(scope: IConstruct, arn: string): string {
  const flatten = (node: unknown): string => {
    if (typeof node === 'string') return node;
    const value = node as {
      'Fn::Join'?: [string, unknown[]];
      'Fn::GetAtt'?: [string, string];
      Ref?: string;
    };
    if (value['Fn::Join']) return value['Fn::Join'][1].map(flatten).join(value['Fn::Join'][0]);
    if (value['Fn::GetAtt']) return `<${value['Fn::GetAtt'][0]}.${value['Fn::GetAtt'][1]}>`;
    if (value.Ref !== undefined) return `<${value.Ref}>`;
    return JSON.stringify(node);
  };
  return `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(arn))}]`;
}

/** Grants object actions under key prefixes, telling cdk-nag why each `prefix*` is there. */
export function grantObjects(
  grantee: IGrantable,
  actions: string[],
  bucket: IBucket,
  prefixes: readonly string[],
  reason: string,
): void {
  const resources = prefixes.map((prefix) => objectsUnder(bucket, prefix));
  addToRole(grantee, new PolicyStatement({ actions, resources }));
  const role = grantee.grantPrincipal as unknown as IConstruct;
  Validations.of(role).acknowledge(
    ...resources.map((arn) => ({ id: iam5Finding(role, arn), reason })),
  );
}

export interface ArchiveAccess {
  bucket: IBucket;
  key: IKey;
}

/**
 * Keeping messages (every route that reads a body, and the delivery worker): PutObject
 * under the three prefixes, and a data key through S3 for SSE-KMS. No GetObject, no
 * DeleteObject (Object Lock would refuse it anyway), no ListBucket: a writer learns
 * nothing of what else is kept. A 412 on `If-None-Match: *` needs only PutObject.
 */
export function grantArchiveKeep(grantee: IGrantable, { bucket, key }: ArchiveAccess): void {
  grantObjects(
    grantee,
    ['s3:PutObject'],
    bucket,
    Object.values(ARCHIVE_PREFIXES),
    'Archive keys are SHA-256 digests of messages not yet received: only a key prefix can name them. PutObject only, no read, no delete; Object Lock keeps every object 3 years.',
  );
  addToRole(
    grantee,
    new PolicyStatement({
      actions: ['kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: viaService('s3', bucket),
    }),
  );
}

/**
 * Reading messages back (`GET /v1/messages/{sha256}`): GetObject (HeadObject is
 * authorised as GetObject) of the bytes and the party markers, Decrypt through S3, and
 * ListBucket on the bucket so that a digest not kept is S3's 404 (the route's 404), not
 * a 403 the adapter would have to guess about.
 */
export function grantArchiveRead(grantee: IGrantable, { bucket, key }: ArchiveAccess): void {
  grantObjects(
    grantee,
    ['s3:GetObject'],
    bucket,
    [ARCHIVE_PREFIXES.messages, ARCHIVE_PREFIXES.parties],
    'GET /v1/messages/{sha256} reads any kept message by its digest (the route checks the caller is its sender, recipient or an admin): only a key prefix can name them.',
  );
  addToRole(
    grantee,
    new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
  addToRole(
    grantee,
    new PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: viaService('s3', bucket),
    }),
  );
}

/** The audit log bucket's one prefix (functions/core/audit/annex4-log.ts `annex4ObjectKey`). */
export const AUDIT_LOG_PREFIX = 'audit/';

/** Signing the daily audit digests (the daily job): kms:Sign on that key, nothing else. */
export function grantAuditSign(grantee: IGrantable, key: IKey): void {
  addToRole(grantee, new PolicyStatement({ actions: ['kms:Sign'], resources: [key.keyArn] }));
}

/** Verifying them (`GET /v1/audit/verify`): the key's public half only. */
export function grantAuditVerify(grantee: IGrantable, key: IKey): void {
  addToRole(
    grantee,
    new PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [key.keyArn] }),
  );
}

/**
 * Writing the Annex 4 day files (the daily job): PutObject under `audit/` and a data key
 * through S3. No read: only the audit-log reader role reads (the bucket policy denies
 * everyone else, cdk/stateful-stack.ts).
 */
export function grantAuditLogWrite(grantee: IGrantable, { bucket, key }: ArchiveAccess): void {
  grantObjects(
    grantee,
    ['s3:PutObject'],
    bucket,
    [AUDIT_LOG_PREFIX],
    'Day files are named by party and day (audit/<party>/<day>.log|jsonl), parties being registered at run time: only a key prefix can name them. PutObject only; Object Lock keeps each 3 years.',
  );
  addToRole(
    grantee,
    new PolicyStatement({
      actions: ['kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: viaService('s3', bucket),
    }),
  );
}

/**
 * Replacing parties' app-client secrets (the credential reissue only, п.90-1(10)): list,
 * add and delete secrets on the party pool; nothing else of Cognito.
 */
export const CLIENT_SECRET_ACTIONS = [
  'cognito-idp:ListUserPoolClientSecrets',
  'cognito-idp:AddUserPoolClientSecret',
  'cognito-idp:DeleteUserPoolClientSecret',
] as const;

export function grantClientSecretReplace(grantee: IGrantable, userPool: IUserPool): void {
  addToRole(
    grantee,
    new PolicyStatement({ actions: [...CLIENT_SECRET_ACTIONS], resources: [userPool.userPoolArn] }),
  );
}

/** Everything a function's capabilities can ask for. */
export interface CapabilityResources {
  table: TableAccess;
  /** The audit table (append-only for functions) and the key it is encrypted with. */
  auditTable: TableAccess;
  /** The delivery queue and the key it is encrypted with. */
  queue: { queue: IQueue; key: IKey };
  webhookSecretKey: IKey;
  /** The verbatim archive's bucket and the key it is encrypted with. */
  archive: ArchiveAccess;
  /** The asymmetric key that signs the daily audit digests. */
  auditSigningKey: IKey;
  /** The Annex 4 log bucket and the key it is encrypted with. */
  auditLog: ArchiveAccess;
  /** The party pool, whose app-client secrets a credential reissue replaces. */
  userPool: IUserPool;
}

/**
 * Grants a function exactly what its declared capabilities need
 * (`functions/handlers/capabilities.ts`): the table read-only or read-write, the audit
 * table read-only or append-only, sending to
 * the delivery queue, sealing or opening webhook secrets, keeping or reading archived
 * messages. Consuming the queue is granted
 * by the worker's event source, which the stack adds.
 */
export function grantCapabilities(
  grantee: IGrantable,
  capabilities: Capabilities,
  resources: CapabilityResources,
): void {
  const table = tableAccessOf(capabilities);
  if (table === 'read') grantTableRead(grantee, resources.table);
  if (table === 'write') grantTableReadWrite(grantee, resources.table);
  const auditTable = auditTableAccessOf(capabilities);
  if (auditTable === 'read') grantAuditTableRead(grantee, resources.auditTable);
  if (auditTable === 'append') grantAuditTableAppend(grantee, resources.auditTable);
  if (sendsToQueue(capabilities))
    grantQueueSend(grantee, resources.queue.queue, resources.queue.key);
  if (capabilities.webhookSecrets === 'seal')
    grantWebhookSecretSeal(grantee, resources.webhookSecretKey);
  if (capabilities.webhookSecrets === 'open')
    grantWebhookSecretOpen(grantee, resources.webhookSecretKey);
  if (capabilities.archive === 'keep') grantArchiveKeep(grantee, resources.archive);
  if (capabilities.archive === 'read') grantArchiveRead(grantee, resources.archive);
  if (capabilities.auditKey === 'sign') grantAuditSign(grantee, resources.auditSigningKey);
  if (capabilities.auditKey === 'verify') grantAuditVerify(grantee, resources.auditSigningKey);
  if (capabilities.writesAuditLog) grantAuditLogWrite(grantee, resources.auditLog);
  if (capabilities.clientSecrets === 'replace')
    grantClientSecretReplace(grantee, resources.userPool);
}
