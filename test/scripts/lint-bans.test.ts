/**
 * biome.json bans code that compiles or loads code at run time (eval, new Function,
 * implied eval, require, import() of a computed name): the bundle and the lockfile are
 * then all that runs. Each snippet is linted with the repository's own configuration,
 * in one biome run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');

const SNIPPETS: Record<string, string> = {
  eval: "export const x = eval('1 + 1');\n",
  'new-function': "export const f = new Function('return 1');\n",
  'function-call': "export const f = Function('return 1');\n",
  'implied-eval': "setTimeout('globalThis.x = 1', 10);\n",
  'computed-import': "const name = process.argv[2] ?? 'x';\nexport const m = import(name);\n",
  require:
    "declare const require: (id: string) => unknown;\nexport const m = require(process.argv[2] ?? 'x');\n",
  'literal-import': "export const m = import('node:fs');\n",
};

interface Diagnostic {
  category: string;
  location?: { path?: string };
  message?: unknown;
}

const work = mkdtempSync(join(tmpdir(), 'lint-bans-'));
/** Diagnostics by snippet name: "category: message". */
const found = new Map<string, string[]>();

beforeAll(async () => {
  for (const [name, code] of Object.entries(SNIPPETS))
    writeFileSync(join(work, `${name}.ts`), code);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      BIOME,
      [
        'lint',
        `--config-path=${join(ROOT, 'biome.json')}`,
        '--vcs-enabled=false',
        '--reporter=json',
        '--max-diagnostics=none',
        work,
      ],
      { cwd: work },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', () => resolve(stdout));
  });
  const { diagnostics } = JSON.parse(output) as { diagnostics: Diagnostic[] };
  for (const d of diagnostics) {
    const name = basename(d.location?.path ?? '', '.ts');
    const text = `${d.category}: ${typeof d.message === 'string' ? d.message : JSON.stringify(d.message)}`;
    found.set(name, [...(found.get(name) ?? []), text]);
  }
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('lint bans', () => {
  it.each([
    ['eval', 'lint/security/noGlobalEval'],
    ['new-function', 'plugin: new Function compiles'],
    ['function-call', 'lint/nursery/noImpliedEval'],
    ['implied-eval', 'lint/nursery/noImpliedEval'],
    ['computed-import', 'plugin: import() of a computed specifier'],
    ['require', 'plugin: require() has no place'],
  ])('refuses %s', (name, diagnostic) => {
    expect(found.get(name)?.some((text) => text.startsWith(diagnostic))).toBe(true);
  });

  it('lets a literal dynamic import through', () => {
    expect(found.get('literal-import')).toBeUndefined();
  });
});
