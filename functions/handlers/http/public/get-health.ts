import { type HttpBasics, publicRoute } from '../public-route.js';
import { respond } from '../respond.js';

/** GET /v1/health — liveness: the function runs and its configuration loaded. */
export const buildGetHealth = (deps: HttpBasics) =>
  publicRoute(deps, { auth: 'public' }, async (event) =>
    respond(200, { status: 'ok', time: deps.now().toISOString() }, event.responseFormat, 'health'),
  );
