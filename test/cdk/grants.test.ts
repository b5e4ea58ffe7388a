/**
 * Grant test (a) of issue #13 item 1: every Lambda entry, as deployed (its own module,
 * its own adapters, configured from the environment), runs its success case and its
 * main refusals against DynamoDB Local and fauxqs through a recording proxy; then the
 * role CDK synthesizes for that function must allow every action recorded, on the
 * resource it was recorded on. A grant by HTTP method fails here: every authenticated
 * GET spends its request budget and records its connection with an UpdateItem.
 */
/// <reference types="vite/client" />
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_PREFIXES, AUDIT_LOG_PREFIX } from '../../cdk/grants.js';
import { pascalCase } from '../../cdk/stateful-stack.js';
import { createDynamoGatewayStore } from '../../functions/adapters/dynamodb/index.js';
import { createS3Client } from '../../functions/adapters/s3/client.js';
import { QUEUE } from '../../functions/adapters/sqs/queue-definitions.js';
import type { Role } from '../../functions/core/model/messages.js';
import { storePortsOf } from '../../functions/core/ports/ports.js';
import type { PartyRecord } from '../../functions/core/ports/records.js';
import type { HttpResult } from '../../functions/handlers/http/http-types.js';
import { ROUTES, routeNamed } from '../../functions/handlers/http/routes.js';
import { localLambdaContext } from '../../functions/handlers/lambda-context.js';
import { toSqsRecord } from '../../functions/local/sqs-poller.js';
import { apiEvent, tokenClaims } from '../support/api-events.js';
import { writeIncident } from '../support/delivery-harness.js';
import { dynamoEndpoint, provisionFresh, sqsEndpoint, TEST_REGION } from '../support/emulators.js';
import {
  type RecordedCall,
  type RecordingProxy,
  startRecordingProxy,
} from '../support/recording-proxy.js';
import { openObligation, registeredParty } from '../support/records.js';
import { arrangeRouteCases, type Call, JSON_TYPE, noticeBody } from '../support/route-cases.js';
import { startTokenIssuer, type TokenIssuer } from '../support/token-issuer.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { asArray, roleStatements, type Statement } from './iam-statements.js';
import { synthWithoutBundles } from './synth-without-bundles.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** What a deployed function answers differently from the in-memory route harness (nothing now). */
const STATUS_ON_AWS: Record<string, number> = {};

let proxy: RecordingProxy;
let receiver: WebhookReceiver;
let issuer: TokenIssuer;
/** The authorizer's answers to a good and a forged token. */
const authorized: Array<{ isAuthorized: boolean }> = [];
const entries = new Map<string, Handler>();

/** Every Lambda entry, loaded lazily: importing one builds its runtime from process.env. */
const ENTRY_MODULES = import.meta.glob<{ handler: Handler }>('../../functions/lambda/*.ts');

/** The entry module of a function, imported once, as the Lambda runtime would. */
async function entry(name: string): Promise<Handler> {
  const found = entries.get(name);
  if (found) return found;
  const load = ENTRY_MODULES[`../../functions/lambda/${name}.ts`];
  if (load === undefined) throw new Error(`No Lambda entry functions/lambda/${name}.ts`);
  const module = await load();
  entries.set(name, module.handler);
  return module.handler;
}

const roles = new Map<string, Role>();

/** Calls the route's own Lambda entry with the event API Gateway would send; records as that function. */
async function callEntry(call: Call): Promise<HttpResult> {
  const claims =
    call.as === undefined
      ? call.claims
      : tokenClaims(call.as, roles.get(call.as) ?? 'soc', new Date());
  const { route, event } = apiEvent({ ...call, ...(claims === undefined ? {} : { claims }) });
  const handler = await entry(route.name);
  proxy.setFunction(route.name);
  try {
    return (await handler(event, localLambdaContext(route.name))) as HttpResult;
  } finally {
    proxy.setFunction('(arrangement)');
  }
}

