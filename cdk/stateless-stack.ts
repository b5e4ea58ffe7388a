/**
 * The code and its wiring: one function per HTTP route (ROUTES) plus the delivery
 * worker and the sweep, the HTTP API with its JWT authorizer, the sweep's schedule and
 * the alarms. Everything here can be destroyed and redeployed without losing data;
 * the data lives in the stateful stack it receives.
 */
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { QUEUE } from '../functions/adapters/sqs/queue-definitions.js';
import { SCOPE_PREFIX } from '../functions/handlers/http/middleware/authenticate.js';
import { ROUTES, type RouteDefinition } from '../functions/handlers/http/routes.js';
import { GatewayAlarms } from './constructs/gateway-alarms.js';
import { GatewayFunction, LOG_RETENTION } from './constructs/gateway-function.js';
import { InvokeFunctionTarget } from './constructs/invoke-function-target.js';
import { type DeploymentConfig, ROLES } from './deployment-config.js';
import { grantQueueSend, grantTableRead, grantTableReadWrite } from './grants.js';
import { type GatewayQueue, pascalCase, type StatefulStack } from './stateful-stack.js';

/** Time allowed for one webhook POST (WEBHOOK_TIMEOUT_MS); the worker's timeout must leave room. */
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** AWS: the queue's visibility timeout is at least six times the consumer's timeout. */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;

/** What an HTTP function may do with the data, by route. */
export type RouteAccess = 'none' | 'read' | 'write';

/**
 * Public routes touch no data; GET routes only read; every other route writes and may
 * fan out, so it may also send to the delivery queue (SPEC §5: the hand-off follows
 * the write). Changing what a route does means changing this line, and the test
 * `test/cdk/stacks.test.ts` shows the result.
 */
export function routeAccess(route: Pick<RouteDefinition, 'method' | 'public'>): RouteAccess {
  if (route.public) return 'none';
  return route.method === 'GET' ? 'read' : 'write';
}

