import type { MiddlewareObj } from '@middy/core';
import type { GatewayHttpEvent, HttpResult } from '../http-types.js';
import { headerOf, negotiateFormat, requestFormatOf } from '../negotiate.js';

/** Decides the response format first, so even a failure later answers in the caller's format. */
export function negotiation(): MiddlewareObj<GatewayHttpEvent, HttpResult> {
  return {
    before: async function negotiateResponseFormat(request) {
      const event = request.event;
      const requestFormat = requestFormatOf(headerOf(event.headers, 'content-type'));
      event.responseFormat = requestFormat;
      event.responseFormat = negotiateFormat(headerOf(event.headers, 'accept'), requestFormat);
    },
  };
}
