/**
 * Pins the security properties of what `cdk deploy` ships (issue #4): encryption at
 * rest, PITR, deletion protection, a DLQ for every queue, alarms, arm64 on the newest
 * Node.js runtime, no wildcard IAM on the data stores, an authorizer on every
 * non-public route, and a clean cdk-nag report. The app is built once with the context
 * of cdk.json, as `npm run synth` builds it; the function code comes from esbuild runs
 * over every entry with the CDK's own options (./function-bundles.ts), checked below to
 * be byte for byte what the CDK bundles.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME } from '../../cdk/bundling-options.js';
import { GatewayFunction, LOG_RETENTION } from '../../cdk/constructs/gateway-function.js';
import type { Gateway } from '../../cdk/gateway.js';
import { ARCHIVE_PREFIXES, AUDIT_LOG_PREFIX } from '../../cdk/grants.js';
import { pascalCase } from '../../cdk/stateful-stack.js';
import { VISIBILITY_TO_TIMEOUT_RATIO } from '../../cdk/stateless-stack.js';
import { TABLE_DEFINITION } from '../../functions/adapters/dynamodb/table-definition.js';
import { QUEUE_DEFINITIONS } from '../../functions/adapters/sqs/queue-definitions.js';
import { PUBLIC } from '../../functions/handlers/capabilities.js';
import { ROUTES } from '../../functions/handlers/http/routes.js';
import { sdkActionsOf } from '../support/sdk-commands.js';
import { bundleEveryFunction, type FunctionBundles } from './function-bundles.js';
import {
  asArray,
  policyStatements as policyStatementsOf,
  roleStatements,
  type Statement,
} from './iam-statements.js';
import { synthWithoutBundles } from './synth-without-bundles.js';

type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string };

const PARTIES = { 'ncc-admin': 'admin', 'soc-alpha': 'soc', 'ncc-duty': 'ncc' };

let gateway: Gateway;
let app: App;
let bundles: FunctionBundles;
/** Cloud assemblies the CDK bundled into; removed after the run. */
const assemblies: string[] = [];
let stateful: Template;
let stateless: Template;

function resources(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

/** Every statement of every IAM policy in both stacks, with the policy's logical id. */
function policyStatements() {
  return policyStatementsOf([stateful, stateless]);
}

/** The statements of the role policy of one GatewayFunction (by its construct id prefix). */
function statementsOf(functionId: string): Statement[] {
  return roleStatements([stateful, stateless], functionId);
}

function actionsOf(functionId: string): string[] {
  return statementsOf(functionId).flatMap((s) => asArray(s.Action));
}

/**
 * A function's code as the CDK itself bundles it: the GatewayFunction construct every
 * function uses, alone in a stack, synthesized with real esbuild bundling.
 */
function cdkBundleOf(name: string): string {
  const bundlingApp = new App();
  assemblies.push(bundlingApp.outdir);
  const stack = new Stack(bundlingApp, 'Bundle');
  new GatewayFunction(stack, 'Fn', {
    name,
    description: name,
    environment: {},
    logKey: new Key(stack, 'LogKey'),
  });
  const [[, resource] = []] = resources(Template.fromStack(stack), 'AWS::Lambda::Function');
  // The asset's S3 key is `<hash>.zip`; the bundle sits in `asset.<hash>/` of the assembly.
  const key = (resource?.Properties?.Code as { S3Key?: string } | undefined)?.S3Key;
  if (key === undefined) throw new Error(`No bundled asset for ${name}`);
  return readFileSync(
    join(bundlingApp.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.js'),
    'utf8',
  );
}

beforeAll(async () => {
  // Arrange: the same app as `npm run synth`, with a few more parties.
  ({ app, gateway } = synthWithoutBundles({ parties: PARTIES }));
  stateful = Template.fromStack(gateway.stateful);
  stateless = Template.fromStack(gateway.stateless);
  // Minutes when other test runs share the machine.
  bundles = await bundleEveryFunction();
}, 600_000);

afterAll(async () => {
  await bundles?.dispose();
  for (const dir of [app.outdir, ...assemblies]) rmSync(dir, { recursive: true, force: true });
});

describe('encryption at rest', () => {
  it('encrypts the table with the customer-managed data key', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
    });
  });

  it('encrypts every queue, DLQs included, with KMS', () => {
    const queues = resources(stateful, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(QUEUE_DEFINITIONS.length * 2);
    for (const [, queue] of queues) expect(queue.Properties?.KmsMasterKeyId).toBeDefined();
  });

  it('encrypts the alarm topic and every log group, and keeps logs for the records period', () => {
    stateful.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const logGroups = resources(stateless, 'AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThan(0);
    for (const [, group] of logGroups) {
      expect(group.Properties?.KmsKeyId).toBeDefined();
      expect(group.Properties?.RetentionInDays).toBeGreaterThanOrEqual(3 * 365);
      expect(group.DeletionPolicy).toBe('Retain');
    }
    expect(LOG_RETENTION).toBeGreaterThanOrEqual(1096);
  });

  it('rotates every symmetric KMS key (data, operations, webhook secrets); the audit key signs', () => {
    const keys = resources(stateful, 'AWS::KMS::Key');
    expect(keys).toHaveLength(4);
    const symmetric = keys.filter(([, key]) => key.Properties?.KeySpec === undefined);
    expect(symmetric).toHaveLength(3);
    for (const [, key] of symmetric) expect(key.Properties?.EnableKeyRotation).toBe(true);
    // KMS does not rotate asymmetric keys; the signing key is kept (old digests name it).
    stateful.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    });
  });
});

