import { gunzipSync } from 'node:zlib';
import { headerOf } from '../negotiate.js';
import { type HttpBasics, publicRoute } from '../public-route.js';
import { REDOC_STANDALONE_GZIP_BASE64, REDOC_VERSION } from './redoc.generated.js';

/** Where the page loads its renderer from: this gateway, never a CDN. */
export const RENDERER_PATH = '/docs/redoc.standalone.js';

/** Nothing but this gateway may be loaded by the page (Redoc's search runs in a blob worker). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ncc-gateway API reference</title>
<style>body { margin: 0; }</style>
</head>
<body>
<redoc spec-url="/v1/openapi.json" hide-download-button="false" path-in-middle-panel="true" expand-responses="200,201"></redoc>
<script src="${RENDERER_PATH}"></script>
</body>
</html>
`;

/** GET /docs — the API reference: Redoc (bundled with the gateway) over /v1/openapi.json. */
export const buildGetDocs = (deps: HttpBasics) =>
  publicRoute(deps, { auth: 'public', negotiate: false }, async () => ({
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'public, max-age=300',
    },
    body: PAGE,
  }));

/** GET /docs/redoc.standalone.js — the renderer, gzip-compressed when the client takes gzip. */
export const buildGetDocsRenderer = (deps: HttpBasics) => {
  let plain: string | undefined;
  return publicRoute(deps, { auth: 'public', negotiate: false }, async (event) => {
    const headers = {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
      etag: `"redoc-${REDOC_VERSION}"`,
      vary: 'Accept-Encoding',
    };
    if (/\bgzip\b/.test(headerOf(event.headers, 'accept-encoding') ?? '')) {
      return {
        statusCode: 200,
        headers: { ...headers, 'content-encoding': 'gzip' },
        body: REDOC_STANDALONE_GZIP_BASE64,
        isBase64Encoded: true,
      };
    }
    plain ??= gunzipSync(Buffer.from(REDOC_STANDALONE_GZIP_BASE64, 'base64')).toString('utf8');
    return { statusCode: 200, headers, body: plain };
  });
};
