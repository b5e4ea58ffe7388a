/**
 * Options shared by the gateway's SDK clients. Each service builds its client in its
 * own adapter folder (`dynamodb/client.ts`, `sqs/client.ts`), so a function bundles
 * only the SDK clients of the adapters it wires.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** Static credentials, for an emulator or an explicit key pair. */
export interface AwsStaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * What an adapter needs to reach DynamoDB or SQS. Built from config at the edge
 * (handler module scope, local server, tests); this file reads no setting from the environment.
 */
export interface AwsClientConfig {
  region: string;
  /** Emulator or LocalStack URL; omitted on AWS, where the SDK resolves the endpoint. */
  endpoint?: string;
  /** Omitted on AWS (the Lambda role is used); defaults to dummy keys when `endpoint` is set. */
  credentials?: AwsStaticCredentials;
  /** Total attempts per call, retries included. Defaults to {@link DEFAULT_MAX_ATTEMPTS}. */
  maxAttempts?: number;
  /**
   * Upper bound for one request/response in ms. Defaults to {@link DEFAULT_REQUEST_TIMEOUT_MS}.
   * An SQS long poll (`WaitTimeSeconds`) must pass a value above its wait time.
   */
  requestTimeoutMs?: number;
}

/** The region when nothing names one (written once, in `aws-region.ts`). */
export { DEFAULT_REGION } from './aws-region.js';

/** Two attempts: one retry absorbs a stale keep-alive socket, and a dead endpoint still fails in seconds. */
export const DEFAULT_MAX_ATTEMPTS = 2;
/** Time allowed to open a TCP connection, in ms. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 2_000;
/** Time allowed for one request and its response, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 3_000;

// Emulators accept any key pair, but the SDK refuses to sign without one.
const LOCAL_CREDENTIALS: AwsStaticCredentials = {
  accessKeyId: 'local',
  secretAccessKey: 'local',
};

// On Node < 22 the SDK warns once per process that its releases after January 2027 will need
// Node 22. This project pins SDK versions that run on Node 20 (README, "Node.js 20"), so the
// notice asks for nothing here and would be the only warning `npm start` prints: turned off.
// An operator's own setting wins. Lambda runs Node.js 24, where the SDK never warns.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// One pair of keep-alive agents per process: every client reuses warm sockets.
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 50 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 50 });

/** The options every SDK client of the gateway is built with. */
export function sharedClientOptions(config: AwsClientConfig) {
  const credentials =
    config.credentials ?? (config.endpoint === undefined ? undefined : LOCAL_CREDENTIALS);
  const requestTimeout = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    region: config.region,
    maxAttempts: config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    // Passed as NodeHttpHandler constructor options, so we need no direct
    // dependency on @smithy/node-http-handler.
    requestHandler: {
      connectionTimeout: DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeout,
      // Without this flag the handler only logs a warning when requestTimeout
      // is exceeded and keeps waiting, so a hung emulator would hang the caller.
      throwOnRequestTimeout: true,
      httpAgent,
      httpsAgent,
    },
  };
}

/** What {@link withoutSdkLogging} needs of a client. */
interface WithMiddlewareStack {
  middlewareStack: { removeByTag(tag: string): boolean };
}

/**
 * Drops the SDK's logger middleware from `client`. The gateway gives the SDK no logger, but
 * the default one has a no-op `info`, so the middleware still built a redacted copy of every
 * request and response (`schemaLogFilter` walks each transaction item) to pass to nothing.
 */
export function withoutSdkLogging<C extends WithMiddlewareStack>(client: C): C {
  client.middlewareStack.removeByTag('LOGGER');
  return client;
}
