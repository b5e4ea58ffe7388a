/**
 * The same declarations as `xsd-declarations.ts`, derived from the JSON Schemas (the
 * source of truth): element paths from the shapes the XML reader itself uses
 * (`shapeOfForm`, list items named by `itemElementOf`), and bounds, value kinds and
 * enums from the schema keywords, with every `$ref` and sibling constraint merged.
 */
import {
  type JsonSchema,
  MESSAGE_FORMS,
  type MessageFormName,
  resolveRef,
  SCHEMAS,
} from '../../../functions/core/model/schemas.js';
import { type Shape, shapeOfForm } from '../../../functions/core/model/shapes.js';
import type { Declaration, ValueKind } from './declaration.js';

/** One schema object that applies at a place, with the document its `$ref`s resolve against. */
interface Fragment {
  schema: JsonSchema;
  document: JsonSchema;
}

/** Adds the targets of `$ref`s (transitively): they apply at the same place as their referrer. */
function withReferences(fragments: Fragment[]): Fragment[] {
  const all: Fragment[] = [];
  const pending = [...fragments];
  for (let next = pending.shift(); next; next = pending.shift()) {
    all.push(next);
    if (typeof next.schema.$ref === 'string') {
      const target = resolveRef(next.schema.$ref, next.document);
      pending.push({ schema: target.schema, document: target.document });
    }
  }
  return all;
}

function childFragments(fragments: Fragment[], pick: (s: JsonSchema) => unknown): Fragment[] {
  return withReferences(
    fragments.flatMap(({ schema, document }) => {
      const child = pick(schema);
      return child !== null && typeof child === 'object'
        ? [{ schema: child as JsonSchema, document }]
        : [];
    }),
  );
}

function propertyFragments(fragments: Fragment[], name: string): Fragment[] {
  return childFragments(
    fragments,
    (s) => (s.properties as Record<string, unknown> | undefined)?.[name],
  );
}

function isRequired(fragments: Fragment[], name: string): boolean {
  return fragments.some(
    ({ schema }) => Array.isArray(schema.required) && schema.required.includes(name),
  );
}

/** The first value a keyword has at this place (constraints are never contradictory here). */
function keyword(fragments: Fragment[], name: string): unknown {
  return fragments.find(({ schema }) => schema[name] !== undefined)?.schema[name];
}

function valueKindOf(shape: Shape, fragments: Fragment[]): ValueKind {
  const format = keyword(fragments, 'format');
  if (format === 'date-time-with-offset') return 'timestamp';
  if (format === 'date') return 'date';
  if (shape.kind === 'integer') return 'integer';
  if (shape.kind === 'number') return 'decimal';
  if (shape.kind === 'boolean') return 'boolean';
  return 'string';
}

function declare(
  shape: Shape,
  fragments: Fragment[],
  path: string,
  occurs: { minOccurs: number; maxOccurs: number },
  out: Declaration[],
): void {
  const declaration: Declaration = { path, ...occurs };
  out.push(declaration);
  switch (shape.kind) {
    case 'object':
      for (const [name, child] of Object.entries(shape.properties)) {
        const required = isRequired(fragments, name);
        declare(
          child,
          propertyFragments(fragments, name),
          `${path}/${name}`,
          {
            minOccurs: required ? 1 : 0,
            maxOccurs: 1,
          },
          out,
        );
      }
      return;
    case 'array': {
      const minItems = keyword(fragments, 'minItems');
      const maxItems = keyword(fragments, 'maxItems');
      declare(
        shape.items,
        childFragments(fragments, (s) => s.items),
        `${path}/${shape.itemElement}`,
        {
          minOccurs: typeof minItems === 'number' ? minItems : 0,
          maxOccurs: typeof maxItems === 'number' ? maxItems : Number.POSITIVE_INFINITY,
        },
        out,
      );
      return;
    }
    default: {
      declaration.value = valueKindOf(shape, fragments);
      const values = keyword(fragments, 'enum');
      if (Array.isArray(values)) declaration.enumeration = values.map(String).sort();
    }
  }
}

/** Every element path of a form's XML rendering, from its root element down. */
export function jsonSchemaDeclarations(form: MessageFormName): Declaration[] {
  const { schema: schemaName, xmlRoots } = MESSAGE_FORMS[form];
  const schema: JsonSchema = SCHEMAS[schemaName];
  const out: Declaration[] = [];
  declare(
    shapeOfForm(form),
    withReferences([{ schema, document: schema }]),
    xmlRoots[0],
    {
      minOccurs: 1,
      maxOccurs: 1,
    },
    out,
  );
  return out;
}
