/**
 * Writes the OpenAPI 3.1 document (generated from ROUTES and schemas/, the same one
 * `GET /v1/openapi.json` serves) to a file, for tools that want it offline:
 * `npm run generate:openapi -- [out.json]` (default .local/openapi.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildOpenApi } from '../functions/handlers/http/openapi/build-openapi.js';
import { ROUTES } from '../functions/handlers/http/routes.js';

const out = resolve(process.argv[2] ?? '.local/openapi.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(buildOpenApi(ROUTES), null, 2)}\n`);
console.log(`Wrote ${out} (${ROUTES.length} routes)`);
