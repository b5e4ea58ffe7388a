import type { SecretSealer } from '../../../core/ports/secret-box.js';
import { rotateWebhookSecret } from '../../../core/use-cases/parties/rotate-webhook-secret.js';
import { respond } from '../respond.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** POST /v1/parties/{id}/webhook-secret/rotate — admin rotates a party's webhook secret. */
export const buildRotateWebhookSecret = (
  deps: RouteDeps<'parties'> & { secretBox: SecretSealer },
) =>
  // No body is read (an empty or JSON/XML one is accepted and ignored).
  httpRoute(deps, { auth: 'required', body: 'optional' }, async (event) => {
    const rotated = await rotateWebhookSecret(
      deps,
      event.principal,
      pathParameter(event, 'id'),
      event.queryStringParameters,
    );
    return respond(200, rotated, event.responseFormat, 'webhookSecretRotation');
  });
