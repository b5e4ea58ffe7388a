/**
 * A public route runs without `--enable-source-maps` (cdk/bundling-options.ts,
 * PORTLESS_ROUTES), yet the error it logs names its TypeScript source: a bundle built
 * with the CDK's own esbuild options, run by node without the flag in a folder with no
 * node_modules above it, logs through the gateway's logger a stack mapped from the `.map`
 * beside the bundle. Run with the flag, node maps it itself and the logger leaves it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { esbuildOptions, NODE_OPTIONS } from '../../cdk/bundling-options.js';

const LOGGER = fileURLToPath(new URL('../../functions/handlers/logger.ts', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mapped-stack-bundle-'));
  const entry = join(dir, 'failing-route.ts');
  await writeFile(
    entry,
    `import { createLogger } from ${JSON.stringify(LOGGER)};
const logger = createLogger();
function answerHealth(): never {
  throw new Error('the route failed');
}
export function handler() {
  try {
    answerHealth();
  } catch (error) {
    logger.error('Request failed', { error, code: 'internal_error' });
  }
}
`,
  );
  await build(esbuildOptions(entry, join(dir, 'index.js')));
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

function loggedError(flags: string[]): { location: string; stack: string } {
  const child = spawnSync('node', [...flags, '-e', "require('./index.js').handler()"], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  expect(child.status).toBe(0);
  // Powertools writes ERROR lines to stderr.
  const line = JSON.parse(child.stderr.trim().split('\n').at(-1) ?? '{}') as {
    message: string;
    error: { location: string; stack: string };
  };
  expect(line.message).toBe('Request failed');
  return line.error;
}

it('maps the stack of a logged error from the shipped .map when node does not', () => {
  const error = loggedError([]);
  // Line 4 of failing-route.ts throws, called from line 8 (function names stay minified).
  expect(error.stack).toMatch(/at \S+ \(failing-route\.ts:4:9\)/);
  expect(error.stack).toMatch(/failing-route\.ts:8:\d+/);
  expect(error.stack).not.toMatch(/index\.js:\d+:\d+/);
  expect(error.location).toMatch(/^failing-route\.ts:4$/);
});

it('leaves a stack node has mapped alone', () => {
  const error = loggedError(NODE_OPTIONS.split(' '));
  expect(error.stack).toMatch(/failing-route\.ts:4:\d+/);
  expect(error.stack).toContain(dir);
});
