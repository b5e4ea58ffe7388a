/**
 * Builds a function's dependencies from configuration: the clock, ids and loggers every
 * handler gets, plus only the adapters the function wires. A Lambda entry names its
 * adapters (`runtimeFromEnv({ incidents: dynamoIncidentStore, … })`), so its bundle
 * holds those and nothing else: a public route wires none and carries no SDK client.
 * The local runtime and tests wire every adapter (`all-adapters.ts`) or the in-memory
 * ones (`adapters/memory/`).
 */
import { type CursorSeal, createCursorSeal } from '../core/paging/cursor-seal.js';
import { type Metrics, NO_METRICS } from '../core/ports/metrics.js';
import type { PortName, Ports } from '../core/ports/ports.js';
import { newGatewayId } from '../core/use-cases/context.js';
import { type Environment, type GatewayConfig, loadConfig } from './config.js';
import type { HttpBasics } from './http/route.js';
import { createLogger } from './logger.js';
import { createEmfMetrics } from './metrics.js';

/** What every function gets, whichever adapters it wires. */
export interface GatewayRuntime extends HttpBasics {
  config: GatewayConfig;
  metrics: Metrics;
  /** Bearer-token rules beyond the authorizer's (authenticated routes read them). */
  tokenRules: { maxLifetimeSeconds: number };
  /** Seals pagination cursors when a cursor key is configured. */
  cursorSeal?: CursorSeal;
}

/** Builds one port's adapter from the configuration (one per process). */
export type AdapterFactory<P extends PortName> = (config: GatewayConfig) => Ports[P];

/** The adapters a function wires, by port name; a factory may return more than its port (the SQS queue's visibility control). */
export type AdapterFactories = { [P in PortName]?: AdapterFactory<P> };

/** The ports the given factories build, with the types they build them as. */
export type Wired<A extends AdapterFactories> = {
  [P in keyof A]: A[P] extends (config: GatewayConfig) => infer T ? T : never;
};

/** The basics plus one adapter per given factory. */
export function createGatewayRuntime<A extends AdapterFactories>(
  config: GatewayConfig,
  adapters: A,
): GatewayRuntime & Wired<A> {
  const logger = createLogger();
  const wired = Object.fromEntries(
    Object.entries(adapters).map(([name, factory]) => [
      name,
      (factory as (config: GatewayConfig) => unknown)(config),
    ]),
  ) as Wired<A>;
  return {
    config,
    now: () => new Date(),
    tokenRules: { maxLifetimeSeconds: config.tokens.maxLifetimeSeconds },
    ...(config.cursorKey ? { cursorSeal: createCursorSeal(config.cursorKey) } : {}),
    ...(config.edgeOriginSecret ? { edgeOriginSecret: config.edgeOriginSecret } : {}),
    newId: newGatewayId,
    log: logger,
    logger,
    metrics: config.metrics === 'emf' ? createEmfMetrics() : NO_METRICS,
    ...wired,
  };
}

/**
 * The runtime of a Lambda process, built at cold start from the environment (fails fast
 * on bad config). Each entry module calls it once, at module scope.
 */
export function runtimeFromEnv<A extends AdapterFactories>(
  adapters: A,
  env: Environment = process.env,
): GatewayRuntime & Wired<A> {
  return createGatewayRuntime(loadConfig(env), adapters);
}
