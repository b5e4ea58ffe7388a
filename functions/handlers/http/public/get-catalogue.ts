import { catalogueDocument } from '../../../core/catalogue/catalogue.js';
import { type HttpBasics, publicRoute } from '../public-route.js';
import { respond } from '../respond.js';

/** GET /v1/catalogue — every enum with kk/ru/en labels (docs/contract.md §3). */
export const buildGetCatalogue = (deps: HttpBasics) =>
  publicRoute(deps, { auth: 'public' }, async (event) =>
    respond(200, catalogueDocument(), event.responseFormat, 'catalogue'),
  );