describe('the table', () => {
  it('has PITR and deletion protection and is retained', () => {
    stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        BillingMode: 'PAY_PER_REQUEST',
      }),
    });
  });

  it('is built from TABLE_DEFINITION: keys, every index, TTL on the idempotency attribute only', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) =>
        Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ),
      TimeToLiveSpecification: {
        AttributeName: TABLE_DEFINITION.timeToLiveAttribute,
        Enabled: true,
      },
    });
  });
});

describe('queues', () => {
  it('gives every work queue a DLQ with the defined receive count', () => {
    const queues = resources(stateful, 'AWS::SQS::Queue');
    const workQueues = queues.filter(([, q]) => q.Properties?.RedrivePolicy !== undefined);
    expect(workQueues).toHaveLength(QUEUE_DEFINITIONS.length);
    for (const definition of QUEUE_DEFINITIONS) {
      stateful.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        RedrivePolicy: {
          deadLetterTargetArn: Match.anyValue(),
          maxReceiveCount: definition.deadLetter.maxReceiveCount,
        },
      });
    }
    // Every other queue is some work queue's DLQ.
    type Redrive = { deadLetterTargetArn: { 'Fn::GetAtt': string[] } };
    const dlqIds = workQueues.map(
      ([, q]) =>
        (q.Properties?.RedrivePolicy as Redrive | undefined)?.deadLetterTargetArn['Fn::GetAtt'][0],
    );
    const others = queues
      .filter(([, q]) => q.Properties?.RedrivePolicy === undefined)
      .map(([id]) => id);
    expect(others.sort()).toEqual([...dlqIds].sort());
  });

  it('requires TLS on every queue and the topic', () => {
    for (const type of ['AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
      for (const [, policy] of resources(stateful, type)) {
        expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');
      }
    }
    expect(resources(stateful, 'AWS::SQS::QueuePolicy')).toHaveLength(QUEUE_DEFINITIONS.length * 2);
  });

  it('sets the visibility timeout to at least six times the consumer timeout', () => {
    const workerTimeout = gateway.stateless.worker.function.timeout?.toSeconds() ?? 3;
    for (const definition of QUEUE_DEFINITIONS) {
      expect(definition.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
        VISIBILITY_TO_TIMEOUT_RATIO * workerTimeout,
      );
    }
  });

  it('feeds the worker with partial batch responses', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
  });
});

