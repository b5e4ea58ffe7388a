/**
 * How every Lambda entry is bundled, in one place: the CDK function construct and the
 * bundle benchmark (`bench/bundles.ts`) both read it, so the bench measures exactly
 * what `cdk synth` ships.
 */
import { fileURLToPath } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root (holds package-lock.json, the asset root for every function). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Lambda entry of a route or trigger: `functions/lambda/<name>.ts`, exporting `handler`. */
export function entryPath(name: string): string {
  return fileURLToPath(new URL(`../functions/lambda/${name}.ts`, import.meta.url));
}

/** The newest Node.js runtime Lambda offers (SPEC §7). */
export const RUNTIME = Runtime.NODEJS_24_X;

/** esbuild's `--target`, derived the way NodejsFunction derives it (`nodejs24.x` → `node24`). */
export const ESBUILD_TARGET = `node${/nodejs(\d+)/.exec(RUNTIME.name)?.[1] ?? ''}`;

/**
 * The AWS SDK v3 is left to the copy the Node.js runtime ships. Measured on this code
 * (bench/bundles.ts, interleaved runs): bundling the SDK takes post-incident from
 * ~330 KB to ~900 KB minified (get-health from ~100 KB to ~670 KB), past the 400 KB
 * target, and imported no faster (post-incident 412 ms external vs 516 ms bundled,
 * medians of 9 on a loaded 2-CPU machine). The price: the SDK version on AWS is the
 * runtime's, not package-lock.json's (docs/deploy.md, "AWS SDK version").
 */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

/**
 * CommonJS output: the runtime resolves the external SDK for `require` through NODE_PATH;
 * ESM `import` ignores NODE_PATH, so an ESM bundle could not find it.
 */
export const OUTPUT_FORMAT = OutputFormat.CJS;

/** Stack traces map back to the TypeScript sources (the `.map` files ship in the asset). */
export const NODE_OPTIONS = '--enable-source-maps';

/** NodejsFunction bundling: minified, with source maps, the SDK external. */
export const BUNDLING: BundlingOptions = {
  minify: true,
  sourceMap: true,
  // Line mappings are enough for stack traces; the sources themselves would double the asset.
  sourcesContent: false,
  target: ESBUILD_TARGET,
  format: OUTPUT_FORMAT,
  externalModules: EXTERNAL_MODULES,
  // esbuild is a devDependency, so `cdk synth` bundles locally and needs no Docker.
  forceDockerBundling: false,
  // Keeps `npm run synth` output to what needs reading (warnings, cdk-nag findings).
  logLevel: LogLevel.WARNING,
};

/**
 * The same bundling as esbuild build options (what NodejsFunction passes on the esbuild
 * command line: `--bundle --platform=node --target --format --minify --sourcemap
 * --sources-content=false --external:…`).
 */
export function esbuildOptions(entry: string, outfile: string) {
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
    logLevel: 'warning' as const,
  };
}
