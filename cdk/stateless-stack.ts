/**
 * The code and its wiring: one function per HTTP route (ROUTES) plus the delivery
 * worker and the sweep, the HTTP API with its Lambda authorizer, the sweep's schedule and
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
  CfnRoute,
  type CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  GeoRestriction,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { QUEUE } from '../functions/adapters/sqs/queue-definitions.js';
import { AUTHORIZER_CACHE_SECONDS } from '../functions/handlers/authorizer/authorize.js';
import {
  AUDIT_DAY_CAPABILITIES,
  AUTHORIZER_CAPABILITIES,
  QUARTERLY_SUMMARY_CAPABILITIES,
  SWEEP_CAPABILITIES,
  WORKER_CAPABILITIES,
} from '../functions/handlers/capabilities.js';
import { ROUTES, type RouteDefinition } from '../functions/handlers/http/routes.js';
import { GatewayAlarms } from './constructs/gateway-alarms.js';
import { GatewayFunction, LOG_RETENTION } from './constructs/gateway-function.js';
import { InvokeFunctionTarget } from './constructs/invoke-function-target.js';
import { SecurityMonitoring } from './constructs/security-monitoring.js';
import type { DeploymentConfig } from './deployment-config.js';
import { grantCapabilities } from './grants.js';
import {
  archiveBucketName,
  auditLogBucketName,
  type GatewayQueue,
  pascalCase,
  type StatefulStack,
} from './stateful-stack.js';

/** Time allowed for one webhook POST (WEBHOOK_TIMEOUT_MS); the worker's timeout must leave room. */
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** AWS: the queue's visibility timeout is at least six times the consumer's timeout. */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;

/** Routes that page (a `cursor` parameter): they seal cursors, so they get CURSOR_KEY. */
export function pagesWithCursors(route: Pick<RouteDefinition, 'doc'>): boolean {
  return route.doc?.query?.some((parameter) => parameter.name === 'cursor') ?? false;
}