describe('functions', () => {
  it('deploys one function per route plus the worker, the sweep, the audit job, the quarterly summary job and the authorizer, all arm64 on the newest Node.js', () => {
    const functions = resources(stateless, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(ROUTES.length + 5);
    expect(RUNTIME.name).toBe('nodejs24.x');
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: RUNTIME.name,
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('source-maps stack traces at load in every function but the public routes that wire no port', () => {
    const unmapped = ROUTES.filter((route) => route.capabilities === PUBLIC).map((r) => r.name);
    expect(unmapped).toEqual(
      expect.arrayContaining(['get-health', 'get-time', 'get-catalogue', 'get-schema']),
    );
    expect(unmapped).not.toContain('get-readiness');
    for (const [id, fn] of resources(stateless, 'AWS::Lambda::Function')) {
      const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> })
        ?.Variables;
      const isUnmapped = unmapped.some((name) => id.startsWith(`${pascalCase(name)}Function`));
      // The public routes map a stack from the shipped .map only when they log an error.
      expect(variables?.NODE_OPTIONS, id).toBe(isUnmapped ? undefined : '--enable-source-maps');
    }
  });

  it('tells every function the tables and the queue (the retry schedule is the default one)', () => {
    for (const [, fn] of resources(stateless, 'AWS::Lambda::Function')) {
      expect(fn.Properties).toMatchObject({
        Environment: {
          Variables: expect.objectContaining({
            TABLE_NAME: expect.anything(),
            AUDIT_TABLE_NAME: expect.anything(),
            DELIVERY_QUEUE_URL: expect.anything(),
          }),
        },
      });
      expect(JSON.stringify(fn.Properties)).not.toContain('DELIVERY_MAX_ATTEMPTS');
    }
  });

  it('runs the sweep every minute through EventBridge Scheduler', () => {
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweepFunction'), 'Arn'] } },
    });
  });

  it('runs the quarterly summary job (001 п.17) every day at 00:20 UTC, with retries: the first run after a quarter closes delivers it', () => {
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(20 0 * * ? *)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^DeliverQuarterlySummaryFunction'), 'Arn'],
        },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
      }),
    });
  });
});

