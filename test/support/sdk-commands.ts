/**
 * The IAM actions the AWS SDK commands named in a function's bundle need (issue #13
 * item 1, grant test (b)). With the SDK external, esbuild's CommonJS output reads each
 * command off its module (`a=require("@aws-sdk/lib-dynamodb")` … `a.GetCommand`); with
 * the SDK bundled, each command's code carries its operation (`.s("DynamoDB_20120810","GetItem"`).
 * Both forms are read, so the test holds whichever way the SDK ships.
 */

const TRANSACT_WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

/** Operations IAM authorises under another action's name. */
const AUTHORISED_AS: Record<string, string[]> = {
  'dynamodb:TransactWriteItems': TRANSACT_WRITE,
  'dynamodb:TransactGetItems': ['dynamodb:GetItem'],
  'sqs:SendMessageBatch': ['sqs:SendMessage'],
  'sqs:DeleteMessageBatch': ['sqs:DeleteMessage'],
  'sqs:ChangeMessageVisibilityBatch': ['sqs:ChangeMessageVisibility'],
};

/** The document client's commands, by the low-level operation each sends. */
const DOCUMENT_CLIENT: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  ExecuteStatement: 'ExecuteStatement',
  BatchExecuteStatement: 'BatchExecuteStatement',
  ExecuteTransaction: 'ExecuteTransaction',
};

const MODULE_SERVICE: Record<string, string> = {
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-kms': 'kms',
};

const PROTOCOL_SERVICE: Record<string, string> = {
  DynamoDB_20120810: 'dynamodb',
  AmazonSQS: 'sqs',
  TrentService: 'kms',
};

function authorisedAs(action: string): string[] {
  return AUTHORISED_AS[action] ?? [action];
}

/** The actions a bundle's SDK commands need, and the commands this file cannot place. */
export function sdkActionsOf(bundle: string): { actions: string[]; unknown: string[] } {
  const actions = new Set<string>();
  const unknown = new Set<string>();
  const modules = new Map<string, string>();
  for (const [, name = '', module = ''] of bundle.matchAll(
    /([\w$]+)=(?:[\w$]+\()?require\("(@aws-sdk\/[^"]+)"\)/g,
  ))
    modules.set(name, module);
  for (const [, name = '', command = ''] of bundle.matchAll(/([\w$]+)\.(\w+)Command\b/g)) {
    const module = modules.get(name);
    if (module === undefined) continue;
    const service = MODULE_SERVICE[module];
    const operation =
      module === '@aws-sdk/lib-dynamodb' ? DOCUMENT_CLIENT[command] : command || undefined;
    if (service === undefined || operation === undefined) {
      unknown.add(`${module}: ${command}Command`);
      continue;
    }
    for (const action of authorisedAs(`${service}:${operation}`)) actions.add(action);
  }
  for (const [, protocol = '', operation = ''] of bundle.matchAll(/\.s\("(\w+)","(\w+)"/g)) {
    const service = PROTOCOL_SERVICE[protocol];
    if (service === undefined) continue;
    for (const action of authorisedAs(`${service}:${operation}`)) actions.add(action);
  }
  return { actions: [...actions].sort(), unknown: [...unknown].sort() };
}