let stateless: Template;
/** Logical ids of the stateful resources the roles name. */
let logicalIds: {
  table: string;
  auditTable: string;
  queue: string;
  webhookSecretKey: string;
  auditSigningKey: string;
  archive: string;
  auditLog: string;
  userPool: string;
};
/** The emulator's audit table (its physical name in the recorded calls). */
let auditTableName: string;
/** What the audit job and the verifier after it answered. */
let closed: { digest?: { keyId: string }; files: number } | undefined;
let verified: HttpResult | undefined;
/** What the quarterly job's two runs sent. */
const quarterlySent: number[] = [];
/** The routes whose success case sends a body: each must keep it in the archive. */
const routesWithBody = new Set<string>();
/** The one body never kept: a party registration carries the webhook secret in clear. */
const BODY_NOT_KEPT = 'put-party';

beforeAll(async () => {
  const stack = await provisionFresh();
  auditTableName = stack.auditTableName;
  proxy = await startRecordingProxy({ dynamodb: dynamoEndpoint(), sqs: sqsEndpoint() });
  receiver = await startWebhookReceiver();
  issuer = await startTokenIssuer();
  const queueUrl = stack.queueUrls[QUEUE.deliveries] ?? '';
  // The archive bucket on fauxqs (its S3), made before the proxy records anything.
  const archiveBucket = `archive-${stack.tableName}`.toLowerCase().slice(0, 63);
  const auditLogBucket = `auditlog-${stack.tableName}`.toLowerCase().slice(0, 63);
  const s3 = createS3Client({ region: TEST_REGION, endpoint: sqsEndpoint() });
  for (const Bucket of [archiveBucket, auditLogBucket])
    await s3.send(new CreateBucketCommand({ Bucket }));
  // What the stateless stack sets on every function, with the proxy as each service's endpoint.
  Object.assign(process.env, {
    TABLE_NAME: stack.tableName,
    AUDIT_TABLE_NAME: stack.auditTableName,
    DELIVERY_QUEUE_URL: queueUrl,
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: 'grant-test',
    AWS_SECRET_ACCESS_KEY: 'grant-test',
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    AWS_ENDPOINT_URL_SQS: proxy.endpoint,
    AWS_ENDPOINT_URL_KMS: proxy.endpoint,
    AWS_ENDPOINT_URL_S3: proxy.endpoint,
    ARCHIVE_BUCKET: archiveBucket,
    AUDIT_LOG_BUCKET: auditLogBucket,
    AUDIT_SIGNING_KEY_ID: 'arn:aws:kms:us-east-1:111122223333:key/audit-signing',
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy.endpoint,
    USER_POOL_ID: 'us-east-1_GrantTest',
    WEBHOOK_SECRET_KEY_ID: 'arn:aws:kms:us-east-1:111122223333:key/webhook-secrets',
    CURSOR_KEY: randomBytes(32).toString('base64'),
    // The receiver listens on loopback; AWS would refuse that address.
    WEBHOOK_ALLOW_INSECURE: 'true',
    WEBHOOK_TIMEOUT_MS: '2000',
    METRICS: 'off',
    TOKEN_ISSUER: issuer.issuer,
  });
  proxy.setFunction('(arrangement)');
  const store = createDynamoGatewayStore({
    client: stack.dynamodb,
    tableName: stack.tableName,
    auditTableName: stack.auditTableName,
  });
  const ports = storePortsOf(store);
  const world = {
    async register(id: string, role: Role, overrides: Partial<PartyRecord> = {}) {
      roles.set(id, role);
      await ports.parties.putParty(registeredParty(id, role, new Date().toISOString(), overrides));
    },
    call: callEntry,
    deliveries: ports.deliveries,
  };

  // Arrange (recorded under each route: these are real calls of the entries).
  const { cases } = await arrangeRouteCases(world);
  // Act: every route's success case, then its main refusals.
  for (const route of ROUTES) {
    const routeCase = cases.get(route.name);
    if (routeCase === undefined) throw new Error(`No case for route ${route.name}`);
    if (routeCase.call.body !== undefined && route.name !== BODY_NOT_KEPT)
      routesWithBody.add(route.name);
    const result = await callEntry(routeCase.call);
    expect(result.statusCode, `${route.name}: ${result.body}`).toBe(
      STATUS_ON_AWS[route.name] ?? routeCase.status,
    );
    if (route.public) continue;
    const { as: _as, ...anonymous } = routeCase.call;
    // A client that is no party, then a registered party of a role the route refuses.
    await callEntry({ ...anonymous, claims: tokenClaims('nobody', 'soc', new Date()) });
    await callEntry({
      ...routeCase.call,
      as: routeCase.call.as === 'owner-energo' ? 'soc-b' : 'owner-energo',
    });
    // An invalid body (where the route reads one).
    if (route.method !== 'GET') await callEntry({ ...routeCase.call, body: '{"x":' });
  }

  // The worker: a party registered through put-party (so its secret is sealed with KMS),
  // a notice to it, and the queue's messages handed to the worker as SQS would.
  roles.set('soc-sealed', 'soc');
  await callEntry({
    method: 'PUT',
    url: '/v1/parties/soc-sealed',
    as: 'admin',
    headers: JSON_TYPE,
    body: JSON.stringify({
      role: 'soc',
      name: 'Sealed SOC',
      webhook: { url: receiver.url('/sealed'), secret: 'whsec-grant-test-0123456789abcdef' },
    }),
  });
  await callEntry({
    method: 'POST',
    url: '/v1/notices',
    as: 'ncc-duty',
    headers: JSON_TYPE,
    body: JSON.stringify(noticeBody(['soc-sealed', 'soc-hooked'])),
  });
  const worker = await entry('deliver-webhooks');
  for (let round = 0; round < 5; round += 1) {
    const received = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) break;
    const event: SQSEvent = {
      Records: messages.map((m) =>
        toSqsRecord(m, `arn:aws:sqs:${TEST_REGION}:000000000000:q`, TEST_REGION),
      ),
    };
    proxy.setFunction('deliver-webhooks');
    await worker(event, localLambdaContext('deliver-webhooks'));
  }
  proxy.setFunction('(arrangement)');

  // The daily audit job: today's digest (every chain the routes above wrote) and the
  // parties' day files; then the verifier reads the signed digest back with the public key.
  const auditDay = await entry('close-audit-day');
  proxy.setFunction('close-audit-day');
  closed = (await auditDay(
    { day: new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10) },
    localLambdaContext('close-audit-day'),
  )) as typeof closed;
  const verifyCase = cases.get('verify-audit');
  if (verifyCase === undefined) throw new Error('No case for verify-audit');
  verified = await callEntry(verifyCase.call);
  proxy.setFunction('(arrangement)');

  // The quarterly summary job (001 п.17): the quarter that closed last, to an authority
  // party; run twice, it writes once.
  await world.register('knb', 'authority');
  const quarterly = await entry('deliver-quarterly-summary');
  proxy.setFunction('deliver-quarterly-summary');
  for (let run = 0; run < 2; run += 1)
    quarterlySent.push(
      ((await quarterly({}, localLambdaContext('deliver-quarterly-summary'))) as { sent: number })
        .sent,
    );
  proxy.setFunction('(arrangement)');

  // The sweep, with a card clock missed a minute ago (written as intake writes it) to escalate.
  await writeIncident(store, 'soc-a', {
    obligations: (incidentId) => [
      openObligation(new Date(Date.now() - 60_000).toISOString(), {
        subjectId: incidentId,
        kind: 'card',
        owedBy: 'soc-a',
      }),
    ],
  });
  const sweep = await entry('sweep');
  proxy.setFunction('sweep');
  await sweep({}, localLambdaContext('sweep'));
  proxy.setFunction('(arrangement)');

  // The authorizer: a good token, then one signed by a key outside the set, which counts
  // toward a party with a limit of one and so blocks it (and tells the NCC parties).
  await world.register('soc-strict', 'soc', {
    policy: { authFailureLimit: 1 },
  } as Partial<PartyRecord>);
  const authorize = await entry('authorize');
  proxy.setFunction('authorize');
  for (const bearer of [
    await issuer.token('soc-a', 'soc'),
    await issuer.token('soc-strict', 'soc', { foreignKey: true }),
  ]) {
    const event = apiEvent({
      method: 'GET',
      url: '/v1/incidents',
      headers: { authorization: `Bearer ${bearer}` },
    }).event;
    authorized.push(
      (await authorize(event, localLambdaContext('authorize'))) as { isAuthorized: boolean },
    );
  }
  proxy.setFunction('(arrangement)');

  const { gateway } = synthWithoutBundles();
  stateless = Template.fromStack(gateway.stateless);
  const { stateful } = gateway;
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    Stack.of(stateful).getLogicalId(construct.node.defaultChild as never);
  const deliveries = stateful.queues.get(QUEUE.deliveries);
  if (deliveries === undefined) throw new Error('no deliveries queue');
  logicalIds = {
    table: idOf(stateful.table),
    auditTable: idOf(stateful.auditTable),
    queue: idOf(deliveries.queue),
    webhookSecretKey: idOf(stateful.webhookSecretKey),
    auditSigningKey: idOf(stateful.auditSigningKey),
    // The archive is named by the functions' own stack (cdk/stateless-stack.ts).
    archive: 'archive-',
    auditLog: 'auditlog-',
    userPool: idOf(stateful.userPool),
  };
}, 240_000);

