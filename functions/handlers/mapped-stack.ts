/**
 * Error stacks mapped to the TypeScript sources when they are logged, for the functions
 * that run without `--enable-source-maps` (the public routes that wire no port,
 * cdk/bundling-options.ts `PORTLESS_ROUTES`): the `.map` esbuild ships beside each
 * bundle is read on the first error that is logged, not at cold start. Where node already
 * maps stacks (every other function, tests, the local server), stacks pass unchanged.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';

/** Each bundle's map, or null where it has none (read once per file). */
const MAPS = new Map<string, SourceMap | null>();

function mapOf(file: string): SourceMap | null {
  let map = MAPS.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    MAPS.set(file, map);
  }
  return map;
}

// A frame line, `    at name (/var/task/index.js:1:2345)` or `    at /var/task/index.js:1:2345`:
// only frame lines (the message above them may quote request text that looks like a path),
// and only files beside this bundle, whose `.map` ships with it.
const FRAME = /^(\s+at (?:[^\n]*?\()?)(\/[^():\n]+\.c?js):(\d+):(\d+)/gm;
const BUNDLE_DIR = typeof __dirname === 'string' ? __dirname : undefined;

/**
 * `stack` with each frame of a bundle that has a `.map` beside it rewritten to its source
 * (`functions/handlers/http/public-route.ts:120:5`, relative to the repository); function
 * names stay minified. Frames it cannot map stay as they are; a mapped stack maps to itself.
 */
export function mappedStack(stack: string): string {
  if (process.sourceMapsEnabled) return stack;
  return stack.replace(
    FRAME,
    (frame, before: string, file: string, line: string, column: string) => {
      if (BUNDLE_DIR === undefined || !file.startsWith(`${BUNDLE_DIR}/`)) return frame;
      const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
      if (entry === undefined || !('originalSource' in entry)) return frame;
      const source = entry.originalSource.replace(/^(\.\.\/)+/, '');
      return `${before}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    },
  );
}

/** The context of a log line, with the stack of each error in it mapped (in place). */
export function withMappedStacks(
  context: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (context === undefined) return {};
  for (const value of Object.values(context)) {
    if (value instanceof Error && typeof value.stack === 'string') {
      // Logging must not throw: a frozen error keeps its stack as it is.
      try {
        value.stack = mappedStack(value.stack);
      } catch {}
    }
  }
  return context;
}
