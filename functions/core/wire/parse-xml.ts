/**
 * Untrusted XML → the canonical model. fast-xml-parser does the parsing (with its
 * well-formedness validator); this module adds the gateway's hard limits and the
 * namespace-aware, schema-driven mapping onto the same object JSON yields.
 *
 * Defences (issue #2): no DOCTYPE at all (so no entity can be declared: billion
 * laughs, XXE and "one big entity" die before parsing); only the five predefined
 * entities and numeric character references, which are bounded in count and must be
 * legal XML characters; depth and element count limited; `__proto__`/`constructor`
 * element names refused by the parser, and the mapper only ever assigns names the
 * schema declares.
 */
import { ENTITY_ACTION, EntityDecoder } from '@nodable/entities';
import { XMLParser } from 'fast-xml-parser';
import { type Issue, MalformedBodyError } from '../errors.js';
import { GATEWAY_NAMESPACE, MESSAGE_FORMS, type MessageFormName } from '../model/schemas.js';
import { type Shape, shapeOfForm } from '../model/shapes.js';

/** Deepest element nesting accepted (the deepest message is ~5 levels). */
export const MAX_XML_DEPTH = 32;
/**
 * Most elements accepted in one document. The largest valid message is a party with
 * 1 000 registered objects (5 elements each) — about 5 030 elements — so 6 000 leaves
 * room while stopping an element flood after a few milliseconds of parsing.
 */
export const MAX_XML_ELEMENTS = 6_000;
/** Most entity and character references decoded in one document. */
export const MAX_XML_REFERENCES = 100_000;

class ElementLimitError extends Error {}

let elementCount = 0;

const entityDecoder = new EntityDecoder({
  numericAllowed: true,
  // U+0000 is never legal XML; other illegal code points (C0 controls, surrogates) are dropped.
  ncr: { xmlVersion: 1.0, nullNCR: 'throw' },
  limit: { maxTotalExpansions: MAX_XML_REFERENCES, applyLimitsTo: 'all' },
  // The prolog scan below cannot see a DOCTYPE placed inside the root element, which the
  // parser would still read; refusing every declared entity closes that door too.
  onInputEntity: () => ENTITY_ACTION.THROW,
});

/** The parser options; exported so the benchmark measures a bare parse with exactly these. */
export const XML_PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
  entityDecoder,
  maxNestedTags: MAX_XML_DEPTH,
  jPath: false,
  updateTag(tagName: string): string {
    elementCount += 1;
    if (elementCount > MAX_XML_ELEMENTS) throw new ElementLimitError();
    return tagName;
  },
};

const parser = new XMLParser(XML_PARSER_OPTIONS);

/** A parsed XML node as fast-xml-parser yields it with these options. */
type XmlNode = string | XmlElement | XmlNode[];
interface XmlElement {
  [name: string]: XmlNode;
}

/**
 * Parses well-formed XML into fast-xml-parser's object form, enforcing the limits.
 * Throws {@link MalformedBodyError} for anything that is not a safe, well-formed document.
 */
export function parseXmlDocument(text: string): XmlElement {
  refuseDoctype(text);
  elementCount = 0;
  try {
    return parser.parse(text, true) as XmlElement;
  } catch (cause) {
    throw translateParserError(cause);
  }
}

/**
 * A DOCTYPE is the only door to entity declarations, so the prolog is read up to the
 * root element and any `<!` other than a comment is refused. Linear and cheap.
 */
function refuseDoctype(text: string): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return; // the parser reports the malformation
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return;
      i = end + 3;
    } else if (text.startsWith('<!', i)) {
      throw new MalformedBodyError(
        'xml_doctype_forbidden',
        'XML with a DOCTYPE or entity declaration is not accepted; send the document without one.',
      );
    } else {
      return;
    }
  }
}

function translateParserError(cause: unknown): MalformedBodyError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (cause instanceof ElementLimitError) {
    return new MalformedBodyError(
      'xml_too_many_elements',
      `The XML has more than ${MAX_XML_ELEMENTS} elements.`,
      {
        cause,
      },
    );
  }
  if (message.includes('Maximum nested tags')) {
    return new MalformedBodyError(
      'xml_too_deep',
      `The XML nests deeper than ${MAX_XML_DEPTH} elements.`,
      { cause },
    );
  }
  if (message.includes('rejected by hook')) {
    return new MalformedBodyError(
      'xml_doctype_forbidden',
      'XML with a DOCTYPE or entity declaration is not accepted; send the document without one.',
      { cause },
    );
  }
  if (message.includes('limit exceeded')) {
    return new MalformedBodyError(
      'xml_too_many_references',
      `The XML has more than ${MAX_XML_REFERENCES} entity or character references.`,
      { cause },
    );
  }
  return new MalformedBodyError('malformed_xml', `The body is not well-formed XML: ${message}`, {
    cause,
  });
}

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
