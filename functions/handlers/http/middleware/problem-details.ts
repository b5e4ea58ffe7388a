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
      const language = languageOf(headerOf(request.event.headers, 'accept-language'));
      const { problem, retryAfterSeconds } = problemOf(
        request.error,
        language,
        requestIdOf(request.event),
      );
      if (problem.status >= 500) {
        logger.error('Request failed', { error: request.error, code: problem.code });
      } else {
        metrics.count(METRIC.rejected, { code: problem.code });
        if (!(request.error instanceof GatewayError)) {
          logger.warn('Unexpected client error', { error: request.error });
        }
      }
      const event = request.event;
      const format =
        event.responseFormat ?? requestFormatOf(headerOf(event.headers, 'content-type'));
      const { contentType, body } = renderProblem(problem, format);
      const headers: Record<string, string> = {
        'content-type': contentType,
        'content-language': language,
        vary: 'Accept, Accept-Language',
      };
      if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
      if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
      request.response = { statusCode: problem.status, headers, body };
    },
  };
}
