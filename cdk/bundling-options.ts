/**
 * How every Lambda entry is bundled, in one place: the CDK function construct and the
 * bundle benchmark (`bench/bundles.ts`) both read it, so the bench measures exactly
 * what `cdk synth` ships.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BUNDLED_FONT_DIR, FONT_FILES } from '../functions/adapters/pdf/annex3-card-pdf.js';
import { PUBLIC } from '../functions/handlers/capabilities.js';
import { ROUTES } from '../functions/handlers/http/routes.js';

/** The repository root (holds package-lock.json, the asset root for every function). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Lambda entry of a route or trigger: `functions/lambda/<name>.ts`, exporting `handler`. */
export function entryPath(name: string): string {
  return fileURLToPath(new URL(`../functions/lambda/${name}.ts`, import.meta.url));
}

/** The newest Node.js runtime Lambda offers (docs/contract.md §7). */
export const RUNTIME = Runtime.NODEJS_24_X;

/** esbuild's `--target`, derived the way NodejsFunction derives it (`nodejs24.x` → `node24`). */
export const ESBUILD_TARGET = `node${/nodejs(\d+)/.exec(RUNTIME.name)?.[1] ?? ''}`;

/**
 * The AWS SDK v3 is bundled into each function (issue #15 item 4): the SDK that runs on
 * AWS is the one package-lock.json pins and `npm test` ran, not whatever copy the Lambda
 * runtime carries that month. It is also the fastest of the four ways measured: CPU time
 * of a cold `require` (fresh process, `--enable-source-maps`, median of 5, node 20,
 * 2026-12-07; BENCHMARKS.md, "Handler bundles"):
 *
 *   post-incident   SDK only 58 ms | external 92 ms (387 KB) | bundled CJS 116 ms (956 KB)
 *                   | bundled CJS from `module` 72 ms (747 KB) | bundled ESM from `module` 77 ms
 *   list-incidents  47 | 69 (179 KB) | 88 (711 KB) | 57 (513 KB) | 61
 *   sweep           56 | 72 (97 KB) | 82 (666 KB) | 55 (459 KB) | 59
 *
 * ("SDK only": a bare node process requiring the same SDK packages from node_modules, as
 * the runtime's copy is loaded.) Tree-shaken from the SDK's ES modules, one file parses
 * faster than the runtime's copy resolves and compiles its modules, so a handler costs
 * about what its SDK clients cost alone. The price is size: past issue #4's 400 KB, a
 * target set while the SDK was external (the SDK and its credential chain are about
 * 350 KB of each bundle). `keepNames` stays off: no code here matches an error by its
 * class name; the SDK's errors carry their `name` as a field, which minifying keeps.
 */
export const EXTERNAL_MODULES: string[] = [];

/**
 * Resolve a package's ES module build (`module`, e.g. the SDK's `dist-es`) before its
 * CommonJS one: esbuild can tree-shake ES modules, so a function carries the SDK commands
 * it sends and not the whole client (DynamoDB's `dist-cjs` holds all of its ~57
 * operations in one file). The grant test (b) relies on it: a bundle that named every
 * operation would need every action.
 */
export const MAIN_FIELDS = ['module', 'main'];

/**
 * CommonJS output: the Lambda runtime loads a `.js` handler with `require`, which on a cold
 * start is faster than the ESM loader's `import()` of the same code (measured with the
 * bundles above); esbuild turns the SDK's ES modules into CommonJS inside the bundle.
 */
export const OUTPUT_FORMAT = OutputFormat.CJS;

/**
 * Kazakh and Russian texts (the message catalogue) stay UTF-8 instead of `\uXXXX` escapes,
 * which made them three times their size in the bundle.
 */
export const CHARSET = 'utf8';

/**
 * pdfkit's CommonJS build instead of its ES module one: the ES build finds its data files
 * from `import.meta.url`, which a CommonJS bundle does not have (the printable card then
 * failed on Lambda with "Invalid URL"). The card passes its own embedded font, so pdfkit
 * never reads its standard-font files either (functions/adapters/pdf/annex3-card-pdf.ts).
 */
export const ALIASES: Readonly<Record<string, string>> = {
  pdfkit: `${PROJECT_ROOT}node_modules/pdfkit/js/pdfkit.js`,
};

/**
 * Files a function reads at run time, copied next to its bundle (the function's root on
 * Lambda): the card's fonts, for the one function that prints it.
 */
export const FUNCTION_FILES: Readonly<Record<string, ReadonlyArray<{ from: string; to: string }>>> =
  {
    'get-incident-card-pdf': Object.values(FONT_FILES).map((file) => ({
      from: `${PROJECT_ROOT}node_modules/dejavu-fonts-ttf/ttf/${file}`,
      to: `${BUNDLED_FONT_DIR}/${file}`,
    })),
  };

/** The shell commands that copy a function's files into its bundle directory. */
export function copyFilesCommands(name: string, outputDir: string): string[] {
  return (FUNCTION_FILES[name] ?? []).map(
    ({ from, to }) => `mkdir -p "${outputDir}/${dirname(to)}" && cp "${from}" "${outputDir}/${to}"`,
  );
}

