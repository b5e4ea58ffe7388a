/**
 * Reads a request body with a hard cap, as API Gateway does (10 MiB for HTTP APIs):
 * a body over the cap is refused without buffering it.
 */
import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError } from '../../core/errors.js';

/** API Gateway HTTP API's payload limit. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/**
 * The whole body, or {@link PayloadTooLargeError} once it passes `limitBytes`. On
 * overflow the rest is read and dropped rather than the stream destroyed: destroying
 * it would close the socket before the 413 could be written.
 */
export function readRequestBody(
  request: IncomingMessage,
  limitBytes = MAX_REQUEST_BYTES,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      request.resume();
      reject(new PayloadTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    function collect(chunk: Buffer): void {
      received += chunk.length;
      // A chunked body declares no length: count as it arrives.
      if (received > limitBytes) {
        request.off('data', collect);
        request.resume();
        chunks.length = 0;
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    }
    request.on('data', collect);
    request.once('end', () => resolve(Buffer.concat(chunks, received)));
    request.once('error', reject);
  });
}
