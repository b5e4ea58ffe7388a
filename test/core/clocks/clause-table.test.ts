/**
 * Issue #11 "Must show": every clock in rules.ts names the clause it comes from, and
 * docs/regulations.md maps that clause to code and test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OBLIGATION_RULES } from '../../../functions/core/clocks/rules.js';

const CLAUSE = /^(00[14]) (п\.\d+(\(\d+\))?|Annex \d+)( note)?$/;
const RULES_SOURCE = readFileSync(
  new URL('../../../functions/core/clocks/rules.ts', import.meta.url),
  'utf8',
);
const TABLE = readFileSync(new URL('../../../docs/regulations.md', import.meta.url), 'utf8');
const kinds = Object.entries(OBLIGATION_RULES);

describe('the clocks of rules.ts and their clauses', () => {
  it.each(kinds)('%s cites a clause (or is declared gateway policy)', (_kind, rule) => {
    // Arrange / Act
    const cited = CLAUSE.test(rule.source) || rule.source === 'gateway policy';

    // Assert
    expect(cited, `source "${rule.source}"`).toBe(true);
  });

  it.each(kinds)('%s has a comment quoting its clause right above it', (kind, rule) => {
    // Arrange
    const lines = RULES_SOURCE.split('\n');
    const at = lines.findIndex((line) => line.trimStart().startsWith(`${kind}: {`));

    // Act
    const comment = lines
      .slice(Math.max(0, at - 3), at)
      .filter((line) => line.trimStart().startsWith('//'))
      .join(' ');

    // Assert
    expect(at, `${kind} not found in rules.ts`).toBeGreaterThan(-1);
    const clause =
      rule.source === 'gateway policy' ? 'Gateway policy' : rule.source.split(' note')[0];
    expect(comment).toContain(clause);
  });

  it.each(kinds)('%s appears in docs/regulations.md with its clause', (kind, rule) => {
    // Arrange
    const rows = TABLE.split('\n').filter((line) => line.includes(`\`${kind}\``));

    // Act
    const mapped =
      rule.source === 'gateway policy'
        ? rows.length > 0
        : rows.some((row) => row.startsWith(`| ${rule.source.split(' note')[0]}`));

    // Assert
    expect(mapped, `${kind} (${rule.source}) has no row in docs/regulations.md`).toBe(true);
  });
});
