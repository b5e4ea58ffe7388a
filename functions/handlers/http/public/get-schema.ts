import { NotFoundError } from '../../../core/errors.js';
import { SCHEMAS } from '../../../core/model/schemas.js';
import { XSD_DOCUMENTS } from '../../../core/model/xsd.generated.js';
import { type HttpBasics, pathParameter, publicRoute } from '../public-route.js';

const CACHE = 'public, max-age=300';

/**
 * GET /v1/schemas/{name} — a published schema: `incident-card` (or `incident-card.schema.json`)
 * for JSON Schema 2020-12, `incident-card.xsd` for the XSD.
 */
export const buildGetSchema = (deps: HttpBasics) =>
  publicRoute(deps, { auth: 'public' }, async (event) => {
    const requested = pathParameter(event, 'name');
    if (requested.endsWith('.xsd')) {
      const name = requested.slice(0, -'.xsd'.length);
      const xsd = Object.hasOwn(XSD_DOCUMENTS, name) ? XSD_DOCUMENTS[name] : undefined;
      if (xsd === undefined) throw new NotFoundError(`Schema ${requested}`);
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': CACHE },
        body: xsd,
      };
    }
    const name = requested.replace(/\.schema\.json$|\.json$/, '');
    const schema = Object.hasOwn(SCHEMAS, name) ? SCHEMAS[name as keyof typeof SCHEMAS] : undefined;
    if (!schema) throw new NotFoundError(`Schema ${requested}`);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/schema+json; charset=utf-8', 'cache-control': CACHE },
      body: JSON.stringify(schema),
    };
  });
