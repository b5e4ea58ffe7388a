/**
 * Embeds the published XSDs in functions/core/model/xsd.generated.ts so the schema
 * route serves them from any bundle (no files to ship beside a Lambda).
 * Run: npm run generate:xsd. test/core/model/xsd-module-in-sync.test.ts fails when stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SCHEMAS_DIR = fileURLToPath(new URL('../schemas/', import.meta.url));
export const GENERATED_XSD_PATH = fileURLToPath(
  new URL('../functions/core/model/xsd.generated.ts', import.meta.url),
);

export function generateXsdModule(): string {
  const entries = readdirSync(SCHEMAS_DIR)
    .filter((file) => file.endsWith('.xsd'))
    .sort()
    .map(
      (file) =>
        `  ${JSON.stringify(file.replace(/\.xsd$/, ''))}: ${JSON.stringify(readFileSync(`${SCHEMAS_DIR}${file}`, 'utf8'))},`,
    );
  return [
    '/* Generated from schemas/*.xsd by scripts/generate-xsd-module.ts — do not edit; run `npm run generate:xsd`. */',
    '',
    '/** Every published XSD by name (`incident-card`, `common`, …). */',
    'export const XSD_DOCUMENTS: Readonly<Record<string, string>> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(GENERATED_XSD_PATH, generateXsdModule());
  console.log(`wrote ${GENERATED_XSD_PATH}`);
}
