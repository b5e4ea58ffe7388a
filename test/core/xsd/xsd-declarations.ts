/**
 * Reads the published XSDs (schemas/*.xsd) with fast-xml-parser and lists, for a root
 * element, every element path it declares with its bounds and value kind. Only the
 * XSD subset the gateway's schemas use is understood (xs:include, named and inline
 * types, xs:all/xs:sequence, xs:restriction); anything else fails loudly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Declaration, ValueKind } from './declaration.js';

/** An element of the XSD document as fast-xml-parser yields it (attributes unprefixed). */
export interface XsdNode {
  [key: string]: unknown;
}

/** Elements that may repeat, so they always come back as arrays. */
const REPEATABLE = new Set([
  'xs:include',
  'xs:element',
  'xs:simpleType',
  'xs:complexType',
  'xs:enumeration',
  'xs:pattern',
  'xs:documentation',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  ignoreDeclaration: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATABLE.has(name),
});

const BUILTIN_KINDS: Readonly<Record<string, ValueKind>> = {
  'xs:dateTime': 'timestamp',
  'xs:date': 'date',
  'xs:integer': 'integer',
  'xs:positiveInteger': 'integer',
  'xs:nonNegativeInteger': 'integer',
  'xs:decimal': 'decimal',
  'xs:string': 'string',
  'xs:boolean': 'boolean',
};

function isNode(value: unknown): value is XsdNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The child elements named `name` (always a list, possibly empty). */
export function childrenOf(node: XsdNode, name: string): XsdNode[] {
  const value = node[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter(isNode);
}

function childOf(node: XsdNode, name: string): XsdNode | undefined {
  return childrenOf(node, name)[0];
}

function attribute(node: XsdNode, name: string): string | undefined {
  const value = node[name];
  return typeof value === 'string' ? value : undefined;
}

/** A schema document with every xs:include resolved: its global declarations by name. */
export interface XsdSchema {
  file: string;
  root: XsdNode;
  elements: Map<string, XsdNode>;
  complexTypes: Map<string, XsdNode>;
  simpleTypes: Map<string, XsdNode>;
}

/** Loads `schemas/<file>` and the files it includes (each once). */
export function loadXsd(directory: string, file: string): XsdSchema {
  const schema: XsdSchema = {
    file,
    root: {},
    elements: new Map(),
    complexTypes: new Map(),
    simpleTypes: new Map(),
  };
  const seen = new Set<string>();
  const visit = (name: string): XsdNode => {
    seen.add(name);
    const document: unknown = parser.parse(readFileSync(join(directory, name), 'utf8'));
    const root = isNode(document) ? childOf(document, 'xs:schema') : undefined;
    if (!root) throw new Error(`${name} has no <xs:schema> root`);
    for (const [kind, into] of [
      ['xs:element', schema.elements],
      ['xs:complexType', schema.complexTypes],
      ['xs:simpleType', schema.simpleTypes],
    ] as const) {
      for (const node of childrenOf(root, kind)) {
        const declared = attribute(node, 'name');
        if (!declared) throw new Error(`${name}: a global ${kind} without a name`);
        if (into.has(declared)) throw new Error(`${name}: ${kind} "${declared}" declared twice`);
        into.set(declared, node);
      }
    }
    for (const include of childrenOf(root, 'xs:include')) {
      const location = attribute(include, 'schemaLocation');
      if (location && !seen.has(location)) visit(location);
    }
    return root;
  };
  schema.root = visit(file);
  return schema;
}

/** A leaf type reduced to its built-in base, enumeration and patterns. */
export interface LeafType {
  value: ValueKind;
  enumeration?: string[];
  patterns: string[];
}

/** Resolves a simple type (named or inline) down to its built-in base. */
export function leafTypeOf(schema: XsdSchema, simpleType: XsdNode): LeafType {
  const restriction = childOf(simpleType, 'xs:restriction');
  const base = restriction && attribute(restriction, 'base');
  if (!restriction || !base) throw new Error(`${schema.file}: simple type without xs:restriction`);
  const inherited = leafTypeOfName(schema, base);
  const values = childrenOf(restriction, 'xs:enumeration').map((e) => attribute(e, 'value') ?? '');
  const patterns = childrenOf(restriction, 'xs:pattern').map((p) => attribute(p, 'value') ?? '');
  const enumeration = values.length > 0 ? values.sort() : inherited.enumeration;
  const leaf: LeafType = { value: inherited.value, patterns: [...inherited.patterns, ...patterns] };
  return enumeration ? { ...leaf, enumeration } : leaf;
}

function leafTypeOfName(schema: XsdSchema, typeName: string): LeafType {
  const builtin = BUILTIN_KINDS[typeName];
  if (builtin) return { value: builtin, patterns: [] };
  if (typeName.startsWith('xs:')) throw new Error(`${schema.file}: built-in ${typeName} unmapped`);
  const named = schema.simpleTypes.get(typeName);
  if (!named) throw new Error(`${schema.file}: unknown simple type ${typeName}`);
  return leafTypeOf(schema, named);
}

function occurs(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return value === 'unbounded' ? Number.POSITIVE_INFINITY : Number(value);
}

function particlesOf(complexType: XsdNode): XsdNode[] {
  const group = childOf(complexType, 'xs:all') ?? childOf(complexType, 'xs:sequence');
  return group ? childrenOf(group, 'xs:element') : [];
}

/** What an XSD declares under one root element. */
export interface XsdReading {
  /** Every element path, the root itself included. */
  declarations: Declaration[];
  /** The resolved simple type of every leaf, by path. */
  leaves: Map<string, LeafType>;
}

function declare(schema: XsdSchema, element: XsdNode, parentPath: string, out: XsdReading): void {
  const name = attribute(element, 'name');
  if (!name) throw new Error(`${schema.file}: element without a name under ${parentPath}`);
  const path = parentPath ? `${parentPath}/${name}` : name;
  const declaration: Declaration = {
    path,
    minOccurs: occurs(attribute(element, 'minOccurs'), 1),
    maxOccurs: occurs(attribute(element, 'maxOccurs'), 1),
  };
  out.declarations.push(declaration);
  const typeName = attribute(element, 'type');
  const complexType =
    (typeName ? schema.complexTypes.get(typeName) : undefined) ??
    childOf(element, 'xs:complexType');
  if (complexType) {
    for (const child of particlesOf(complexType)) declare(schema, child, path, out);
    return;
  }
  const inline = childOf(element, 'xs:simpleType');
  const leaf = inline
    ? leafTypeOf(schema, inline)
    : leafTypeOfName(schema, typeName ?? 'xs:string');
  out.leaves.set(path, leaf);
  declaration.value = leaf.value;
  if (leaf.enumeration) declaration.enumeration = leaf.enumeration;
}

/** Reads everything declared under the global element `rootName`. */
export function readElements(schema: XsdSchema, rootName: string): XsdReading {
  const root = schema.elements.get(rootName);
  if (!root) throw new Error(`${schema.file} declares no global element <${rootName}>`);
  const out: XsdReading = { declarations: [], leaves: new Map() };
  declare(schema, root, '', out);
  return out;
}
