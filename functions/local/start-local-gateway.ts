/**
 * The whole gateway on this machine (docs/contract.md §7 "Local"): the AWS services (emulated or
 * given), the same handlers as on Lambda behind a local API Gateway stand-in, an SQS
 * poller in place of the event source mapping and a ticker in place of the scheduler.
 * `npm start` runs it; tests run it in-process.
 */
import { join } from 'node:path';
import { createSqsClient, DEFAULT_REGION } from '../adapters/aws-clients.js';
import { loadOrCreateAuditSigner } from '../adapters/crypto/key-audit-signer.js';
import { migrateLegacyAudit } from '../adapters/dynamodb/audit-migration.js';
import { storeContextFor } from '../adapters/dynamodb/settings.js';
import { createFolderAuditLogStore } from '../adapters/local/folder-audit-log-store.js';
import { RETRY_SCHEDULE_SECONDS } from '../core/delivery/retry-schedule.js';
import type { Role } from '../core/model/messages.js';
import type { DeliveryRecord } from '../core/ports/records.js';
import type { DeliveryOutcome } from '../core/use-cases/deliveries/deliver.js';
import { createFullRuntime, type FullRuntime } from '../handlers/all-adapters.js';
import type { GatewayConfig } from '../handlers/config.js';
import { countAuthFailure } from '../handlers/http/auth-failures.js';
import { ROUTES } from '../handlers/http/routes.js';
import { buildDeliverWebhooks } from '../handlers/queue/deliver-webhooks.js';
import { buildCloseAuditDay, daysToClose } from '../handlers/schedule/close-audit-day.js';
import { buildDeliverQuarterlySummary } from '../handlers/schedule/deliver-quarterly-summary.js';
import { buildSweep } from '../handlers/schedule/sweep.js';
import { deliverWebhooksDeps, sweepDeps } from '../handlers/worker-deps.js';
import { loadOrCreateCursorKey, loadOrCreateWebhookSecretKey } from './auth/cursor-key.js';
import { loadOrCreateDevKey } from './auth/dev-key.js';
import { signLocalToken } from './auth/local-token.js';
import { formatDeliveryLine } from './console-lines.js';
import { DEFAULT_DATA_DIR } from './data-dir.js';
import { type DynamoDbSupervisor, EMULATOR_REQUEST_TIMEOUT_MS } from './emulators.js';
import { type AccessLogEntry, formatAccessLine, startHttpServer } from './http-server.js';
import { type EmulatorPorts, type ServiceEndpoints, startLocalBackend } from './local-backend.js';
import { requeuePendingDeliveries } from './requeue-pending.js';
import { seedAdminParty } from './seed-admin.js';
import { startSqsPoller } from './sqs-poller.js';
import { startSweepTicker } from './sweep-ticker.js';

export interface LocalGatewayOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Development key and DynamoDB Local data; default `.local/` at the repository root. */
  dataDir?: string;
  /** Default 5 (docs/contract.md §7). */
  sweepIntervalSeconds?: number;
  /** Use running services (AWS_ENDPOINT_URL, LocalStack, a test run's emulators) instead of starting emulators. */
  endpoints?: ServiceEndpoints;
  region?: string;
  tableName?: string;
  /** The audit table; default `<tableName>-audit`. */
  auditTableName?: string;
  /** Prefix of the physical queue names. */
  queuePrefix?: string;
  delivery?: Partial<GatewayConfig['delivery']>;
  outboxGraceSeconds?: number;
  /** Longest bearer-token lifetime accepted (`exp − iat`); default 1 h. */
  maxTokenLifetimeSeconds?: number;
  /** Visibility timeout of the work queues (a crashed delivery comes back after it). */
  visibilityTimeoutSeconds?: number;
  /** Ports for the emulators started here (0 or omitted: free ports). */
  emulatorPorts?: EmulatorPorts;
  /**
   * The console: one line per request (request id, party, method, path, status, ms), and
   * one per delivery attempt and escalation (`console-lines.ts`); omitted: none.
   */
  accessLog?: (line: string) => void;
  /**
   * DynamoDB Local (started here) died and could not be kept running (issue #14 item 7):
   * the gateway cannot work without it. `npm start` says so on stderr and exits 1;
   * omitted, it is logged as an error.
   */
  onFatal?: (error: Error) => void;
}

export interface LocalGateway {
  url: string;
  port: number;
  runtime: FullRuntime;
  endpoints: ServiceEndpoints;
  /** A bearer token for `partyId` acting as `role`, signed by the development key. */
  tokenFor(partyId: string, role: Role | (string & {}), ttlSeconds?: number): Promise<string>;
  /** Stops the server, the poller and the ticker, then the emulators started here. */
  stop(): Promise<void>;
}

