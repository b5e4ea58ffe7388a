/**
 * Data access per function, written out action by action and resource by resource:
 * no `*` in an action or a resource, so cdk-nag needs no suppression here and a
 * reviewer can read exactly what each function may do. (The CDK's `grantReadData` and
 * friends would add `table/index/*`, `kms:ReEncrypt*` and `kms:GenerateDataKey*`.)
 */
import { Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { TABLE_DEFINITION } from '../functions/adapters/dynamodb/table-definition.js';
import {
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
function viaService(service: 'dynamodb' | 'sqs', resource: ITable | IQueue) {
  return {
    StringEquals: { 'kms:ViaService': `${service}.${Stack.of(resource).region}.amazonaws.com` },
  };
}

function addToRole(grantee: IGrantable, statement: PolicyStatement): void {
  grantee.grantPrincipal.addToPrincipalPolicy(statement);
}

/** GetItem / Query on the table and its indexes, and decryption through DynamoDB. */
export function grantTableRead(grantee: IGrantable, { table, key }: TableAccess): void {
  addToRole(
    grantee,
    new PolicyStatement({ actions: [...TABLE_READ_ACTIONS], resources: tableResourceArns(table) }),
  );
  addToRole(
    grantee,
    new PolicyStatement({
      actions: [...KMS_DECRYPT],
      resources: [key.keyArn],
      conditions: viaService('dynamodb', table),
    }),
  );
}

/** Reads plus item writes on the table (writes go to the table; indexes follow). */
export function grantTableReadWrite(grantee: IGrantable, access: TableAccess): void {
  grantTableRead(grantee, access);
  addToRole(
    grantee,
    new PolicyStatement({ actions: [...TABLE_WRITE_ACTIONS], resources: [access.table.tableArn] }),
  );
  addToRole(
    grantee,
    new PolicyStatement({
      actions: [...KMS_ENCRYPT],
      resources: [access.key.keyArn],
      conditions: viaService('dynamodb', access.table),
    }),
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

/** Everything a function's capabilities can ask for. */
export interface CapabilityResources {
  table: TableAccess;
  /** The delivery queue and the key it is encrypted with. */
  queue: { queue: IQueue; key: IKey };
  webhookSecretKey: IKey;
}

/**
 * Grants a function exactly what its declared capabilities need
 * (`functions/handlers/capabilities.ts`): the table read-only or read-write, sending to
 * the delivery queue, sealing or opening webhook secrets. Consuming the queue is granted
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
  if (sendsToQueue(capabilities))
    grantQueueSend(grantee, resources.queue.queue, resources.queue.key);
  if (capabilities.webhookSecrets === 'seal')
    grantWebhookSecretSeal(grantee, resources.webhookSecretKey);
  if (capabilities.webhookSecrets === 'open')
    grantWebhookSecretOpen(grantee, resources.webhookSecretKey);
}
