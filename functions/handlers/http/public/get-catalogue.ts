import { catalogueDocument } from '../../../core/catalogue/catalogue.js';
import { respond } from '../respond.js';
import { type HttpBasics, httpRoute } from '../route.js';

/** GET /v1/catalogue — every enum with kk/ru/en labels (docs/contract.md §3). */
export const buildGetCatalogue = (deps: HttpBasics) =>
  httpRoute(deps, { auth: 'public' }, async (event) =>
    respond(200, catalogueDocument(), event.responseFormat, 'catalogue'),
  );
