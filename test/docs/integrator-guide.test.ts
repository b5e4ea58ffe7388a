/**
 * docs/integrator-guide.md (issue #10 item 8) is checked against the OpenAPI document and
 * the message catalogue: its route table and problem-code table are what
 * `npm run generate:guide` writes from them; every route with each of its query parameters,
 * every catalogue code and every clock of `rules.ts` is in the page; and the status the page
 * gives a problem code is the status of the error class the code is thrown with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OBLIGATION_RULES } from '../../functions/core/clocks/rules.js';
import { messageTable } from '../../functions/core/problem/messages.js';
import { buildOpenApi } from '../../functions/handlers/http/openapi/build-openapi.js';
import { ROUTES } from '../../functions/handlers/http/routes.js';
import { CODE_ADVICE, GUIDE_PATH, renderGuide } from '../../scripts/generate-guide.js';

const PAGE = readFileSync(GUIDE_PATH, 'utf8');
const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));

const document = buildOpenApi(ROUTES) as {
  paths: Record<string, Record<string, { parameters?: { name?: string; in?: string }[] }>>;
};

/** The table rows of the page, by their first two cells. */
function rowOf(first: string, second?: string): string | undefined {
  return PAGE.split('\n').find(
    (line) =>
      line.startsWith(`| ${first} |`) &&
      (second === undefined || line.startsWith(`| ${first} | ${second} |`)),
  );
}

describe('docs/integrator-guide.md', () => {
  it('holds the tables `npm run generate:guide` writes from the OpenAPI document and the catalogue', () => {
    expect(
      renderGuide(PAGE) === PAGE,
      'docs/integrator-guide.md is stale: run `npm run generate:guide`',
    ).toBe(true);
  });

  it('lists every route of the OpenAPI document with each of its query parameters', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const row = rowOf(method.toUpperCase(), `\`${path}\``);
        if (row === undefined) {
          missing.push(`${method.toUpperCase()} ${path}`);
          continue;
        }
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'query' && !row.includes(`\`${parameter.name}\``))
            missing.push(`${method.toUpperCase()} ${path} ?${parameter.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(ROUTES.length).toBeGreaterThan(30);
  });

  it('lists every code of the message catalogue in the problem-code table', () => {
    const missing = Object.keys(messageTable()).filter(
      (code) => rowOf(`\`${code}\``) === undefined,
    );
    expect(missing).toEqual([]);
  });

  it('has a row for every clock of functions/core/clocks/rules.ts, with its source', () => {
    const missing = Object.entries(OBLIGATION_RULES)
      .filter(([kind, rule]) => !rowOf(`\`${kind}\``)?.endsWith(`| ${rule.source} |`))
      .map(([kind]) => kind);
    expect(missing).toEqual([]);
  });

  it('gives each problem code the status of the error class it is thrown with', () => {
    const statusOfClass: Record<string, number> = {
      MalformedBodyError: 400,
      XmlRefusedError: 400,
      BadRequestError: 400,
      AuthenticationError: 401,
      ForbiddenError: 403,
      ConflictError: 409,
    };
    const thrown = /new\s+(\w+Error)\(\s*'([a-z][a-z0-9_]*)'/g;
    const wrong: string[] = [];
    let checked = 0;
    for (const entry of readdirSync(FUNCTIONS_DIR, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      for (const [, errorClass, code] of text.matchAll(thrown)) {
        const expected = statusOfClass[errorClass as string];
        if (expected === undefined) continue;
        checked += 1;
        const advice = CODE_ADVICE[code as string];
        const asProblem = advice?.in === undefined ? advice?.status : advice.alsoStatus;
        if (asProblem !== expected)
          wrong.push(`${code}: thrown as ${errorClass} (${expected}), guide says ${asProblem}`);
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });
});
