import type { Ports } from '../../../core/ports/ports.js';
import { type HttpBasics, publicRoute } from '../public-route.js';
import { respond } from '../respond.js';

/** A party id no registration can take (ids are lower-case slugs), so the probe reads nothing real. */
const PROBE_PARTY_ID = 'READINESS-PROBE';

/**
 * GET /v1/health/ready — readiness (issue #14 item 7): the store answers a read. An
 * unreachable store is 503 `dependency_unavailable`, a hung one the same within the
 * request deadline. SQS is not checked: a message is accepted while the queue is down
 * (its deliveries wait in the outbox), so the queue does not decide readiness.
 * `GET /v1/health` stays liveness only: the function runs.
 */
export const buildGetReadiness = (deps: HttpBasics & Pick<Ports, 'parties'>) =>
  publicRoute(deps, { auth: 'public' }, async (event) => {
    const started = Date.now();
    await deps.parties.getParty(PROBE_PARTY_ID);
    return respond(
      200,
      {
        status: 'ready',
        time: deps.now().toISOString(),
        checks: { store: { status: 'up', ms: Date.now() - started } },
      },
      event.responseFormat,
      'readiness',
    );
  });
