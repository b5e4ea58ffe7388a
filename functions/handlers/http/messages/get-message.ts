import { DependencyUnavailableError, NotFoundError } from '../../../core/errors.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * GET /v1/messages/{sha256} — the bytes of a message exactly as the gateway received or
 * sent them (issue #15 item 2): to an admin, or to the party that sent or received them.
 * Anyone else, and any digest not kept, gets the same 404.
 */
export const buildGetMessage = (deps: RouteDeps) =>
  httpRoute(deps, { auth: 'required' }, async (event) => {
    const sha256 = pathParameter(event, 'sha256').toLowerCase();
    if (!DIGEST.test(sha256) || !deps.archive) throw new NotFoundError(`Message ${sha256}`);
    const reader = event.principal.role === 'admin' ? undefined : event.principal.partyId;
    let message: Awaited<ReturnType<typeof deps.archive.read>>;
    try {
      message = await deps.archive.read(sha256, reader);
    } catch (cause) {
      throw new DependencyUnavailableError('The message archive', { cause });
    }
    if (!message) throw new NotFoundError(`Message ${sha256}`);
    return {
      statusCode: 200,
      headers: {
        'content-type': message.mediaType,
        'x-content-sha256': sha256,
        'cache-control': 'private, no-store',
      },
      isBase64Encoded: true,
      body: Buffer.from(message.bytes).toString('base64'),
    };
  });