afterAll(async () => {
  await proxy?.close();
  await receiver?.close();
  await issuer?.close();
});

/** Whether one statement's resource is the recorded resource (by the stateful logical id). */
function namesResource(resource: unknown, call: RecordedCall): boolean {
  const text = JSON.stringify(resource);
  switch (call.resource.kind) {
    case 'table': {
      // The audit table has no index; a grant on it names it alone.
      if (call.resource.table === auditTableName)
        return text.includes(logicalIds.auditTable) && !text.includes('/index/');
      return call.resource.index === undefined
        ? text.includes(logicalIds.table) && !text.includes('/index/')
        : text.includes(logicalIds.table) && text.includes(`/index/${call.resource.index}"`);
    }
    case 'queue':
      return text.includes(logicalIds.queue);
    case 'key':
      return text.includes(
        call.resource.keyId.endsWith('/audit-signing')
          ? logicalIds.auditSigningKey
          : logicalIds.webhookSecretKey,
      );
    case 'bucket': {
      const isLog = call.resource.bucket.startsWith('auditlog-');
      if (!text.includes(isLog ? logicalIds.auditLog : logicalIds.archive)) return false;
      const { key } = call.resource;
      // The bucket itself (ListBucket), or objects under the prefix the key starts with.
      if (key === undefined) return !text.includes('/*"');
      const prefixes = isLog ? [AUDIT_LOG_PREFIX] : Object.values(ARCHIVE_PREFIXES);
      return prefixes.some((prefix) => key.startsWith(prefix) && text.includes(`/${prefix}*"`));
    }
    case 'userPool':
      return text.includes(logicalIds.userPool);
  }
}

