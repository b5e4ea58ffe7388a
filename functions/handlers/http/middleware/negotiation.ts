import type { MiddlewareObj } from '@middy/core';
import type { GatewayHttpEvent, HttpResult } from '../http-types.js';
import { headerOf, negotiateMediaType, requestFormatOf } from '../negotiate.js';

/**
 * Decides the response format first, so even a failure later answers in the caller's
 * format. `offered`: media types beyond JSON and XML the route can answer (CSV, XLSX).
 */
export function negotiation(
  offered: readonly string[] = [],
): MiddlewareObj<GatewayHttpEvent, HttpResult> {
  return {
    before: async function negotiateResponseFormat(request) {
      const event = request.event;
      const requestFormat = requestFormatOf(headerOf(event.headers, 'content-type'));
      event.responseFormat = requestFormat;
      const chosen = negotiateMediaType(headerOf(event.headers, 'accept'), requestFormat, offered);
      event.responseFormat = chosen.format;
      if (chosen.mediaType !== undefined) event.responseMediaType = chosen.mediaType;
    },
  };
}