describe('IAM', () => {
  it('has no wildcard action anywhere and no wildcard resource outside X-Ray and the archive key prefixes', () => {
    const statements = policyStatements();
    expect(statements.length).toBeGreaterThan(0);
    for (const { policy, statement } of statements) {
      const actions = asArray(statement.Action);
      for (const action of actions) expect(action, policy).not.toMatch(/\*/);
      const wildcardResource = asArray(statement.Resource).some(
        (r) => typeof r === 'string' && r.includes('*'),
      );
      if (wildcardResource)
        expect(
          actions.every((a) => a.startsWith('xray:')),
          `${policy}: ${actions}`,
        ).toBe(true);
      // Not even a joined `…/index/*` or `…:*` on the table, the queues, the keys or functions.
      // The one exception: S3 object actions under the archive's key prefixes (an object ARN
      // cannot name digests not yet received; cdk/grants.ts), and only those prefixes.
      const resources = JSON.stringify(statement.Resource);
      const prefixed = [...Object.values(ARCHIVE_PREFIXES), AUDIT_LOG_PREFIX].map(
        (prefix) => `/${prefix}*"`,
      );
      const objectActions = actions.every((a) => a === 's3:PutObject' || a === 's3:GetObject');
      const rest = objectActions
        ? prefixed.reduce((text, pattern) => text.replaceAll(pattern, '"'), resources)
        : resources;
      expect(rest, policy).not.toMatch(/\/\*"|:\*"/);
    }
  });

  // Grant test (b) of issue #13 item 1; (a), the calls recorded on the emulators, is grants.test.ts.
  it.each([
    ...ROUTES.map((route) => ({ name: route.name, isPublic: route.public })),
    { name: 'deliver-webhooks', isPublic: false },
    { name: 'sweep', isPublic: false },
    { name: 'authorize', isPublic: false },
    { name: 'close-audit-day', isPublic: false },
    { name: 'deliver-quarterly-summary', isPublic: false },
  ])(
    '$name: its role allows every AWS SDK command its bundle names',
    async ({ name, isPublic }) => {
      const bundle = await bundles.codeOf(name);
      const needed = sdkActionsOf(bundle);
      const granted = new Set(actionsOf(pascalCase(name)));
      expect(needed.unknown, name).toEqual([]);
      expect(
        needed.actions.filter((action) => !granted.has(action)),
        name,
      ).toEqual([]);
      // A public route bundles no SDK client at all (readiness reads the store: its probe).
      if (isPublic && name !== 'get-readiness') expect(bundle, name).not.toMatch(/@aws-sdk\//);
      expect(granted.has('dynamodb:Scan'), name).toBe(false);
    },
  );

  // What makes (b) read what `cdk synth` ships. post-incident: the SDK clients, the aliases
  // and the main fields all shape its bundle; get-health bundles none of them.
  it.each(['post-incident', 'get-health'])(
    '%s: the bundle (b) reads is byte for byte the one the CDK builds',
    async (name) => {
      const withoutMapComment = (code: string) =>
        code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '');
      const shared = withoutMapComment(await bundles.codeOf(name));
      expect(shared.length).toBeGreaterThan(1000);
      expect(shared === withoutMapComment(cdkBundleOf(name)), name).toBe(true);
    },
    120_000,
  );

  it('lets the worker consume, delay retries and send; the sweep write and send', () => {
    expect(actionsOf('DeliverWebhooks')).toEqual(
      expect.arrayContaining([
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:SendMessage',
        'dynamodb:PutItem',
      ]),
    );
    const sweep = actionsOf('Sweep');
    expect(sweep).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem', 'sqs:SendMessage']),
    );
    expect(sweep).not.toContain('sqs:ReceiveMessage');
  });

  it('names every index of the table by ARN', () => {
    const getIncident = JSON.stringify(statementsOf('GetIncident'));
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes)
      expect(getIncident).toContain(`/index/${index.indexName}"`);
  });
});

describe('the HTTP API', () => {
  it('puts the Lambda authorizer on every non-public route, and none on the public ones', () => {
    const routes = resources(stateless, 'AWS::ApiGatewayV2::Route');
    expect(routes).toHaveLength(ROUTES.length);
    for (const route of ROUTES) {
      const found = routes.find(
        ([, r]) => r.Properties?.RouteKey === `${route.method} ${route.path}`,
      );
      expect(found, `${route.method} ${route.path}`).toBeDefined();
      const properties = found?.[1].Properties ?? {};
      if (route.public) {
        expect(properties.AuthorizationType, route.path).toBe('NONE');
      } else {
        expect(properties, route.path).toMatchObject({
          AuthorizationType: 'CUSTOM',
          AuthorizerId: { Ref: expect.stringMatching(/PartyAuthorizer/) },
        });
      }
    }
  });

  it('authorizes with the authorize function, cached at most 30 s per token and caller address behind CloudFront, against the user pool', () => {
    const authorizers = resources(stateless, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const properties = authorizers[0]?.[1].Properties ?? {};
    expect(properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: [
        '$request.header.Authorization',
        '$request.header.CloudFront-Viewer-Address',
      ],
    });
    // A block takes effect within the cache time: п.90-1(3) asks for "within a minute".
    expect(properties.AuthorizerResultTtlInSeconds).toBeLessThanOrEqual(60);
    expect(JSON.stringify(properties.AuthorizerUri)).toContain('Authorize');
    const [, fn] =
      resources(stateless, 'AWS::Lambda::Function').find(([id]) => id.startsWith('Authorize')) ??
      [];
    const environment = fn?.Properties?.Environment as
      | { Variables?: Record<string, unknown> }
      | undefined;
    expect(JSON.stringify(environment?.Variables?.TOKEN_ISSUER)).toContain('ProviderURL');
  });

  it('gives each party a client-credentials app client with its role scope only', () => {
    const clients = resources(stateful, 'AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(Object.keys(PARTIES).length);
    for (const [partyId, role] of Object.entries(PARTIES)) {
      stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        ClientName: partyId,
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: [{ 'Fn::Join': ['', [Match.anyValue(), `/${role}`]] }],
      });
    }
    stateful.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'ncc-gateway',
    });
    stateful.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
  });

  it('logs every request and throttles the stage', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('client_id'),
      },
      DefaultRouteSettings: {
        ThrottlingRateLimit: Match.anyValue(),
        ThrottlingBurstLimit: Match.anyValue(),
      },
    });
  });
});

