/**
 * Precompiles every message schema into plain validation functions (ajv "standalone"
 * code) in functions/core/validation/validators.generated.ts, so a Lambda does not
 * compile JSON Schema at cold start. Run: npm run generate:validators.
 * test/core/validation/validators-in-sync.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { _ } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { type JsonSchema, MESSAGE_FORMS, SCHEMAS } from '../functions/core/model/schemas.js';
import { formats } from '../functions/core/validation/formats.js';

export const GENERATED_VALIDATORS_PATH = fileURLToPath(
  new URL('../functions/core/validation/validators.generated.ts', import.meta.url),
);

export function generateValidators(): string {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    code: { source: true, esm: true, formats: _`formats`, lines: true },
  });
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
  for (const schema of Object.values(SCHEMAS) as JsonSchema[]) ajv.addSchema(schema);
  const exports = Object.fromEntries(
    Object.entries(MESSAGE_FORMS).map(([form, { schema }]) => [
      form,
      (SCHEMAS[schema] as JsonSchema).$id as string,
    ]),
  );
  const code = standaloneModule.default(ajv, exports);
  // ajv's ESM output still `require`s two runtime helpers: turn them into imports.
  const runtime = new Map<string, string>();
  const body = code.replace(
    /require\("ajv\/dist\/runtime\/(\w+)"\)\.default/g,
    (_match, helper: string) => {
      runtime.set(helper, `runtime_${helper}`);
      return `runtime_${helper}`;
    },
  );
  // The helpers are CommonJS with `exports.default`: Node's ESM loader hands over the
  // exports object, bundlers hand over `default` itself; accept either.
  const imports = [...runtime].flatMap(([helper, alias]) => [
    `import ${alias}_module from 'ajv/dist/runtime/${helper}.js';`,
    `const ${alias} = ${alias}_module.default ?? ${alias}_module;`,
  ]);
  return [
    '// @ts-nocheck',
    '/* Generated from schemas/*.schema.json by scripts/generate-validators.ts — do not edit; run `npm run generate:validators`. */',
    ...imports,
    "import { formats } from './formats.js';",
    body.replace(/^"use strict";/, ''),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(GENERATED_VALIDATORS_PATH, generateValidators());
  console.log(`wrote ${GENERATED_VALIDATORS_PATH}`);
}
