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
/** A bundle-looking file outside the bundle's folder, with a valid map beside it. */
let outside: string;

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
export function hostile() {
  // Request text quoted in a message, shaped like a frame of a file outside the bundle.
  const quoted = new Error('bad input\\n    at x (' + process.env.OUTSIDE_FILE + ':1:1)');
  logger.error('Request failed', { error: quoted, code: 'internal_error' });
  const frozen = Object.freeze(new Error('frozen'));
  logger.error('Request failed', { error: frozen, code: 'internal_error' });
}
`,
  );
  await build(esbuildOptions(entry, join(dir, 'index.js')));
  outside = await mkdtemp(join(tmpdir(), 'mapped-stack-outside-'));
  await writeFile(
    join(outside, 'evil.js.map'),
    JSON.stringify({ version: 3, sources: ['leaked-source.ts'], names: [], mappings: 'AAAA' }),
  );
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

function loggedError(flags: string[], call = 'handler'): { location: string; stack: string } {
  const child = spawnSync('node', [...flags, '-e', `require('./index.js').${call}()`], {
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

it('maps only frame lines of files beside the bundle, and never throws while logging', () => {
  // The last line logged is the frozen error's; the call exits 0 (nothing thrown).
  const child = spawnSync('node', ['-e', "require('./index.js').hostile()"], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, OUTSIDE_FILE: join(outside, 'evil.js') },
  });
  expect(child.status).toBe(0);
  const [quoted] = child.stderr
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { error: { stack: string } });
  // Text that only looks like a frame of a file elsewhere is left alone, its map unread.
  expect(quoted?.error.stack).toContain(`at x (${join(outside, 'evil.js')}:1:1)`);
  expect(quoted?.error.stack).not.toContain('leaked-source.ts');
});
