/**
 * Generates functions/core/model/types.generated.ts from the published JSON Schemas,
 * so the TypeScript model cannot drift from the contract. Run: npm run generate:types.
 * test/core/model/types-in-sync.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { SCHEMAS } from '../functions/core/model/schemas.js';

export const GENERATED_TYPES_PATH = fileURLToPath(
  new URL('../functions/core/model/types.generated.ts', import.meta.url),
);

/** PascalCase type names for the shared definitions. */
function typeName(defName: string): string {
  if (defName === 'date') return 'CalendarDate';
  return defName.charAt(0).toUpperCase() + defName.slice(1);
}

type SchemaNode = Record<string, unknown>;

/**
 * `{ $ref, required, properties }` (a referenced object with tightened requirements)
 * is valid JSON Schema but confuses the generator; spell such a node out in full.
 */
function materialise(node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !(node.required || node.properties)) return node;
  const defName = ref.split('#/$defs/')[1];
  const target = defName
    ? (SCHEMAS.common.$defs as Record<string, SchemaNode>)[defName]
    : undefined;
  if (!target) return node;
  const { $ref: _ignored, ...siblings } = node;
  const properties = { ...(target.properties as Record<string, SchemaNode>) };
  for (const [key, sub] of Object.entries(
    (siblings.properties ?? {}) as Record<string, SchemaNode>,
  )) {
    properties[key] = materialise({ ...properties[key], ...sub });
  }
  return { ...target, ...siblings, properties };
}

/** Rewrites cross-file refs into one document, so one compile yields one set of shared types. */
function inline(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(inline);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || key === '$schema') continue;
    if (key === '$ref' && typeof value === 'string') {
      const [file, fragment] = value.split('#', 2);
      if (file === 'common.schema.json' || (file === '' && fragment?.startsWith('/$defs/'))) {
        out.$ref = `#/$defs/${fragment?.slice('/$defs/'.length)}`;
      } else {
        out.$ref = `#/$defs/${typeName(file?.replace('.schema.json', '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) ?? '')}`;
      }
      continue;
    }
    out[key] = inline(value);
  }
  return out;
}

export async function generateTypes(): Promise<string> {
  const defs: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(SCHEMAS.common.$defs))
    defs[name] = { ...(inline(def) as object), title: typeName(name) };
  for (const [file, schema] of Object.entries(SCHEMAS)) {
    if (file === 'common') continue;
    const { $defs: localDefs, ...rest } = schema as Record<string, unknown>;
    for (const [name, def] of Object.entries((localDefs ?? {}) as Record<string, unknown>)) {
      defs[name] = { ...(inline(def) as object), title: typeName(name) };
    }
    const title = String(rest.title);
    defs[title] = { ...(inline(materialise(rest)) as object), title };
  }
  const combined = {
    title: 'GatewayMessages',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      Object.keys(defs).map((name) => [name, { $ref: `#/$defs/${name}` }]),
    ),
    $defs: defs,
  };
  const source = await compile(combined as never, 'GatewayMessages', {
    bannerComment:
      '/* Generated from schemas/*.schema.json by scripts/generate-types.ts — do not edit; run `npm run generate:types`. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 100 },
  });
  return source;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(GENERATED_TYPES_PATH, await generateTypes());
  console.log(`wrote ${GENERATED_TYPES_PATH}`);
}
