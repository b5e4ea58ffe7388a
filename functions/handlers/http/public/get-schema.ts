import { NotFoundError } from '../../../core/errors.js';
import { SCHEMAS } from '../../../core/model/schemas.js';
import { type HttpDeps, httpRoute, pathParameter } from '../route.js';

/** GET /v1/schemas/{name} — a published JSON Schema (2020-12), e.g. `incident-card`. */
export const buildGetSchema = (deps: HttpDeps) =>
  httpRoute(deps, { auth: 'public' }, async (event) => {
    const name = pathParameter(event, 'name').replace(/\.schema\.json$|\.json$/, '');
    const schema = Object.hasOwn(SCHEMAS, name) ? SCHEMAS[name as keyof typeof SCHEMAS] : undefined;
    if (!schema) throw new NotFoundError(`Schema ${name}`);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/schema+json; charset=utf-8',
        'cache-control': 'public, max-age=300',
      },
      body: JSON.stringify(schema),
    };
  });
