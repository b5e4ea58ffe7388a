/**
 * Every Lambda entry bundled with the CDK's own esbuild options (cdk/bundling-options.ts),
 * in one esbuild run per set of aliases (two). NodejsFunction runs esbuild once per function, each run parsing the
 * whole SDK again: for 47 entries that took 60–90 s of the suite. One run with every entry
 * parses each module once, and writes per entry the same bytes a run of its own writes (no
 * code splitting); `test/cdk/function-bundles.test.ts` checks that against a function the
 * CDK itself bundles, so the tests reading these bundles read what `cdk synth` ships.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { aliasesFor, entryPath, esbuildOptions } from '../../cdk/bundling-options.js';

export interface FunctionBundles {
  /** The bundled `index.js` of one entry (`functions/lambda/<name>.ts`). */
  codeOf(name: string): Promise<string>;
  /** Removes the bundles' temporary folder. */
  dispose(): Promise<void>;
}

/** The names of every Lambda entry: `functions/lambda/<name>.ts`. */
export async function lambdaEntryNames(): Promise<string[]> {
  const dir = join(entryPath('x'), '..');
  return (await readdir(dir)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
}

export async function bundleEveryFunction(): Promise<FunctionBundles> {
  const names = await lambdaEntryNames();
  const outdir = await mkdtemp(join(tmpdir(), 'ncc-gateway-bundles-'));
  // One run per set of aliases: the portless public routes alias a few builtins of their own.
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const key = JSON.stringify(aliasesFor(name));
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  await Promise.all(
    [...groups.values()].map((group) => {
      const first = group[0] as string;
      const {
        outfile: _outfile,
        entryPoints: _one,
        ...options
      } = esbuildOptions(entryPath(first), join(outdir, 'unused.js'), first);
      return build({
        ...options,
        entryPoints: Object.fromEntries(group.map((name) => [name, entryPath(name)])),
        outdir,
        // Warnings are for `npm run synth` to print; here they would only repeat per run.
        logLevel: 'error',
      });
    }),
  );
  return {
    codeOf: (name) => readFile(join(outdir, `${name}.js`), 'utf8'),
    dispose: () => rm(outdir, { recursive: true, force: true }),
  };
}
