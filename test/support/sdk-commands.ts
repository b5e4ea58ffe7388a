/**
 * The IAM actions the AWS SDK commands named in a function's bundle need (issue #13
 * item 1, grant test (b)). The SDK ships bundled (cdk/bundling-options.ts), tree-shaken
 * from its ES modules: each client makes one command builder with its protocol
 * (`qr=ar(_R,"DynamoDB_20120810","DynamoDBClient",Fr)`) and each command the bundle keeps
 * is a class built from it with its operation (`class extends qr(ho,Vr,"GetItem",dC)`).
 * Older SDKs wrote the pair in the command's schema (`.s("DynamoDB_20120810","GetItem"`),
 * and with the SDK external esbuild reads each command off its module
 * (`a=require("@aws-sdk/lib-dynamodb")` … `a.GetCommand`). All three forms are read, so
 * the test holds whichever way the SDK ships; `test/cdk/sdk-commands.test.ts` checks that
 * a real bundle yields its commands, so a change of form cannot make the test pass empty.
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
  's3:HeadObject': ['s3:GetObject'],
  's3:ListObjectsV2': ['s3:ListBucket'],
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
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-cognito-identity-provider': 'cognito-idp',
};

const PROTOCOL_SERVICE: Record<string, string> = {
  DynamoDB_20120810: 'dynamodb',
  AmazonSQS: 'sqs',
  TrentService: 'kms',
  AmazonS3: 's3',
  AWSCognitoIdentityProviderService: 'cognito-idp',
};

/**
 * Operations a client's own code names but the gateway never sends: DynamoDB endpoint
 * discovery (`DescribeEndpoints`) runs only when `endpointDiscoveryEnabled` is set, which
 * no adapter does (functions/adapters/dynamodb/client.ts); the S3 client's session
 * provider (`CreateSession`) serves only S3 Express directory buckets (`--x-s3` names),
 * and the archive and log buckets are general-purpose ones (cdk/stateful-stack.ts).
 */
const NEVER_SENT = new Set(['dynamodb:DescribeEndpoints', 's3:CreateSession']);

function authorisedAs(action: string): string[] {
  if (NEVER_SENT.has(action)) return [];
  return AUTHORISED_AS[action] ?? [action];
}

/**
 * How often `<prefix><name>(` occurs: a (minified, top-level) name called or constructed.
 * Minified names are short and reused in inner scopes, and a method definition looks like a
 * call (`get(e){…}set(e,r){…}` when a paginator is minified to `set`), so an occurrence whose
 * parenthesis is followed by `{` (a method or function body) or `=>` is not counted.
 */
function callsOf(bundle: string, prefix: string, name: string): number {
  const escaped = name.replace(/\$/g, '\\$');
  let calls = 0;
  for (const match of bundle.matchAll(new RegExp(`(?<![\\w$.])${prefix}${escaped}\\(`, 'g'))) {
    if (!isDefinition(bundle, (match.index ?? 0) + match[0].length)) calls += 1;
  }
  return calls;
}

/** Whether the parenthesised list opening before `from` is followed by a body (`{` or `=>`). */
function isDefinition(bundle: string, from: number): boolean {
  let depth = 1;
  let i = from;
  // Parameter lists of minified definitions are short; a call's arguments may be long.
  for (; i < bundle.length && depth > 0 && i - from < 2_000; i++) {
    if (bundle[i] === '(') depth += 1;
    else if (bundle[i] === ')') depth -= 1;
  }
  return depth === 0 && (bundle[i] === '{' || bundle.startsWith('=>', i));
}

/**
 * Client commands that nothing can send. lib-dynamodb does not declare itself free of side
 * effects, so esbuild keeps its paginators (`paginateScan = createPaginator(…, ScanCommand,
 * "ExclusiveStartKey", …)`) and through them the document commands they page, in every
 * bundle that uses the document client. A client command (`J`) is idle when it is only
 * constructed inside document commands (`this.clientCommand=new J(…)`) that are never
 * constructed themselves (`new C(` nowhere) and whose paginators are never called.
 */
function idleCommands(bundle: string): Set<string> {
  const paginatorsOf = new Map<string, string[]>();
  for (const [, paginator = '', command = ''] of bundle.matchAll(
    /([\w$]+)=[\w$]+\([\w$]+,([\w$]+),"\w+","\w+","\w+"\)/g,
  ))
    paginatorsOf.set(command, [...(paginatorsOf.get(command) ?? []), paginator]);
  const wrappers = new Map<string, string[]>();
  for (const [, command = '', wrapped = ''] of bundle.matchAll(
    /([\w$]+)=class extends [\w$]+\{input;inputKeyNodes=.{0,400}?this\.clientCommand=new ([\w$]+)\(/g,
  ))
    wrappers.set(wrapped, [...(wrappers.get(wrapped) ?? []), command]);
  const idle = new Set<string>();
  for (const [wrapped, commands] of wrappers) {
    const unused = (command: string) =>
      callsOf(bundle, 'new ', command) === 0 &&
      (paginatorsOf.get(command) ?? []).every((paginator) => callsOf(bundle, '', paginator) === 0);
    if (callsOf(bundle, 'new ', wrapped) === commands.length && commands.every(unused))
      idle.add(wrapped);
  }
  return idle;
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
  const builders = new Map<string, string>();
  for (const [, name = '', protocol = ''] of bundle.matchAll(
    /([\w$]+)=[\w$]+\([\w$]+,"(\w+)","\w+Client"/g,
  ))
    builders.set(name, protocol);
  const idle = idleCommands(bundle);
  for (const [, command = '', builder = '', operation = ''] of bundle.matchAll(
    /([\w$]+)=class extends ([\w$]+)\([\w$]+,[\w$]+,"(\w+)"/g,
  )) {
    const protocol = builders.get(builder);
    if (protocol === undefined) {
      unknown.add(`command ${operation} of an unknown client`);
      continue;
    }
    const service = PROTOCOL_SERVICE[protocol];
    // Clients inside the SDK's credential chain (STS, SSO): the role needs nothing for them.
    if (service === undefined || idle.has(command)) continue;
    for (const action of authorisedAs(`${service}:${operation}`)) actions.add(action);
  }
  return { actions: [...actions].sort(), unknown: [...unknown].sort() };
}
