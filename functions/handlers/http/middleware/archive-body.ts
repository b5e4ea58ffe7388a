import type { MiddlewareObj } from '@middy/core';
import { DependencyUnavailableError } from '../../../core/errors.js';
import type { MessageArchive } from '../../../core/ports/message-archive.js';
import type { Clock } from '../../../core/time.js';
import type { GatewayHttpEvent, HttpResult } from '../http-types.js';
import { headerOf } from '../negotiate.js';

/**
 * Keeps every body received, byte for byte under its SHA-256, before the route runs
 * (issue #15 item 2). If the archive cannot keep it the request fails with 503 and
 * nothing is written: a receipt names a digest whose bytes can always be produced.
 */
export function archiveBody(
  archive: MessageArchive,
  now: Clock,
): MiddlewareObj<GatewayHttpEvent, HttpResult> {
  return {
    before: async function keepVerbatim(request) {
      const { rawBody, rawBytes, principal } = request.event;
      if (!rawBody || !rawBytes || !principal) return;
      try {
        await archive.keep({
          sha256: rawBody.sha256,
          bytes: rawBytes,
          mediaType: headerOf(request.event.headers, 'content-type') ?? 'application/octet-stream',
          partyId: principal.partyId,
          direction: 'received',
          at: now().toISOString(),
        });
      } catch (cause) {
        throw new DependencyUnavailableError('The message archive', { cause });
      }
    },
  };
}
