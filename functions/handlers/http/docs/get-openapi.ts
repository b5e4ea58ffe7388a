import { buildOpenApi } from '../openapi/build-openapi.js';
import { type HttpBasics, httpRoute } from '../route.js';
import { ROUTES } from '../routes.js';

/** GET /v1/openapi.json — the OpenAPI 3.1 document, generated from ROUTES and the schemas. */
export const buildGetOpenApi = (deps: HttpBasics) => {
  // Built on first request: ROUTES (which lists this route too) is complete by then.
  let body: string | undefined;
  return httpRoute(deps, { auth: 'public', negotiate: false }, async () => {
    body ??= JSON.stringify(buildOpenApi(ROUTES));
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'public, max-age=300',
      },
      body,
    };
  });
};
