/**
 * Reads docs/commissioning.md: the checklist rows (id, state, evidence) and the summary
 * table, so the test can hold the document to what the repository contains.
 */
export type RowState = 'met' | 'partial' | 'missing';

export interface ChecklistRow {
  id: string;
  section: string;
  state: RowState;
  /** The last column: the evidence of a met row, or what is left. */
  evidence: string;
}

export interface SummaryLine {
  section: string;
  rows: number;
  met: number;
  partial: number;
  missing: number;
}

/** A file the evidence cites: `path`, and the test names cited after it (`path` › "name"). */
export interface Citation {
  path: string;
  testNames: string[];
}

const ROW = /^\| ([A-R])(\d+) \|/;
const STATE = /^\*\*(met|partial|missing)\*\*(?: \((?:AWS|org)\))?$/;
const SUMMARY =
  /^\| (?:([A-R])\. [^|]+|\*\*total\*\*) \| \**(\d+)\** \| \**(\d+)\** \| \**(\d+)\** \| \**(\d+)\** \|$/;
/** Repository paths, as opposed to commands or code in backticks. */
const REPO_PATH =
  /^(?:(?:functions|cdk|test|docs|scripts|bench|schemas|events|cli|\.ci)\/\S*|README\.md|BENCHMARKS\.md|package(?:-lock)?\.json|cdk\.json|biome\.json|\.gitignore|\.local\/)$/;

export function parseRows(markdown: string): ChecklistRow[] {
  const rows: ChecklistRow[] = [];
  for (const line of markdown.split('\n')) {
    const match = ROW.exec(line);
    if (!match) continue;
    const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split(' | ');
    const [id, , , , stateCell, evidence] = cells.map((c) => c.trim());
    const state = STATE.exec(stateCell ?? '');
    if (cells.length !== 6 || !id || !state || evidence === undefined) {
      throw new Error(
        `Row ${match[1]}${match[2]} is not "| # | check | clause | step | state | evidence |"`,
      );
    }
    rows.push({ id, section: match[1] as string, state: state[1] as RowState, evidence });
  }
  return rows;
}

export function parseSummary(markdown: string): SummaryLine[] {
  const start = markdown.indexOf('\n## Summary');
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown
    .slice(start, end)
    .split('\n')
    .flatMap((line) => {
      const m = SUMMARY.exec(line.trim());
      if (!m) return [];
      const [, section, rows, met, partial, missing] = m;
      return [
        {
          section: section ?? 'total',
          rows: Number(rows),
          met: Number(met),
          partial: Number(partial),
          missing: Number(missing),
        },
      ];
    });
}

/** Every repository path in backticks, each with the test names cited right after it. */
export function citationsOf(evidence: string): Citation[] {
  const citations: Citation[] = [];
  const token = /`([^`]+)`((?:\s*›\s*"[^"]+")*)/g;
  for (const m of evidence.matchAll(token)) {
    const path = m[1] as string;
    if (!REPO_PATH.test(path)) continue;
    const testNames = [...(m[2] ?? '').matchAll(/"([^"]+)"/g)].map((n) => n[1] as string);
    citations.push({ path, testNames });
  }
  return citations;
}

/** `npm run <script>` commands the evidence cites. */
export function npmScriptsOf(evidence: string): string[] {
  return [...evidence.matchAll(/`npm run ([\w:-]+)/g)].map((m) => m[1] as string);
}