/** Delivery batches in hand at once (the event source mapping's concurrency, locally). */
const DELIVERY_POLLERS = 4;

/**
 * The production retry schedule (10 s … 24 h): a receiver that is down for a while
 * locally sees what it would see on AWS, and a later successful delivery redrives the
 * rest. Tests pass a shorter one.
 */
const LOCAL_DELIVERY: GatewayConfig['delivery'] = {
  retryScheduleSeconds: RETRY_SCHEDULE_SECONDS,
};
/** Receives before fauxqs parks a message in the DLQ: only unreadable or crashing ones get there. */
const LOCAL_MAX_RECEIVE_COUNT = 8;
const DEFAULT_PORT = 8080;
const DEFAULT_SWEEP_INTERVAL_SECONDS = 5;
/** How often the local stand-in of the daily audit job runs (it closes the day that ended). */
const AUDIT_DAY_INTERVAL_SECONDS = 3_600;

/** Long enough for any webhook POST (5 s timeout) of a batch; short enough to recover from a crash quickly. */
const LOCAL_VISIBILITY_TIMEOUT_SECONDS = 30;
/** The poller's long poll (2 s) must fit inside one SQS request. */
const POLLER_REQUEST_TIMEOUT_MS = 10_000;

function localConfig(
  dataDir: string,
  options: LocalGatewayOptions,
  endpoints: ServiceEndpoints,
  deliveryQueueUrl: string,
): GatewayConfig {
  return {
    tableName: options.tableName ?? 'ncc-gateway',
    ...(options.auditTableName ? { auditTableName: options.auditTableName } : {}),
    deliveryQueueUrl,
    aws: {
      region: options.region ?? DEFAULT_REGION,
      requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
    },
    serviceEndpoints: { dynamodb: endpoints.dynamodb, sqs: endpoints.sqs },
    // One gateway process per data dir and table: the only writer.
    singleWriter: true,
    webhooks: { allowInsecure: true, timeoutMs: 5_000 },
    delivery: { ...LOCAL_DELIVERY, ...options.delivery },
    tokens: { maxLifetimeSeconds: options.maxTokenLifetimeSeconds ?? 3_600 },
    outboxGraceSeconds: options.outboxGraceSeconds ?? 5,
    // Every message received, byte for byte, under the data dir (issue #15 item 2).
    archive: { dir: join(dataDir, 'archive') },
    sweep: {
      intervalSeconds: options.sweepIntervalSeconds ?? DEFAULT_SWEEP_INTERVAL_SECONDS,
      pageSize: 100,
    },
  };
}

