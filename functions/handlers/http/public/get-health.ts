import { respond } from '../respond.js';
import { type HttpBasics, httpRoute } from '../route.js';

/** GET /v1/health — liveness: the function runs and its configuration loaded. */
export const buildGetHealth = (deps: HttpBasics) =>
  httpRoute(deps, { auth: 'public' }, async (event) =>
    respond(200, { status: 'ok', time: deps.now().toISOString() }, event.responseFormat, 'health'),
  );
