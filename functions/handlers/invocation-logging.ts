/**
 * Every log line of an invocation carries where it came from: Powertools'
 * `injectLambdaContext` adds the function, its cold start and the Lambda request id,
 * and `keysOf` adds what the event knows (the API Gateway request id an integrator
 * quotes from a problem's `instance`). Both are dropped when the invocation ends.
 * Used first in a chain, so its `onError` runs after every other one has logged.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from './logger.js';

export function invocationLogging<TEvent, TResult>(
  logger: Logger,
  keysOf: (event: TEvent) => Record<string, string>,
): MiddlewareObj<TEvent, TResult>[] {
  const keys: MiddlewareObj<TEvent, TResult> = {
    before: function appendInvocationKeys(request) {
      logger.appendKeys?.(keysOf(request.event));
    },
    after: function dropInvocationKeys() {
      logger.resetKeys?.();
    },
    onError: function dropInvocationKeysAfterError() {
      logger.resetKeys?.();
    },
  };
  const lambdaContext = logger.powertools
    ? [
        injectLambdaContext(logger.powertools, { resetKeys: true }) as MiddlewareObj<
          TEvent,
          TResult
        >,
      ]
    : [];
  return [...lambdaContext, keys];
}

/** The API Gateway request id of an HTTP event (the local server makes one up too). */
export function requestIdOf(event: {
  requestContext?: { requestId?: string };
}): string | undefined {
  const id = event.requestContext?.requestId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