/** Starts everything; on failure, stops what it had started and rethrows. */
export async function startLocalGateway(options: LocalGatewayOptions = {}): Promise<LocalGateway> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  // The runtime is built once the backend is up; a restart before that is only printed.
  let logger: FullRuntime['logger'] | undefined;
  const supervise: DynamoDbSupervisor = {
    onRestart: ({ exit, restarts, endpoint }) => {
      options.accessLog?.(
        `${new Date().toISOString()} dynamodb-local died (${exit}); restarted at ${endpoint}, restart ${restarts}`,
      );
      logger?.warn('DynamoDB Local died and was restarted in place', { exit, restarts });
    },
    onGiveUp: (error) => {
      if (options.onFatal) options.onFatal(error);
      else
        logger?.error('DynamoDB Local died and could not be restarted', { error: error.message });
    },
  };
  const [key, cursorKey, webhookSecretKey, backend] = await Promise.all([
    loadOrCreateDevKey(dataDir),
    loadOrCreateCursorKey(dataDir),
    loadOrCreateWebhookSecretKey(dataDir),
    startLocalBackend({
      ...(options.endpoints ? { endpoints: options.endpoints } : {}),
      dataDir,
      ...(options.emulatorPorts ? { emulatorPorts: options.emulatorPorts } : {}),
      region: options.region ?? DEFAULT_REGION,
      tableName: options.tableName ?? 'ncc-gateway',
      ...(options.auditTableName ? { auditTableName: options.auditTableName } : {}),
      queuePrefix: options.queuePrefix ?? 'ncc-gateway',
      visibilityTimeoutSeconds:
        options.visibilityTimeoutSeconds ?? LOCAL_VISIBILITY_TIMEOUT_SECONDS,
      maxReceiveCount: LOCAL_MAX_RECEIVE_COUNT,
      supervise,
    }),
  ]);
  const config = {
    ...localConfig(dataDir, options, backend.endpoints, backend.deliveryQueueUrl),
    cursorKey,
    webhookSecrets: { localKey: webhookSecretKey },
  };
  const runtime = createFullRuntime(config);
  logger = runtime.logger;
  const stops: Array<() => Promise<void>> = [backend.stop];
  const stopAll = async () => {
    // Newest first: the server stops taking work before what serves it goes away.
    for (const stop of stops.reverse()) await stop();
  };

  try {
    // A data dir written before the audit table existed: its audit items move there before
    // anything appends (idempotent; two queries when there is nothing to move).
    const moved = await migrateLegacyAudit(storeContextFor(config));
    if (moved.chains + moved.digests > 0)
      runtime.logger.info('Moved the audit trail into the audit table', { ...moved });
    if (moved.conflicts.length > 0)
      runtime.logger.error('Audit items not moved: the audit table holds different ones', {
        conflicts: moved.conflicts,
      });
    await seedAdminParty(runtime.parties, runtime.now);
    // The local stand-in for the KMS key that signs the daily audit digests (docs/contract.md §6).
    runtime.auditSigner = await loadOrCreateAuditSigner(dataDir);
    if (backend.freshQueues) {
      const requeued = await requeuePendingDeliveries(
        runtime.parties,
        runtime.deliveries,
        runtime.queue,
      );
      if (requeued > 0)
        runtime.logger.info('Re-enqueued pending deliveries after restart', { requeued });
    }

    const pollerClient = createSqsClient({
      region: config.aws.region,
      endpoint: backend.endpoints.sqs,
      requestTimeoutMs: POLLER_REQUEST_TIMEOUT_MS,
    });
    const poller = startSqsPoller({
      client: pollerClient,
      queueUrl: backend.deliveryQueueUrl,
      handler: buildDeliverWebhooks({
        ...deliverWebhooksDeps(runtime),
        // The console's line per delivery and escalation, next to the access log's.
        ...(options.accessLog
          ? {
              onAttempt: (delivery: DeliveryRecord, outcome: DeliveryOutcome) =>
                options.accessLog?.(formatDeliveryLine(delivery, outcome)),
            }
          : {}),
      }),
      logger: runtime.logger,
      region: config.aws.region,
      // Lambda works a busy queue with several invocations at once; one batch at a time
      // would make a notice to the whole country wait on 60 batches in a row.
      concurrency: DELIVERY_POLLERS,
    });
    stops.push(async () => {
      await poller.stop();
      pollerClient.destroy();
    });

    const ticker = startSweepTicker({
      run: buildSweep(sweepDeps(runtime)),
      intervalSeconds: config.sweep.intervalSeconds,
      logger: runtime.logger,
    });
    stops.push(() => ticker.stop());

    // The daily audit job (AWS: EventBridge Scheduler at 00:10 UTC): closing a day twice
    // changes nothing, so locally it runs at start and then hourly — a gateway that was
    // stopped over midnight still signs the day that ended, at its next start.
    const { auditSigner } = runtime;
    const closeDay = buildCloseAuditDay({
      ...runtime,
      signer: auditSigner,
      logStore: createFolderAuditLogStore(join(dataDir, 'audit-logs')),
    });
    const auditDay = startSweepTicker({
      // Every day not yet closed since the last signed digest (a gateway stopped for days).
      run: async () => {
        const last = (await runtime.audit.digests()).at(-1)?.day;
        for (const day of daysToClose(last, runtime.now())) await closeDay({ day });
      },
      intervalSeconds: AUDIT_DAY_INTERVAL_SECONDS,
      logger: runtime.logger,
      what: 'Closing the audit day',
    });
    stops.push(() => auditDay.stop());

    // The quarterly summary to ҰҚК (001 п.17; AWS: EventBridge Scheduler daily at 00:20 UTC):
    // delivering a quarter twice sends once, so locally it runs at start and then hourly.
    const quarterlySummary = startSweepTicker({
      run: buildDeliverQuarterlySummary(runtime),
      intervalSeconds: AUDIT_DAY_INTERVAL_SECONDS,
      logger: runtime.logger,
      what: 'Delivering the quarterly summary',
    });
    stops.push(() => quarterlySummary.stop());

    const server = await startHttpServer({
      port: options.port ?? DEFAULT_PORT,
      ...(options.host ? { host: options.host } : {}),
      routes: ROUTES,
      deps: runtime,
      key,
      maxTokenLifetimeSeconds: config.tokens.maxLifetimeSeconds,
      ...(options.accessLog
        ? { onResponse: (entry: AccessLogEntry) => options.accessLog?.(formatAccessLine(entry)) }
        : {}),
      onAuthFailure: (failure) => countAuthFailure(runtime, failure),
    });
    stops.push(() => server.close());

    let stopped: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      runtime,
      endpoints: backend.endpoints,
      tokenFor: (partyId, role, ttlSeconds) =>
        signLocalToken(key, { partyId, role, ...(ttlSeconds === undefined ? {} : { ttlSeconds }) }),
      stop: () => {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
