/**
 * XML, second part: the hardened document (see `parse-xml.ts`) mapped onto the same
 * canonical object JSON yields, namespace-aware and driven by the form's schema shape.
 * The mapper only ever assigns names the schema declares, so no element name can reach
 * an object's prototype.
 */
import { type Issue, MalformedBodyError } from '../errors.js';
import { GATEWAY_NAMESPACE, MESSAGE_FORMS, type MessageFormName } from '../model/schemas.js';
import { type Shape, shapeOfForm } from '../model/shapes.js';
import { parseXmlDocument, type XmlElement, type XmlNode } from './parse-xml.js';

/** The canonical object read from an XML message, with every mapping problem found. */
export interface XmlReading {
  value: unknown;
  issues: Issue[];
}

type Scope = ReadonlyMap<string, string>;
const EMPTY_SCOPE: Scope = new Map();

/**
 * Reads an XML message of one of the given forms into the canonical model.
 * Mapping problems (unknown or foreign-namespace elements, a list given as a scalar)
 * come back as issues, to be reported together with schema and semantic failures.
 */
export function readXmlMessage(text: string, form: MessageFormName): XmlReading {
  const document = parseXmlDocument(text);
  const roots = Object.keys(document).filter((name) => name !== '#text');
  const rootName = roots[0];
  // Two same-named roots arrive grouped as one array.
  if (roots.length !== 1 || rootName === undefined || Array.isArray(document[rootName])) {
    throw new MalformedBodyError('malformed_xml', 'The XML must have exactly one root element.');
  }
  const rootNode = document[rootName] as XmlNode;
  const scope = scopeOf(rootNode, EMPTY_SCOPE);
  const root = resolveName(rootName, scope);
  const expected = MESSAGE_FORMS[form].xmlRoots as readonly string[];
  if (root.namespace !== GATEWAY_NAMESPACE || !expected.includes(root.local)) {
    throw new MalformedBodyError(
      'xml_wrong_root',
      `The root element must be ${expected.map((r) => `<${r}>`).join(' or ')} in namespace ${GATEWAY_NAMESPACE}; got <${root.local}>${root.namespace ? ` in ${root.namespace}` : ' in no namespace'}.`,
    );
  }
  const issues: Issue[] = [];
  const value = mapNode(rootNode, shapeOfForm(form), '', scope, issues);
  return { value, issues };
}

function isElement(node: XmlNode): node is XmlElement {
  return typeof node === 'object' && !Array.isArray(node);
}

/** The in-scope namespace bindings after an element's own `xmlns` attributes. */
function scopeOf(node: XmlNode, parent: Scope): Scope {
  if (!isElement(node)) return parent;
  let scope: Map<string, string> | undefined;
  for (const key in node) {
    if (key === '@_xmlns' || key.startsWith('@_xmlns:')) {
      scope ??= new Map(parent);
      scope.set(key === '@_xmlns' ? '' : key.slice('@_xmlns:'.length), String(node[key]));
    }
  }
  return scope ?? parent;
}

function resolveName(
  qualified: string,
  scope: Scope,
): { local: string; namespace: string | undefined } {
  const colon = qualified.indexOf(':');
  if (colon < 0) return { local: qualified, namespace: scope.get('') };
  return { local: qualified.slice(colon + 1), namespace: scope.get(qualified.slice(0, colon)) };
}

/**
 * An element's own namespace declarations apply to its own name (`<k:note xmlns:k="…">`).
 * Same-named siblings arrive grouped; the first one's bindings name the group.
 */
function resolveElementName(
  qualified: string,
  node: XmlNode,
  parent: Scope,
): { local: string; namespace: string | undefined } {
  const first = Array.isArray(node) ? node[0] : node;
  return resolveName(qualified, first === undefined ? parent : scopeOf(first, parent));
}

/** The text of a leaf element (attributes ignored; CDATA and references already decoded). */
function textOf(node: XmlNode): string | undefined {
  if (typeof node === 'string') return node;
  if (isElement(node)) {
    for (const key in node) {
      if (!key.startsWith('@_') && key !== '#text') return undefined; // has child elements
    }
    const text = node['#text'];
    return typeof text === 'string' ? text : '';
  }
  return undefined;
}

