import type { MiddlewareObj } from '@middy/core';
import { GatewayError } from '../../../core/errors.js';
import { METRIC, type Metrics, NO_METRICS } from '../../../core/ports/metrics.js';
import { languageOf } from '../../../core/problem/messages.js';
import { problemOf, renderProblem } from '../../../core/problem/problem-details.js';
import { requestIdOf } from '../../invocation-logging.js';
import type { Logger } from '../../logger.js';
import type { GatewayHttpEvent, HttpResult } from '../http-types.js';
import { headerOf, requestFormatOf } from '../negotiate.js';

/**
 * Turns every failure into RFC 9457 problem details in the negotiated format, with
 * the request id as `instance`. The status table lives in `core/problem/problem-details.ts`;
 * unknown errors become a plain 500 and are logged with their cause, never serialised
 * into the body. Every 4xx is counted by its code.
 */
export function problemDetails(
  logger: Logger,
  metrics: Metrics = NO_METRICS,
): MiddlewareObj<GatewayHttpEvent, HttpResult> {
  return {
    onError: async function renderFailure(request) {
      request.response = problemResponse(request.error, request.event, logger, metrics);
    },
  };
}

/** The response for a failure: logged (5xx) or counted (4xx), rendered in the caller's format and language. */
export function problemResponse(
  error: unknown,
  event: GatewayHttpEvent,
  logger: Logger,
  metrics: Metrics = NO_METRICS,
): HttpResult {
  const language = languageOf(headerOf(event.headers, 'accept-language'));
  const { problem, retryAfterSeconds } = problemOf(error, language, requestIdOf(event));
  if (problem.status >= 500) {
    logger.error('Request failed', { error, code: problem.code });
  } else {
    metrics.count(METRIC.rejected, { code: problem.code });
    if (!(error instanceof GatewayError)) {
      logger.warn('Unexpected client error', { error });
    }
  }
  const format = event.responseFormat ?? requestFormatOf(headerOf(event.headers, 'content-type'));
  const { contentType, body } = renderProblem(problem, format);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'content-language': language,
    vary: 'Accept, Accept-Language',
  };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  return { statusCode: problem.status, headers, body };
}