function allows(statements: Statement[], call: RecordedCall): boolean {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      asArray(s.Action).includes(call.action) &&
      asArray(s.Resource).some((r) => namesResource(r, call)),
  );
}

const FUNCTIONS = [
  ...ROUTES.map((route) => route.name),
  'deliver-webhooks',
  'sweep',
  'authorize',
  'close-audit-day',
  'deliver-quarterly-summary',
];

describe('grants follow behaviour (recorded on the emulators)', () => {
  it.each(FUNCTIONS)('%s: its role allows every call it made', (name) => {
    const calls = proxy.calls.filter((call) => call.fn === name);
    const statements = roleStatements([stateless], pascalCase(name));
    const denied = [
      ...new Set(
        calls
          .filter((call) => !allows(statements, call))
          .map((c) => `${c.action} on ${JSON.stringify(c.resource)}`),
      ),
    ];
    expect(denied, name).toEqual([]);
  });

  it('recorded the calls it was meant to: authenticated routes write, public ones (but readiness) touch nothing', () => {
    for (const route of ROUTES) {
      const actions = new Set(proxy.calls.filter((c) => c.fn === route.name).map((c) => c.action));
      if (route.public && route.name !== 'get-readiness')
        expect([...actions], route.name).toEqual([]);
      if (!route.public) expect([...actions], route.name).toContain('dynamodb:UpdateItem');
    }
    // Every body a route read was kept before the route wrote anything; the reader read it back.
    for (const name of routesWithBody) {
      const puts = proxy.calls.filter((c) => c.fn === name && c.action === 's3:PutObject');
      expect(
        puts.map((c) => (c.resource.kind === 'bucket' ? c.resource.key?.split('/')[0] : '')),
        name,
      ).toEqual(expect.arrayContaining(['messages', 'parties', 'days']));
    }
    // (Acks and retries may come without a body: nothing to keep.)
    expect(routesWithBody.size).toBeGreaterThanOrEqual(9);
    for (const name of routesWithBody) expect(routeNamed(name).capabilities.archive).toBe('keep');
    expect(routeNamed(BODY_NOT_KEPT).capabilities.archive).toBeUndefined();
    expect(proxy.calls.filter((c) => c.fn === BODY_NOT_KEPT && c.action.startsWith('s3:'))).toEqual(
      [],
    );
    expect(new Set(proxy.calls.filter((c) => c.fn === 'get-message').map((c) => c.action))).toEqual(
      new Set(['s3:GetObject', 'dynamodb:GetItem', 'dynamodb:UpdateItem']),
    );
    // The audit job signed (kms:Sign only) and wrote each party's two day files; the verifier
    // checked the digest with the public key.
    expect(closed?.digest?.keyId).toBe('arn:aws:kms:us-east-1:111122223333:key/audit-signing');
    expect(closed?.files).toBeGreaterThan(0);
    const job = new Set(proxy.calls.filter((c) => c.fn === 'close-audit-day').map((c) => c.action));
    expect([...job]).toEqual(
      expect.arrayContaining(['kms:Sign', 's3:PutObject', 'dynamodb:Query']),
    );
    expect(verified?.statusCode).toBe(200);
    expect(JSON.parse(verified?.body ?? '{}')).toMatchObject({ digestsVerified: 1 });
    expect(
      proxy.calls
        .filter((c) => c.fn === 'verify-audit' && c.action.startsWith('kms:'))
        .map((c) => c.action),
    ).toEqual(['kms:GetPublicKey']);
    const worker = new Set(
      proxy.calls.filter((c) => c.fn === 'deliver-webhooks').map((c) => c.action),
    );
    expect([...worker]).toEqual(expect.arrayContaining(['kms:Decrypt', 'dynamodb:UpdateItem']));
    const reissue = new Set(
      proxy.calls.filter((c) => c.fn === 'reissue-credentials').map((c) => c.action),
    );
    expect([...reissue]).toEqual(
      expect.arrayContaining([
        'cognito-idp:ListUserPoolClientSecrets',
        'cognito-idp:AddUserPoolClientSecret',
        'cognito-idp:DeleteUserPoolClientSecret',
      ]),
    );
    // The quarterly job read the quarter and wrote its delivery once, handed to the queue.
    expect(quarterlySent).toEqual([1, 0]);
    const quarterlyJob = new Set(
      proxy.calls.filter((c) => c.fn === 'deliver-quarterly-summary').map((c) => c.action),
    );
    expect([...quarterlyJob]).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'sqs:SendMessage']),
    );
    const sweep = new Set(proxy.calls.filter((c) => c.fn === 'sweep').map((c) => c.action));
    expect([...sweep]).toEqual(expect.arrayContaining(['dynamodb:Query', 'sqs:SendMessage']));
    expect(receiver.at('/sealed').length).toBeGreaterThan(0);
    expect(authorized.map((a) => a.isAuthorized)).toEqual([true, false]);
    const authorizer = new Set(
      proxy.calls.filter((c) => c.fn === 'authorize').map((c) => c.action),
    );
    expect([...authorizer]).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem', 'sqs:SendMessage']),
    );
  });
});
