/**
 * Logs an invocation's unexpected failure with its cause before Lambda sees it, so a
 * failed sweep or batch is visible in the logs, not only as a metric.
 */
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from './logger.js';

export function logErrors(logger: Logger, what: string): MiddlewareObj {
  return {
    name: 'logErrors',
    onError: function logError(request) {
      const error = request.error;
      logger.error(`${what} failed`, {
        error: error instanceof Error ? error.message : String(error),
        cause:
          error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined,
      });
    },
  };
}
