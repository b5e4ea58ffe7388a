/**
 * A "shape" is a schema reduced to what the wire codecs need: which names are
 * objects, lists, numbers or catalogue enums. It is derived from the published
 * schemas (once per form, on first use), so XML mapping, label normalisation and XML rendering
 * can never disagree with validation about the model's structure.
 */
import { type CatalogueName, isCatalogueName } from '../catalogue/catalogue.js';
import {
  type JsonSchema,
  MESSAGE_FORMS,
  type MessageFormName,
  resolveRef,
  SCHEMAS,
} from './schemas.js';
import { itemElementOf } from './xml-names.js';

export type Shape =
  | { kind: 'object'; properties: Record<string, Shape> }
  | { kind: 'array'; items: Shape; itemElement: string }
  | { kind: 'integer'; catalogue?: CatalogueName }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'string'; catalogue?: CatalogueName };

/** The XML element name of one list item (written in `xml-names.ts`). */
export { itemElementOf } from './xml-names.js';

function isStructural(schema: JsonSchema): boolean {
  return '$ref' in schema || 'properties' in schema || 'items' in schema;
}

function shapeOf(schema: JsonSchema, document: JsonSchema, name: string, defName?: string): Shape {
  let base: Shape | undefined;
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, document);
    base = shapeOf(target.schema, target.document, name, target.defName);
  }
  const type = schema.type;
  if (type === 'object' || schema.properties) {
    const properties: Record<string, Shape> = base?.kind === 'object' ? { ...base.properties } : {};
    const own = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, child] of Object.entries(own)) {
      // A sibling `properties` next to `$ref` may only add constraints (e.g. `required`);
      // keep the referenced structure unless the sibling brings structure of its own.
      if (properties[key] && !isStructural(child)) continue;
      properties[key] = shapeOf(child, document, key);
    }
    return { kind: 'object', properties };
  }
  if (type === 'array') {
    const items = shapeOf(schema.items as JsonSchema, document, name);
    return { kind: 'array', items, itemElement: itemElementOf(name) };
  }
  if (base) return base;
  const catalogue = defName && isCatalogueName(defName) ? defName : undefined;
  if (type === 'integer') return catalogue ? { kind: 'integer', catalogue } : { kind: 'integer' };
  if (type === 'number') return { kind: 'number' };
  if (type === 'boolean') return { kind: 'boolean' };
  return catalogue ? { kind: 'string', catalogue } : { kind: 'string' };
}

/** Each form's shape, derived the first time the form is read or written (not at cold start). */
const SHAPES = new Map<MessageFormName, Shape>();

/** The shape of a message form's root object. */
export function shapeOfForm(form: MessageFormName): Shape {
  const cached = SHAPES.get(form);
  if (cached) return cached;
  if (!Object.hasOwn(MESSAGE_FORMS, form)) throw new Error(`No shape for ${form}`);
  const schema: JsonSchema = SCHEMAS[MESSAGE_FORMS[form].schema];
  const shape = shapeOf(schema, schema, form);
  SHAPES.set(form, shape);
  return shape;
}
