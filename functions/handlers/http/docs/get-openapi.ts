import { OPENAPI_JSON } from '../openapi/openapi.generated.js';
import { type HttpBasics, publicRoute } from '../public-route.js';

/**
 * GET /v1/openapi.json — the OpenAPI 3.1 document, generated from ROUTES and the schemas
 * by `npm run generate:openapi` (a test fails when it is stale). Generated ahead rather
 * than at the first request: building it needs ROUTES, which reaches every handler
 * (ExcelJS, pdfkit, every validator), and this function's bundle would carry them all
 * (3 MB, a cold start over 300 ms; BENCHMARKS.md, "Handler bundles").
 */
export const buildGetOpenApi = (deps: HttpBasics) =>
  publicRoute(deps, { auth: 'public', negotiate: false }, async () => ({
    statusCode: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
    },
    body: OPENAPI_JSON,
  }));
