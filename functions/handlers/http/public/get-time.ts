import { formatNational } from '../../../core/time.js';
import { type HttpBasics, publicRoute } from '../public-route.js';
import { respond } from '../respond.js';

/**
 * GET /v1/time — the gateway's clock for the objects it integrates (Unified
 * Requirements п.90-1(8): "уақытты синхрондау сервисін ұсыну"). The host keeps it in
 * sync by NTP: Amazon Time Sync Service on AWS, the host's own NTP locally
 * (docs/time-service.md). Public, like health: it reveals nothing but the time.
 */
export const buildGetTime = (deps: HttpBasics) =>
  publicRoute(deps, { auth: 'public' }, async (event) => {
    const now = deps.now().getTime();
    return respond(
      200,
      { utc: new Date(now).toISOString(), epochMilliseconds: now, national: formatNational(now) },
      event.responseFormat,
      'time',
      { 'cache-control': 'no-store' },
    );
  });
