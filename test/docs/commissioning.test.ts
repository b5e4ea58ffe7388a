/**
 * docs/commissioning.md is the commissioning checklist (003) kept in step with the code:
 * a row marked met must cite evidence that exists, every other row must say what is
 * left, and the summary must add up.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { citationsOf, npmScriptsOf, parseRows, parseSummary } from './commissioning-doc.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'commissioning.md'), 'utf8');
const rows = parseRows(DOC);
const met = rows.filter((row) => row.state === 'met');
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts,
);

/** `functions/lambda/<name>.ts` names a family of files: its folder must exist. */
function existing(path: string): boolean {
  const concrete = path.includes('<') ? path.slice(0, path.indexOf('<')) : path;
  return existsSync(join(ROOT, concrete));
}

describe('docs/commissioning.md', () => {
  it('carries all 129 checks of the checklist, each once', () => {
    expect(rows).toHaveLength(129);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  });

  it('cites, for every met row, files and tests that exist', () => {
    const broken: string[] = [];
    for (const row of met) {
      const citations = citationsOf(row.evidence);
      if (citations.length === 0) broken.push(`${row.id}: cites no file`);
      for (const { path, testNames } of citations) {
        if (!existing(path)) {
          broken.push(`${row.id}: ${path} does not exist`);
          continue;
        }
        if (testNames.length === 0 || statSync(join(ROOT, path)).isDirectory()) continue;
        const source = readFileSync(join(ROOT, path), 'utf8');
        for (const name of testNames) {
          if (!source.includes(name)) broken.push(`${row.id}: no test "${name}" in ${path}`);
        }
      }
      for (const script of npmScriptsOf(row.evidence)) {
        if (!scripts.includes(script)) broken.push(`${row.id}: no npm script "${script}"`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('says what is left on every partial or missing row', () => {
    const silent = rows
      .filter((row) => row.state !== 'met')
      .filter((row) => !/^Left: \S.{20,}/.test(row.evidence))
      .map((row) => row.id);
    expect(silent).toEqual([]);
  });

  it('has a summary that adds up to the rows, with more met than the 28 it started from', () => {
    const summary = parseSummary(DOC);
    const sections = [...new Set(rows.map((row) => row.section))];
    const count = (of: typeof rows) => ({
      rows: of.length,
      met: of.filter((r) => r.state === 'met').length,
      partial: of.filter((r) => r.state === 'partial').length,
      missing: of.filter((r) => r.state === 'missing').length,
    });
    expect(summary).toEqual([
      ...sections.map((section) => ({
        section,
        ...count(rows.filter((r) => r.section === section)),
      })),
      { section: 'total', ...count(rows) },
    ]);
    expect(met.length).toBeGreaterThan(28);
  });
});

describe('the evidence reader', () => {
  it('finds paths and the test names after them, and ignores commands', () => {
    expect(
      citationsOf('`cdk/app.ts` › "a test" › "another", `npm test`, `docs/x.md`; `SCOPE_PREFIX`'),
    ).toEqual([
      { path: 'cdk/app.ts', testNames: ['a test', 'another'] },
      { path: 'docs/x.md', testNames: [] },
    ]);
    expect(npmScriptsOf('run `npm run restore-drill` then `npm run synth`')).toEqual([
      'restore-drill',
      'synth',
    ]);
  });
});