export interface StatelessStackProps extends StackProps {
  config: DeploymentConfig;
  stateful: StatefulStack;
}

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly routeFunctions: ReadonlyMap<string, GatewayFunction>;
  readonly worker: GatewayFunction;
  readonly sweep: GatewayFunction;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const deliveries = requiredQueue(stateful, QUEUE.deliveries);
    const workerTimeoutSeconds = Math.floor(
      deliveries.definition.visibilityTimeoutSeconds / VISIBILITY_TO_TIMEOUT_RATIO,
    );
    if (workerTimeoutSeconds * 1000 < 2 * WEBHOOK_TIMEOUT_MS) {
      throw new Error(
        `The ${QUEUE.deliveries} visibility timeout (${deliveries.definition.visibilityTimeoutSeconds} s) leaves the worker ${workerTimeoutSeconds} s, too little for ${WEBHOOK_TIMEOUT_MS} ms webhook calls.`,
      );
    }

    // Everything loadConfig (functions/handlers/config.ts) reads; the rest keep its defaults.
    const environment = {
      TABLE_NAME: stateful.table.tableName,
      DELIVERY_QUEUE_URL: deliveries.queue.queueUrl,
      // The worker gives up when the DLQ would take the message anyway.
      DELIVERY_MAX_ATTEMPTS: String(deliveries.definition.deadLetter.maxReceiveCount),
      WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS),
    };
    const tableAccess = { table: stateful.table, key: stateful.dataKey };
    const makeFunction = (
      name: string,
      description: string,
      options: { timeout?: Duration } = {},
    ) =>
      new GatewayFunction(this, pascalCase(name), {
        name,
        description: `ncc-gateway ${config.stage}: ${description}`,
        environment,
        logKey: stateful.opsKey,
        ...options,
      });

    // HTTP routes: one function each, with only the access its method needs.
    const routeFunctions = new Map<string, GatewayFunction>();
    for (const route of ROUTES) {
      const fn = makeFunction(route.name, `${route.method} ${route.path}`);
      const access = routeAccess(route);
      if (access === 'read') grantTableRead(fn.function, tableAccess);
      if (access === 'write') {
        grantTableReadWrite(fn.function, tableAccess);
        grantQueueSend(fn.function, deliveries.queue, stateful.dataKey);
      }
      routeFunctions.set(route.name, fn);
    }
    this.routeFunctions = routeFunctions;

    // The delivery worker: consumes the queue, writes attempts, and sends escalations of failed deliveries.
    this.worker = makeFunction(
      'deliver-webhooks',
      `${QUEUE.deliveries} queue to signed webhook POSTs`,
      {
        timeout: Duration.seconds(workerTimeoutSeconds),
      },
    );
    grantTableReadWrite(this.worker.function, tableAccess);
    grantQueueSend(this.worker.function, deliveries.queue, stateful.dataKey);
    // Grants ReceiveMessage, DeleteMessage, ChangeMessageVisibility (the retry backoff) and Decrypt.
    this.worker.function.addEventSource(
      new SqsEventSource(deliveries.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );

    // The sweep: marks misses, sends reminders and escalations, relays the outbox.
    this.sweep = makeFunction('sweep', 'clock sweep, every minute', {
      timeout: Duration.seconds(55),
    });
    grantTableReadWrite(this.sweep.function, tableAccess);
    grantQueueSend(this.sweep.function, deliveries.queue, stateful.dataKey);
    // A failed run is simply the next minute's run; Lambda's own retries would only overlap it.
    this.sweep.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
    });
    new Schedule(this, 'SweepSchedule', {
      description: `ncc-gateway ${config.stage}: run the clock sweep (SPEC 2)`,
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new InvokeFunctionTarget(this.sweep.function, {
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });

    this.api = this.buildApi(config, stateful, routeFunctions);

    const alarms = new GatewayAlarms(this, 'Alarms', stateful.alarmTopic);
    for (const { definition, queue, deadLetterQueue } of stateful.queues.values()) {
      alarms.deadLetterQueue(pascalCase(definition.deadLetter.logicalName), deadLetterQueue);
      alarms.queueBacklog(pascalCase(definition.logicalName), queue);
    }
    alarms.missedObligations(this.sweep.logGroup);
    alarms.sweepStopped(this.sweep.function);
    alarms.apiServerErrors(this.api);
    for (const [name, fn] of [
      ...routeFunctions,
      ['deliver-webhooks', this.worker],
      ['sweep', this.sweep],
    ] as const) {
      alarms.lambda(pascalCase(name), fn.function);
    }
  }

  private buildApi(
    config: DeploymentConfig,
    stateful: StatefulStack,
    functions: ReadonlyMap<string, GatewayFunction>,
  ): HttpApi {
    const domain = config.customDomain
      ? new DomainName(this, 'Domain', {
          domainName: config.customDomain.domainName,
          certificate: Certificate.fromCertificateArn(
            this,
            'Certificate',
            config.customDomain.certificateArn,
          ),
          securityPolicy: SecurityPolicy.TLS_1_2,
        })
      : undefined;

    const api = new HttpApi(this, 'Api', {
      apiName: `ncc-gateway-${config.stage}`,
      description: 'ncc-gateway: SOC and NCC message exchange (SPEC 4)',
      createDefaultStage: false,
      // With a custom domain, that is the only way in.
      disableExecuteApiEndpoint: domain !== undefined,
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: LOG_RETENTION,
      encryptionKey: stateful.opsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            clientId: '$context.authorizer.claims.client_id',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
      ...(domain ? { domainMapping: { domainName: domain } } : {}),
    });

    // Cognito access tokens carry no `aud`; API Gateway then checks `client_id` against
    // these clients, so only the parties' own app clients pass.
    const authorizer = new HttpUserPoolAuthorizer('PartyAuthorizer', stateful.userPool, {
      authorizerName: 'parties',
      userPoolClients: stateful.partyClients.map((party) => party.client),
    });
    const roleScopes = ROLES.map((role) => `${SCOPE_PREFIX}${role}`);

    for (const route of ROUTES) {
      const fn = functions.get(route.name);
      if (!fn) throw new Error(`No function for route ${route.name}`);
      const [routeConstruct] = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascalCase(route.name)}Integration`, fn.function),
        ...(route.public
          ? { authorizer: new HttpNoneAuthorizer() }
          : // A token must carry one of the role scopes; which role may call what is the handler's check.
            { authorizer, authorizationScopes: roleScopes }),
      });
      if (route.public && routeConstruct) {
        Validations.of(routeConstruct).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by SPEC §4 (liveness, time, labels, schemas for anyone) and reads no data.`,
        });
      }
    }

    new CfnOutput(this, 'ApiUrl', {
      value: domain ? `https://${config.customDomain?.domainName}/` : stage.url,
    });
    if (domain) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: `Point a CNAME (or Route 53 alias) for ${domain.name} here`,
        value: domain.regionalDomainName,
      });
    }
    return api;
  }
}

function requiredQueue(stateful: StatefulStack, logicalName: string): GatewayQueue {
  const queue = stateful.queues.get(logicalName);
  if (!queue)
    throw new Error(
      `The stateful stack has no queue ${logicalName} (functions/adapters/sqs/queue-definitions.ts).`,
    );
  return queue;
}
