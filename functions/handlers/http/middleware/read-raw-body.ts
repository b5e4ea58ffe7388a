import type { MiddlewareObj } from '@middy/core';
import { MalformedBodyError, PayloadTooLargeError } from '../../../core/errors.js';
import { MAX_BODY_BYTES, readBody } from '../../../core/wire/read-body.js';
import type { GatewayHttpEvent, HttpResult } from '../http-types.js';
import { headerOf } from '../negotiate.js';

/**
 * Checks and digests the body before the route sees it (413 before any decoding,
 * 415, UTF-8). With `optional`, an empty body is allowed (acks).
 */
export function readRawBody(
  options: { optional?: boolean } = {},
): MiddlewareObj<GatewayHttpEvent, HttpResult> {
  return {
    before: async function checkBody(request) {
      const event = request.event;
      const text = event.body ?? '';
      if (text === '') {
        if (options.optional) return;
        throw new MalformedBodyError(
          'body_required',
          'This request needs a body (application/json or application/xml).',
        );
      }
      // A base64 body is at most 4/3 of its bytes: refuse an oversized one before decoding it.
      if (event.isBase64Encoded && text.length > Math.ceil((MAX_BODY_BYTES * 4) / 3) + 4) {
        throw new PayloadTooLargeError();
      }
      const bytes = event.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
      event.rawBody = readBody(bytes, headerOf(event.headers, 'content-type'));
      event.rawBytes = bytes;
    },
  };
}