describe('alarms', () => {
  const alarms = () =>
    resources(stateless, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});

  it('alarms on DLQ depth, missed obligations, a stopped sweep and API 5xx', () => {
    const all = alarms();
    const byMetric = (name: string, namespace: string) =>
      all.filter((a) => a.MetricName === name && a.Namespace === namespace);
    expect(byMetric('ApproximateNumberOfMessagesVisible', 'AWS/SQS').length).toBeGreaterThanOrEqual(
      QUEUE_DEFINITIONS.length,
    );
    expect(byMetric('MissedObligations', 'NccGateway')).toHaveLength(1);
    expect(byMetric('5xx', 'AWS/ApiGateway')).toHaveLength(1);
    expect(byMetric('Invocations', 'AWS/Lambda')).toHaveLength(1);
    stateless.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('\\$\\.missed > 0'),
      MetricTransformations: [
        { MetricNamespace: 'NccGateway', MetricName: 'MissedObligations', MetricValue: '$.missed' },
      ],
    });
  });

  it('alarms on errors and throttles of every function, one alarm each', () => {
    // Every route, the worker, the sweep, the audit job, the quarterly summary job and the authorizer.
    const functionCount = ROUTES.length + 5;
    interface MetricOfAlarm {
      MetricName: string;
      Namespace: string;
      Dimensions: unknown;
    }
    const lambdaMetricsOf = (alarm: Record<string, unknown>): MetricOfAlarm[] =>
      ((alarm.Metrics as Array<{ MetricStat?: { Metric: MetricOfAlarm } }> | undefined) ?? [])
        .flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []))
        .filter((m) => m.Namespace === 'AWS/Lambda');
    const perFunction = alarms().filter((a) => lambdaMetricsOf(a).length > 0);
    expect(perFunction).toHaveLength(functionCount);
    const functionsWatched = new Set<string>();
    for (const alarm of perFunction) {
      const metrics = lambdaMetricsOf(alarm);
      expect(metrics.map((m) => m.MetricName).sort()).toEqual(['Errors', 'Throttles']);
      // Both metrics of one alarm are of the same function.
      expect(new Set(metrics.map((m) => JSON.stringify(m.Dimensions))).size).toBe(1);
      functionsWatched.add(JSON.stringify(metrics[0]?.Dimensions));
    }
    expect(functionsWatched.size).toBe(functionCount);
  });

  it('sends every alarm, and its recovery, to the alarm topic, which mails the operator', () => {
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toHaveLength(1);
      expect(alarm.OKActions).toHaveLength(1);
      expect(JSON.stringify(alarm.AlarmActions)).toMatch(/AlarmTopic/);
    }
    stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'soc-ops@example.kz',
    });
  });
});

describe('cdk-nag', () => {
  it('finds nothing that is not acknowledged', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });

  it('gives every acknowledgement a reason', () => {
    const acknowledged: Array<[string, string]> = [];
    const visit = (construct: IConstruct) => {
      for (const entry of construct.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          for (const [id, reason] of Object.entries(entry.data as Record<string, string>))
            acknowledged.push([id, reason]);
        }
      }
      for (const child of construct.node.children) visit(child);
    };
    visit(app);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledged) expect(reason.length, id).toBeGreaterThan(40);
  });
});