/** The bundling of one function: the shared options, plus the files it reads at run time. */
export function bundlingFor(name: string): BundlingOptions {
  const bundling = PORTLESS_ROUTES.has(name)
    ? { ...BUNDLING, esbuildArgs: esbuildArgsFor(name) }
    : BUNDLING;
  if (FUNCTION_FILES[name] === undefined) return bundling;
  return {
    ...bundling,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => copyFilesCommands(name, outputDir),
    },
  };
}

/** Stack traces map back to the TypeScript sources (the `.map` files ship in the asset). */
export const NODE_OPTIONS = '--enable-source-maps';

/**
 * The public routes that wire no port (health, time, catalogue, schemas, OpenAPI, docs,
 * duty page) run without {@link NODE_OPTIONS} (issue #13: their cold import against a bare
 * node process). With `--enable-source-maps`, node 20 reads and parses a bundle's map at
 * load, turns each of its sources into a URL and walks the bundle character by character:
 * 8–12 ms, more than the rest of such a route's import (BENCHMARKS.md, "Handler bundles").
 * Node 24, the Lambda runtime, reads the map only when a stack is formatted (1–3 ms at load).
 * These functions run the route chain and a fixed answer, so a mapped stack matters only
 * when one fails, and then they still log one: their logger maps an error's stack through
 * the `.map` shipped beside the bundle, on the first error (functions/handlers/mapped-stack.ts).
 * Every other function keeps the flag: a failure deep in a use case or an adapter is read
 * from its TypeScript frames, with their names.
 */
export const PORTLESS_ROUTES: ReadonlySet<string> = new Set(
  ROUTES.filter((route) => route.capabilities === PUBLIC).map((route) => route.name),
);

/** The NODE_OPTIONS a function runs with on Lambda ('' for none). */
export function nodeOptionsFor(name: string): string {
  return PORTLESS_ROUTES.has(name) ? '' : NODE_OPTIONS;
}

/**
 * The builtins a public route without ports loads on first use rather than at cold start
 * (functions/lazy-builtins/lazy.ts says why): esbuild aliases each to its stand-in in those
 * functions' bundles. Every other function keeps the builtins as they are: the AWS SDK
 * loads node:crypto and node:stream at import anyway.
 */
export const LAZY_BUILTIN_ALIASES: Readonly<Record<string, string>> = {
  'node:crypto': `${PROJECT_ROOT}functions/lazy-builtins/crypto.ts`,
  'node:stream': `${PROJECT_ROOT}functions/lazy-builtins/stream.ts`,
  'node:stream/promises': `${PROJECT_ROOT}functions/lazy-builtins/stream-promises.ts`,
  'node:stream/web': `${PROJECT_ROOT}functions/lazy-builtins/stream-web.ts`,
};

/** The esbuild aliases of one function: the shared ones, plus the lazy builtins of a portless route. */
export function aliasesFor(name: string | undefined): Record<string, string> {
  return name !== undefined && PORTLESS_ROUTES.has(name)
    ? { ...ALIASES, ...LAZY_BUILTIN_ALIASES }
    : { ...ALIASES };
}

/** The esbuild arguments NodejsFunction has no option for: the charset and a function's aliases. */
function esbuildArgsFor(name: string | undefined): Record<string, string> {
  return {
    '--charset': CHARSET,
    ...Object.fromEntries(
      Object.entries(aliasesFor(name)).map(([from, to]) => [`--alias:${from}`, to]),
    ),
  };
}

/** NodejsFunction bundling: minified, with source maps, the SDK bundled and tree-shaken. */
export const BUNDLING: BundlingOptions = {
  minify: true,
  sourceMap: true,
  // Line mappings are enough for stack traces; the sources themselves would double the asset.
  sourcesContent: false,
  target: ESBUILD_TARGET,
  format: OUTPUT_FORMAT,
  externalModules: EXTERNAL_MODULES,
  mainFields: MAIN_FIELDS,
  // Passed as an argument: this aws-cdk-lib declares `charset` but does not hand it to esbuild.
  esbuildArgs: esbuildArgsFor(undefined),
  // esbuild is a devDependency, so `cdk synth` bundles locally and needs no Docker.
  forceDockerBundling: false,
  // Keeps `npm run synth` output to what needs reading (warnings, cdk-nag findings).
  logLevel: LogLevel.WARNING,
};

/**
 * The same bundling as esbuild build options (what NodejsFunction passes on the esbuild
 * command line: `--bundle --platform=node --target --format --minify --sourcemap
 * --sources-content=false --main-fields=module,main --charset=utf8 --alias:…`); with the
 * function's `name`, its own aliases too ({@link aliasesFor}).
 */
export function esbuildOptions(entry: string, outfile: string, name?: string) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node' as const,
    target: ESBUILD_TARGET,
    format: OUTPUT_FORMAT,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: EXTERNAL_MODULES,
    mainFields: MAIN_FIELDS,
    charset: CHARSET as 'utf8',
    alias: aliasesFor(name),
    logLevel: 'warning' as const,
  };
}
