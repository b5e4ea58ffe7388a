/**
 * The public routes that wire no port, bundled as `cdk synth` bundles them
 * (cdk/bundling-options.ts: their lazy builtins, no `--enable-source-maps`), load neither
 * node:crypto (but the duty page, for its CSP) nor node:stream/web at cold start, and still answer from the bundle alone:
 * a health check, and problems in each language (the catalogue built on first use).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  entryPath,
  esbuildOptions,
  nodeOptionsFor,
  PORTLESS_ROUTES,
} from '../../cdk/bundling-options.js';

const NAMES = [...PORTLESS_ROUTES].sort();
let dir: string;

beforeAll(async () => {
  // /tmp has no node_modules above it: nothing resolves outside the bundle.
  dir = await mkdtemp(join(tmpdir(), 'portless-bundles-'));
  await Promise.all(
    NAMES.map((name) => build(esbuildOptions(entryPath(name), join(dir, name, 'index.js'), name))),
  );
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

const ENVIRONMENT = {
  PATH: process.env.PATH ?? '',
  TABLE_NAME: 'bundle-table',
  DELIVERY_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/000000000000/bundle-deliveries',
  AWS_REGION: 'eu-central-1',
  METRICS: 'off',
};

/** Runs `script` in a fresh node with the function's NODE_OPTIONS; its stdout, parsed. */
function run<T>(name: string, script: string): T {
  const flags = nodeOptionsFor(name)
    .split(' ')
    .filter((flag) => flag !== '');
  const child = spawnSync('node', [...flags, '-e', script], {
    cwd: join(dir, name),
    encoding: 'utf8',
    env: ENVIRONMENT,
  });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? 'null') as T;
}

describe.each(NAMES)('%s', (name) => {
  it('loads neither node:crypto nor node:stream/web at cold start', () => {
    const loaded = run<string[]>(
      name,
      `const before = new Set(process.moduleLoadList);
require('./index.js');
console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`,
    );
    expect(loaded.length).toBeGreaterThan(0);
    // The duty page hashes its inline script and style for its CSP at import: every answer needs them.
    if (name !== 'get-duty') expect(loaded).not.toContain('NativeModule crypto');
    expect(loaded).not.toContain('NativeModule stream/web');
  });
});

function healthEvent(headers: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: 'GET /v1/health',
    rawPath: '/v1/health',
    rawQueryString: '',
    headers,
    requestContext: { requestId: 'bundle-req-1', http: { method: 'GET', path: '/v1/health' } },
    isBase64Encoded: false,
  };
}

function invokeHealth(headers: Record<string, string>) {
  return run<{ statusCode: number; headers: Record<string, string>; body: string }>(
    'get-health',
    `require('./index.js').handler(${JSON.stringify(healthEvent(headers))}, {
  functionName: 'get-health', awsRequestId: 'aws-1', getRemainingTimeInMillis: () => 10000,
}).then((result) => console.log(JSON.stringify(result)));`,
  );
}

describe('get-health from its bundle', () => {
  it('answers 200', () => {
    const result = invokeHealth({ accept: 'application/json' });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'ok' });
  });

  it.each([
    ['kk', 'Қолайлы пішім жоқ'],
    ['ru', 'Неприемлемый формат'],
    ['en', 'Not acceptable'],
  ])('answers a 406 problem in %s', (language, title) => {
    const result = invokeHealth({ accept: 'text/csv', 'accept-language': language });
    expect(result.statusCode).toBe(406);
    expect(result.headers['content-language']).toBe(language);
    expect(JSON.parse(result.body)).toMatchObject({
      status: 406,
      title,
      code: 'not_acceptable',
      instance: 'urn:kz:ncc-gateway:request:bundle-req-1',
    });
  });
});
