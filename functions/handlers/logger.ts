import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Log } from '../core/use-cases/context.js';
import { withMappedStacks } from './mapped-stack.js';

/** The logging the handlers need; Powertools' Logger satisfies it. */
export interface Logger extends Log {
  error(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  /** Keys every later line of this invocation carries (the request id); optional for test loggers. */
  appendKeys?(keys: Record<string, string>): void;
  /** Drops the keys of the invocation that ended. */
  resetKeys?(): void;
  /** The Powertools logger behind this one, for its `injectLambdaContext` middleware. */
  readonly powertools?: PowertoolsLogger;
}

/** Structured JSON logs (Powertools), one logger per process. */
export function createLogger(serviceName = 'ncc-gateway'): Logger {
  const logger = new PowertoolsLogger({ serviceName });
  return {
    // A public route runs without --enable-source-maps: an error's stack is mapped as it is logged.
    error: (message, context) => logger.error(message, withMappedStacks(context)),
    warn: (message, context) => logger.warn(message, withMappedStacks(context)),
    info: (message, context) => logger.info(message, context ?? {}),
    appendKeys: (keys) => logger.appendKeys(keys),
    resetKeys: () => logger.resetKeys(),
    powertools: logger,
  };
}
