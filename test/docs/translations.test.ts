/**
 * docs/kk and docs/ru hold the IS documents compliance testing asks for (003 Rules Annex 3),
 * in both languages because 002 п.31 says «АҚ ТҚ қазақ және орыс тілдерінде әзірленеді».
 * Held here: the two folders have the same documents, every file, link or test a document
 * names exists, and each one marks what the operating organisation must fill in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/handlers/http/routes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LANGUAGES = { kk: 'Операторға', ru: 'Оператору' } as const;
const REQUIRED = [
  'access-rules.md',
  'admin-instruction.md',
  'change-rule.md',
  'continuity.md',
  'is-policy.md',
  'operator-instruction.md',
  'threat-model.md',
  'time-source.md',
];

const MATRIX_ROLES = ['soc', 'ncc', 'owner', 'admin'] as const;

const files = (language: string) =>
  readdirSync(join(ROOT, 'docs', language))
    .filter((name) => name.endsWith('.md'))
    .sort();

/** Relative links, and repository paths in backticks (a `<placeholder>` cuts the path). */
function citedPaths(folder: string, text: string): string[] {
  const links = [...text.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) =>
    normalize(join(folder, m[1] as string)),
  );
  const paths = [
    ...text.matchAll(/`((?:functions|cdk|test|docs|scripts|schemas|\.ci)\/[^`\s<]*)/g),
  ].map((m) => join(ROOT, m[1] as string));
  return [...links, ...paths];
}

describe('docs/kk and docs/ru', () => {
  it('hold the same documents, the required ones among them', () => {
    expect(files('kk')).toEqual(files('ru'));
    expect(files('ru')).toEqual(expect.arrayContaining(REQUIRED));
  });

  for (const [language, marker] of Object.entries(LANGUAGES)) {
    it(`${language}: every cited file exists and each document says what the operator fills in`, () => {
      const folder = join(ROOT, 'docs', language);
      const broken: string[] = [];
      for (const name of files(language)) {
        const text = readFileSync(join(folder, name), 'utf8');
        for (const path of citedPaths(folder, text)) {
          if (!existsSync(path)) broken.push(`${name}: ${path.slice(ROOT.length + 1)}`);
        }
        if (!text.includes(marker)) broken.push(`${name}: no «${marker}» part`);
      }
      expect(broken).toEqual([]);
    });
  }
});

describe('access-rules.md', () => {
  for (const language of Object.keys(LANGUAGES)) {
    it(`${language}: its role × route matrix is the roles routes.ts documents`, () => {
      const text = readFileSync(join(ROOT, 'docs', language, 'access-rules.md'), 'utf8');
      const rows = text
        .split('\n')
        .filter((line) => /^\| `(GET|POST|PUT) \//.test(line))
        .map((line) => line.split('|').map((cell) => cell.trim()));
      const listed = new Map<string, string[]>();
      for (const [, routes = '', ...marks] of rows) {
        const roles = MATRIX_ROLES.filter((_, i) => (marks[i] ?? '').startsWith('+'));
        for (const [, route] of routes.matchAll(/`([A-Z]+ \/[^`]+)`/g)) {
          listed.set(route as string, roles);
        }
      }
      const documented = new Map(
        ROUTES.filter((route) => !route.public && route.doc?.roles).map((route) => [
          `${route.method} ${route.path}`,
          MATRIX_ROLES.filter((role) => route.doc?.roles?.includes(role)),
        ]),
      );
      expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(documented));
    });
  }
});

describe('the authority role in docs/kk and docs/ru (issue #11 item 6)', () => {
  // 001 п.2 defines «уәкілетті орган» as the ministry; the `authority` party is ҰҚК / КНБ,
  // which 001 п.10(1) and п.17 name. A document calling it the ministry misleads an operator.
  for (const language of Object.keys(LANGUAGES)) {
    it(`${language}: no document calls it «уәкілетті орган» / «уполномоченный орган»`, () => {
      const folder = join(ROOT, 'docs', language);
      const found = files(language).filter((name) =>
        /уәкілетті\s+орган|уполномоченн\S*\s+орган/i.test(readFileSync(join(folder, name), 'utf8')),
      );
      expect(found).toEqual([]);
    });
  }
});