function mapNode(
  node: XmlNode,
  shape: Shape,
  pointer: string,
  scope: Scope,
  issues: Issue[],
): unknown {
  switch (shape.kind) {
    case 'object':
      return mapObject(node, shape.properties, pointer, scope, issues);
    case 'array':
      return mapArray(node, shape, pointer, scope, issues);
    default: {
      const text = textOf(node);
      if (text === undefined) {
        issues.push({
          pointer,
          code: 'invalid_type',
          message: 'Expected text, found child elements.',
        });
        return undefined;
      }
      return scalarOf(text, shape);
    }
  }
}

/** XML carries only text: numbers become numbers here; anything else is left for the schema to judge. */
function scalarOf(text: string, shape: Shape): unknown {
  if (shape.kind === 'integer' || shape.kind === 'number') {
    const trimmed = text.trim();
    if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
    return text;
  }
  if (shape.kind === 'boolean') {
    const trimmed = text.trim();
    if (trimmed === 'true' || trimmed === '1') return true;
    if (trimmed === 'false' || trimmed === '0') return false;
  }
  return text;
}

/**
 * The child elements of an element, in document order of their first occurrence.
 * Attributes carry no data in our messages and are skipped; text other than
 * whitespace between children is reported.
 */
function* childElements(
  node: XmlElement,
  pointer: string,
  issues: Issue[],
  between: 'elements' | 'list items',
): Generator<[string, XmlNode]> {
  for (const key in node) {
    if (key.startsWith('@_')) continue;
    const child = node[key] as XmlNode;
    if (key === '#text') {
      if (typeof child === 'string' && child.trim() !== '') {
        issues.push({
          pointer,
          code: 'invalid_type',
          message: `Unexpected text between ${between}.`,
        });
      }
      continue;
    }
    yield [key, child];
  }
}

function mapObject(
  node: XmlNode,
  properties: Record<string, Shape>,
  pointer: string,
  parentScope: Scope,
  issues: Issue[],
): unknown {
  if (typeof node === 'string') {
    if (node.trim() === '') return {};
    issues.push({ pointer, code: 'invalid_type', message: 'Expected child elements, found text.' });
    return undefined;
  }
  if (!isElement(node)) return undefined;
  const scope = scopeOf(node, parentScope);
  const result: Record<string, unknown> = {};
  for (const [key, child] of childElements(node, pointer, issues, 'elements')) {
    const name = resolveElementName(key, child, scope);
    const childPointer = `${pointer}/${name.local}`;
    if (name.namespace !== GATEWAY_NAMESPACE) {
      issues.push({
        pointer: childPointer,
        code: 'unknown_field',
        message: `Element <${key}> is not in namespace ${GATEWAY_NAMESPACE}.`,
      });
      continue;
    }
    const childShape = Object.hasOwn(properties, name.local) ? properties[name.local] : undefined;
    if (!childShape) {
      issues.push({
        pointer: childPointer,
        code: 'unknown_field',
        message: `Unknown element <${name.local}>.`,
      });
      continue;
    }
    if (Array.isArray(child) || Object.hasOwn(result, name.local)) {
      issues.push({
        pointer: childPointer,
        code: 'duplicate_element',
        message: `Element <${name.local}> appears more than once.`,
      });
      continue;
    }
    const value = mapNode(child, childShape, childPointer, scope, issues);
    if (value !== undefined) result[name.local] = value;
  }
  return result;
}

function mapArray(
  node: XmlNode,
  shape: Extract<Shape, { kind: 'array' }>,
  pointer: string,
  parentScope: Scope,
  issues: Issue[],
): unknown {
  if (typeof node === 'string') {
    if (node.trim() === '') return [];
    issues.push({
      pointer,
      code: 'invalid_type',
      message: `Expected <${shape.itemElement}> elements, found text.`,
    });
    return undefined;
  }
  if (!isElement(node)) return undefined;
  const scope = scopeOf(node, parentScope);
  const items: unknown[] = [];
  for (const [key, child] of childElements(node, pointer, issues, 'list items')) {
    const name = resolveElementName(key, child, scope);
    if (name.namespace !== GATEWAY_NAMESPACE || name.local !== shape.itemElement) {
      issues.push({
        pointer: `${pointer}/${items.length}`,
        code: 'unknown_field',
        message: `Expected <${shape.itemElement}> list items, found <${key}>.`,
      });
      continue;
    }
    // fast-xml-parser groups same-named siblings; document order within the group is kept.
    for (const item of Array.isArray(child) ? child : [child]) {
      items.push(mapNode(item, shape.items, `${pointer}/${items.length}`, scope, issues));
    }
  }
  return items;
}
