/**
 * The printable card works from a Lambda bundle alone: the card adapter bundled with the
 * CDK's own esbuild options (cdk/bundling-options.ts), its run-time files copied by the
 * same commands the CDK runs after bundling, then run by node in a folder with no
 * node_modules anywhere above it — as on Lambda. Before the fix it failed there with
 * "Invalid URL" (pdfkit's ES build reads import.meta.url) and would then have missed the
 * fonts, which were found through node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyFilesCommands, esbuildOptions } from '../../cdk/bundling-options.js';

const ADAPTER = fileURLToPath(
  new URL('../../functions/adapters/pdf/annex3-card-pdf.ts', import.meta.url),
);
let dir: string;

beforeAll(async () => {
  // /tmp has no node_modules above it: nothing resolves outside the bundle.
  dir = await mkdtemp(join(tmpdir(), 'card-pdf-bundle-'));
  const entry = join(dir, 'entry.ts');
  await writeFile(
    entry,
    `import { renderAnnex3CardPdf } from ${JSON.stringify(ADAPTER)};
export async function handler() {
  const pdf = await renderAnnex3CardPdf({
    incident: {
      id: 'inc_01JD0000000000000000000001', socId: 'soc-a', status: 'open',
      card: { severity: 3, type: 'ransomware', description: 'Шифрлаушы: ә ғ қ ң ө ұ ү һ і' },
      versions: [{ version: 1, receivedAt: '2026-12-07T10:00:00Z', sha256: '${'ab'.repeat(32)}' }],
      obligations: [],
    },
    language: 'kk',
    printedAtMs: Date.parse('2026-12-07T10:05:00Z'),
  });
  return pdf.toString('base64');
}
`,
  );
  await build(esbuildOptions(entry, join(dir, 'index.js')));
  for (const command of copyFilesCommands('get-incident-card-pdf', dir))
    execFileSync('bash', ['-c', command]);
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

it('renders the card from the bundle and its copied fonts, with no node_modules in reach', () => {
  const script = `require('./index.js').handler().then((b) => process.stdout.write(b), (e) => { console.error(e.stack); process.exit(1); })`;
  const base64 = execFileSync('node', ['-e', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LAMBDA_TASK_ROOT: dir },
  });
  const pdf = Buffer.from(base64, 'base64');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // The embedded font is DejaVu Sans, subset into the file.
  expect(pdf.toString('latin1')).toMatch(/DejaVuSans/);
});
