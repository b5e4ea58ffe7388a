/**
 * The OpenAPI document (issue #10 item 1) is generated from ROUTES and schemas/: it
 * lints clean with Redocly's recommended rules, and every route is in it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import {
  REDOC_STANDALONE_GZIP_BASE64,
  REDOC_VERSION,
} from '../../../functions/handlers/http/docs/redoc.generated.js';
import { buildOpenApi } from '../../../functions/handlers/http/openapi/build-openapi.js';
import { ROUTES } from '../../../functions/handlers/http/routes.js';
import {
  GENERATED_OPENAPI_PATH,
  generateOpenApiModule,
} from '../../../scripts/generate-openapi.js';

const document = buildOpenApi(ROUTES) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  webhooks: Record<string, unknown>;
  components: { schemas: Record<string, unknown> };
};

describe('the OpenAPI document', () => {
  it('served by GET /v1/openapi.json is the one ROUTES and schemas/ give (run `npm run generate:openapi` after changing a route or a schema)', () => {
    const committed = readFileSync(GENERATED_OPENAPI_PATH, 'utf8');

    expect(
      generateOpenApiModule() === committed,
      'functions/handlers/http/openapi/openapi.generated.ts is stale',
    ).toBe(true);
  });

  it("lints clean with Redocly's recommended rules (no error, no warning)", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: 'openapi.json',
      config,
    });
    const findings = problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`,
    );
    expect(findings).toEqual([]);
  });

  it('has every ROUTES entry, with its method', () => {
    const missing = ROUTES.filter(
      (route) => !document.paths[route.path]?.[route.method.toLowerCase()],
    ).map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item));
    expect(operations).toHaveLength(ROUTES.length);
  });

  it('documents the problems of a route that reads a message, JSON and XML alike', () => {
    const post = document.paths['/v1/incidents']?.post as unknown as {
      requestBody: { content: Record<string, unknown> };
      responses: Record<string, unknown>;
    };
    expect(Object.keys(post.requestBody.content)).toEqual(['application/json', 'application/xml']);
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining([
        '201',
        '400',
        '401',
        '403',
        '406',
        '413',
        '415',
        '422',
        '429',
        '503',
      ]),
    );
  });

  it('puts every schema of schemas/ and every webhook event in', () => {
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining([
        'IncidentCard',
        'IncidentNotification',
        'NccNotice',
        'Party',
        'Receipt',
        'Problem',
      ]),
    );
    expect(Object.keys(document.webhooks)).toEqual(
      expect.arrayContaining(['incident.notified', 'obligation.missed', 'notice.issued']),
    );
  });
});

describe('the bundled renderer', () => {
  it('is the installed redoc standalone bundle (npm run generate:docs-renderer when stale)', () => {
    const require = createRequire(import.meta.url);
    const installed = readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'));
    const version = (
      JSON.parse(readFileSync(require.resolve('redoc/package.json'), 'utf8')) as { version: string }
    ).version;
    expect(REDOC_VERSION).toBe(version);
    expect(gunzipSync(Buffer.from(REDOC_STANDALONE_GZIP_BASE64, 'base64')).equals(installed)).toBe(
      true,
    );
  });
});