export interface StatelessStackProps extends StackProps {
  config: DeploymentConfig;
  stateful: StatefulStack;
  /** The WAF web ACL (edge stack, us-east-1) the CloudFront distribution in front of the API uses. */
  webAclArn: string;
}

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** The HTTP API's access log (every request, with status, client and source). */
  accessLogs!: LogGroup;
  readonly securityMonitoring: SecurityMonitoring;
  /** CloudFront with the WAF web ACL: the API's front door (docs/deploy.md "Perimeter"). */
  readonly edge: Distribution;
  readonly routeFunctions: ReadonlyMap<string, GatewayFunction>;
  readonly worker: GatewayFunction;
  readonly sweep: GatewayFunction;
  /** The daily audit job: signed digest and Annex 4 day files. */
  readonly auditDay: GatewayFunction;
  /** The quarterly summary job (001 п.17): a closed quarter's summary to ҰҚК, once. */
  readonly quarterlySummary: GatewayFunction;
  /** The Lambda REQUEST authorizer in front of every party route. */
  readonly authorizer: GatewayFunction;

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
      AUDIT_TABLE_NAME: stateful.auditTable.tableName,
      DELIVERY_QUEUE_URL: deliveries.queue.queueUrl,
      WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS),
    };
    const capabilityResources = {
      table: { table: stateful.table, key: stateful.dataKey },
      auditTable: { table: stateful.auditTable, key: stateful.dataKey },
      queue: { queue: deliveries.queue, key: stateful.dataKey },
      webhookSecretKey: stateful.webhookSecretKey,
      // By name in this stack's own account and region: the grants' object ARNs are then
      // this stack's expressions, which cdk-nag's acknowledgements can name (cdk/grants.ts).
      archive: {
        bucket: Bucket.fromBucketName(
          this,
          'ArchiveBucket',
          archiveBucketName(config.stage, this.account, this.region),
        ),
        key: stateful.dataKey,
      },
      auditSigningKey: stateful.auditSigningKey,
      auditLog: {
        bucket: Bucket.fromBucketName(
          this,
          'AuditLogBucket',
          auditLogBucketName(config.stage, this.account, this.region),
        ),
        key: stateful.dataKey,
      },
      userPool: stateful.userPool,
    };
    // Only the audit job (signs) and the verifier (public key) are told the signing key.
    const auditKeyEnvironment = { AUDIT_SIGNING_KEY_ID: stateful.auditSigningKey.keyArn };
    // Only the functions that keep or read archived messages are told the bucket.
    const archiveEnvironment = { ARCHIVE_BUCKET: capabilityResources.archive.bucket.bucketName };
    // Only the functions that seal or open webhook secrets are told their key.
    const webhookSecretEnvironment = { WEBHOOK_SECRET_KEY_ID: stateful.webhookSecretKey.keyArn };
    // The cursor key reaches only the listing functions, resolved by CloudFormation at
    // deploy from the generated secret: the template holds a reference, not the key.
    const cursorEnvironment = {
      CURSOR_KEY: stateful.cursorKeySecret.secretValue.unsafeUnwrap(),
    };
    // What CloudFront adds to every request it forwards, so the functions can tell those from
    // requests that went around the WAF, and believe CloudFront's record of the caller's
    // address only on them (functions/handlers/http/edge-origin.ts). Generated at deploy;
    // the template, the distribution and the functions hold a reference resolved by
    // CloudFormation, never the value.
    const edgeOriginSecret = new Secret(this, 'EdgeOriginSecret', {
      description: `ncc-gateway ${config.stage}: the X-Origin-Verify header CloudFront adds (EDGE_ORIGIN_SECRET)`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(edgeOriginSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The origin secret is read by CloudFront and the functions at deploy (a dynamic reference), not at run time: a rotation must redeploy both, so it is rotated by a deploy (docs/deploy.md "Perimeter"), not by a rotation Lambda.',
    });
    const edgeEnvironment = { EDGE_ORIGIN_SECRET: edgeOriginSecret.secretValue.unsafeUnwrap() };
    const makeFunction = (
      name: string,
      description: string,
      options: { timeout?: Duration; environment?: Record<string, string> } = {},
    ) =>
      new GatewayFunction(this, pascalCase(name), {
        name,
        description: `ncc-gateway ${config.stage}: ${description}`,
        logKey: stateful.opsKey,
        ...options,
        environment: { ...environment, ...options.environment },
      });

    // HTTP routes: one function each, granted what its declared capabilities need.
    const routeFunctions = new Map<string, GatewayFunction>();
    for (const route of ROUTES) {
      const fn = makeFunction(route.name, `${route.method} ${route.path}`, {
        environment: {
          ...edgeEnvironment,
          ...(route.capabilities.webhookSecrets ? webhookSecretEnvironment : {}),
          ...(route.capabilities.archive ? archiveEnvironment : {}),
          ...(route.capabilities.auditKey ? auditKeyEnvironment : {}),
          ...(pagesWithCursors(route) ? cursorEnvironment : {}),
          // Only the credential reissue replaces app-client secrets, so only it names the pool.
          ...(route.capabilities.clientSecrets
            ? { USER_POOL_ID: stateful.userPool.userPoolId }
            : {}),
        },
      });
      grantCapabilities(fn.function, route.capabilities, capabilityResources);
      routeFunctions.set(route.name, fn);
    }
    this.routeFunctions = routeFunctions;

    // The delivery worker: consumes the queue, writes attempts, and sends escalations of failed deliveries.
    this.worker = makeFunction(
      'deliver-webhooks',
      `${QUEUE.deliveries} queue to signed webhook POSTs`,
      {
        timeout: Duration.seconds(workerTimeoutSeconds),
        environment: { ...webhookSecretEnvironment, ...archiveEnvironment },
      },
    );
    // The one role that may open webhook secrets, to sign with them.
    grantCapabilities(this.worker.function, WORKER_CAPABILITIES, capabilityResources);
    // Grants ReceiveMessage, DeleteMessage, ChangeMessageVisibility (the retry backoff) and Decrypt.
    this.worker.function.addEventSource(
      new SqsEventSource(deliveries.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );

    // The sweep: marks misses, sends reminders and escalations, relays the outbox.
    this.sweep = makeFunction('sweep', 'clock sweep, every minute', {
      timeout: Duration.seconds(55),
    });
    grantCapabilities(this.sweep.function, SWEEP_CAPABILITIES, capabilityResources);
    // A failed run is simply the next minute's run; Lambda's own retries would only overlap it.
    this.sweep.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
    });
    new Schedule(this, 'SweepSchedule', {
      description: `ncc-gateway ${config.stage}: run the clock sweep (docs/contract.md §2)`,
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new InvokeFunctionTarget(this.sweep.function, {
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });

    // The daily audit job (issue #9 items 5–6): signs the day's digest of every chain head
    // with the KMS key and writes each party's Annex 4 files to the Object Lock log bucket.
    this.auditDay = makeFunction('close-audit-day', 'daily audit digest and Annex 4 logs', {
      timeout: Duration.minutes(5),
      environment: {
        ...auditKeyEnvironment,
        AUDIT_LOG_BUCKET: capabilityResources.auditLog.bucket.bucketName,
      },
    });
    grantCapabilities(this.auditDay.function, AUDIT_DAY_CAPABILITIES, capabilityResources);
    // A failed run is retried by the scheduler (and is harmless to repeat: close-audit-day.ts).
    new Schedule(this, 'AuditDaySchedule', {
      description: `ncc-gateway ${config.stage}: sign the audit digest and write the Annex 4 logs of the national day that ended (05:10 Almaty)`,
      schedule: ScheduleExpression.cron({ minute: '10', hour: '0' }),
      target: new InvokeFunctionTarget(this.auditDay.function, {
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
      }),
    });

    // The quarterly summary job (001 п.17): the first run after a national quarter closes
    // delivers its summary to every `authority` party; later runs find them served.
    this.quarterlySummary = makeFunction(
      'deliver-quarterly-summary',
      'quarterly summary to the authority parties (001 п.17)',
      { timeout: Duration.minutes(5) },
    );
    grantCapabilities(
      this.quarterlySummary.function,
      QUARTERLY_SUMMARY_CAPABILITIES,
      capabilityResources,
    );
    // Daily, so a failed or missed run is made good the next day (running it twice sends once).
    new Schedule(this, 'QuarterlySummarySchedule', {
      description: `ncc-gateway ${config.stage}: deliver the summary of the national quarter that closed to the authority parties, once (05:20 Almaty)`,
      schedule: ScheduleExpression.cron({ minute: '20', hour: '0' }),
      target: new InvokeFunctionTarget(this.quarterlySummary.function, {
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
      }),
    });

    // The API's Lambda authorizer: verifies tokens against the user pool's JWKS.
    this.authorizer = makeFunction('authorize', 'Lambda REQUEST authorizer of the party routes', {
      timeout: Duration.seconds(10),
      environment: { TOKEN_ISSUER: stateful.userPool.userPoolProviderUrl, ...edgeEnvironment },
    });
    grantCapabilities(this.authorizer.function, AUTHORIZER_CAPABILITIES, capabilityResources);

    this.api = this.buildApi(config, stateful, routeFunctions, this.authorizer.function);
    this.edge = this.buildEdge(
      config,
      this.api,
      props.webAclArn,
      edgeEnvironment.EDGE_ORIGIN_SECRET,
    );

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
      ['close-audit-day', this.auditDay],
      ['deliver-quarterly-summary', this.quarterlySummary],
      ['authorize', this.authorizer],
    ] as const) {
      alarms.lambda(pascalCase(name), fn.function);
    }

    // Every function's log group, whoever added the function, plus the access log.
    this.securityMonitoring = new SecurityMonitoring(this, 'SecurityMonitoring', {
      topic: stateful.alarmTopic,
      functionLogs: this.node
        .findAll()
        .filter((c): c is GatewayFunction => c instanceof GatewayFunction)
        .map((fn) => fn.logGroup),
      accessLogs: this.accessLogs,
      ...(config.siemDestinationArn ? { siemDestinationArn: config.siemDestinationArn } : {}),
    });
  }

  private buildApi(
    config: DeploymentConfig,
    stateful: StatefulStack,
    functions: ReadonlyMap<string, GatewayFunction>,
    authorizerFunction: IFunction,
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
      description: 'ncc-gateway: SOC and NCC message exchange (docs/contract.md §4)',
      createDefaultStage: false,
      // With a custom domain, that is the only way in.
      disableExecuteApiEndpoint: domain !== undefined,
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: LOG_RETENTION,
      encryptionKey: stateful.opsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.accessLogs = accessLogs;
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
            // The edge's address when the request came through CloudFront; the caller's is
            // callerAddress, from the authorizer (absent where no authorizer ran: public routes).
            sourceIp: '$context.identity.sourceIp',
            callerAddress: '$context.authorizer.callerAddress',
            clientId: '$context.authorizer.client_id',
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

    // One Lambda REQUEST authorizer in front of every party route (issue #9 item 2): token,
    // party, connection point and block in one place, so a refused request never reaches a
    // route function. Cached per token and caller address, so a block holds within 30 s:
    // the caller's as CloudFront records it (address and port; sourceIp is the edge
    // server's, shared by many callers). A request without it did not come through
    // CloudFront and is refused 401 by API Gateway before the authorizer runs.
    const authorizer = new HttpLambdaAuthorizer('PartyAuthorizer', authorizerFunction, {
      authorizerName: 'parties',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [
        '$request.header.Authorization',
        '$request.header.CloudFront-Viewer-Address',
      ],
      resultsCacheTtl: Duration.seconds(AUTHORIZER_CACHE_SECONDS),
    });

    for (const route of ROUTES) {
      const fn = functions.get(route.name);
      if (!fn) throw new Error(`No function for route ${route.name}`);
      const [routeConstruct] = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascalCase(route.name)}Integration`, fn.function),
        ...(route.public
          ? { authorizer: new HttpNoneAuthorizer() }
          : // Which role may call what is the handler's check (the token's scope names the role).
            { authorizer }),
      });
      if (route.public && routeConstruct) {
        Validations.of(routeConstruct).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by docs/contract.md §4 (liveness, time, labels, schemas for anyone) and reads no data.`,
        });
      }
    }

    // Public routes get their own, smaller throttle: an anonymous flood on them exhausts
    // only it, never the budget of the parties' routes (003 Annex 1 п.45: resources not
    // monopolised). Per-address limits sit in front of this, at the WAF.
    const publicRoutes = ROUTES.filter((route) => route.public);
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      publicRoutes.map((route) => [
        `${route.method} ${route.path}`,
        // An untyped L1 map: CloudFormation's own property names.
        {
          ThrottlingRateLimit: config.publicRateLimit,
          ThrottlingBurstLimit: config.publicBurstLimit,
        },
      ]),
    );
    // Route settings name routes, which must exist before the stage refers to them.
    for (const route of api.node.findAll()) {
      if (route instanceof CfnRoute) cfnStage.node.addDependency(route);
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

  /**
   * CloudFront in front of the HTTP API, carrying the WAF web ACL (HTTP APIs cannot take
   * one). Nothing is cached: the Authorization header is part of the (empty) cache key
   * only so that CloudFront forwards it, and every response is fresh. The viewer's
   * address reaches the functions as `CloudFront-Viewer-Address`, believed only beside
   * the `X-Origin-Verify` secret CloudFront adds (functions/handlers/http/edge-origin.ts).
   */
  private buildEdge(
    config: DeploymentConfig,
    api: HttpApi,
    webAclArn: string,
    originSecret: string,
  ): Distribution {
    const passThrough = new CachePolicy(this, 'EdgePassThrough', {
      comment: 'ncc-gateway: forward Authorization, cache nothing',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
    const distribution = new Distribution(this, 'Edge', {
      comment: `ncc-gateway ${config.stage}: WAF in front of the HTTP API`,
      defaultBehavior: {
        origin: new HttpOrigin(`${api.apiId}.execute-api.${this.region}.${this.urlSuffix}`, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          // Proves to the functions that a request came through here (http/edge-origin.ts).
          customHeaders: { 'X-Origin-Verify': originSecret },
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: passThrough,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      webAclId: webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      ...(config.edgeAllowedCountries.length > 0
        ? { geoRestriction: GeoRestriction.allowlist(...config.edgeAllowedCountries) }
        : {}),
    });
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Every request the edge lets through is in the API access log (ApiAccessLogs, 3 years); what the WAF blocks is in its metrics and sampled requests. CloudFront standard logs would need an ACL-enabled S3 bucket for no extra field the gateway uses.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'With the default *.cloudfront.net certificate CloudFront cannot enforce a minimum TLS version; a custom domain with its own certificate (docs/deploy.md "Perimeter") sets TLSv1.2_2021. The origin leg is TLS 1.2 only.',
      },
      ...(config.edgeAllowedCountries.length > 0
        ? []
        : [
            {
              id: 'AwsSolutions-CFR1',
              reason:
                'No country allowlist by default so that pilots and testers abroad can reach a test stage; set context edgeAllowedCountries (e.g. "KZ") for production.',
            },
          ]),
    );
    new CfnOutput(this, 'EdgeUrl', {
      description: 'The API behind CloudFront and the WAF: give this URL to the parties',
      value: `https://${distribution.distributionDomainName}/`,
    });
    return distribution;
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
