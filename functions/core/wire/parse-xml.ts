/**
 * XML, first part: untrusted text → a well-formed, bounded document. This module only
 * hardens; mapping the document onto the canonical model is `map-xml.ts`.
 *
 * Defences (issues #2, #13): no DOCTYPE at all (so no entity can be declared: billion
 * laughs, XXE and "one big entity" die before parsing); only the five predefined
 * entities and numeric character references, bounded in count; an undeclared entity
 * is a well-formedness error, not literal text; a numeric reference decodes to exactly
 * the character it names, so `&#1;` reaches the same semantic check (422, same pointer)
 * as `\u0001` in JSON; depth and element count limited; `__proto__`-like element names
 * refused by the parser.
 *
 * Every refusal is classified by its type or the validator's code, never by the text
 * of a library message, and no library message reaches the client. All counters live
 * in one {@link DocumentGuard} per document: there is no module-global state.
 */
import {
  type EntityDecoderOptions,
  type MatcherView,
  XMLParser,
  XMLValidator,
} from 'fast-xml-parser';
import { MalformedBodyError } from '../errors.js';

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

/** A parsed XML node as fast-xml-parser yields it with these options. */
export type XmlNode = string | XmlElement | XmlNode[];
export interface XmlElement {
  [name: string]: XmlNode;
}

/** Why a document was refused by the hardening, before any mapping: the client-facing code. */
export type XmlRefusal =
  | 'xml_doctype_forbidden'
  | 'xml_too_deep'
  | 'xml_too_many_elements'
  | 'xml_too_many_references'
  | 'xml_undeclared_entity'
  | 'xml_invalid_reference';

/** Thrown from inside the parser's hooks; carries the refusal, not a sentence. */
class XmlRefusedError extends Error {
  constructor(readonly refusal: XmlRefusal) {
    super(refusal);
    this.name = 'XmlRefusedError';
  }
}

/** Our own sentence for each refusal (its kk/ru twins are in `problem/messages.ts`). */
const REFUSALS: Readonly<Record<XmlRefusal, string>> = {
  xml_doctype_forbidden:
    'XML with a DOCTYPE or entity declaration is not accepted; send the document without one.',
  xml_too_deep: `The XML nests deeper than ${MAX_XML_DEPTH} elements.`,
  xml_too_many_elements: `The XML has more than ${MAX_XML_ELEMENTS} elements.`,
  xml_too_many_references: `The XML has more than ${MAX_XML_REFERENCES} entity or character references.`,
  xml_undeclared_entity:
    'The XML refers to an entity that is not declared; only &amp; &lt; &gt; &quot; &apos; and numeric character references are accepted.',
  xml_invalid_reference:
    'The XML has a numeric character reference to a code point that does not exist.',
};

/** The five entities XML predefines: the only named references a document may use. */
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * The limits of one document: fast-xml-parser calls back into it for every element and
 * every text with a reference, and it is thrown away with the document.
 */
class DocumentGuard {
  private elements = 0;
  private references = 0;

  /** fast-xml-parser's `updateTag` hook: counts elements and checks depth as each opens. */
  readonly onElement = (tagName: string, path: string | MatcherView): string => {
    this.elements += 1;
    if (this.elements > MAX_XML_ELEMENTS) throw new XmlRefusedError('xml_too_many_elements');
    // jPath: false, so the parser passes its matcher, whose depth counts this element.
    if (typeof path !== 'string' && path.getDepth() > MAX_XML_DEPTH) {
      throw new XmlRefusedError('xml_too_deep');
    }
    return tagName;
  };

  /**
   * The entity decoder fast-xml-parser calls (its `entityDecoder` interface). The
   * validator has already checked every `&…;` is syntactically a reference.
   */
  readonly decoder: EntityDecoderOptions = {
    reset: (): void => undefined,
    setXmlVersion: (): void => undefined,
    setExternalEntities: (): void => {
      throw new XmlRefusedError('xml_doctype_forbidden');
    },
    /** Called only when the parser meets a DOCTYPE (e.g. one placed inside the root). */
    addInputEntities: (): void => {
      throw new XmlRefusedError('xml_doctype_forbidden');
    },
    decode: (text: string): string => this.decode(text),
  };

  private decode(text: string): string {
    let amp = text.indexOf('&');
    if (amp < 0) return text;
    let out = '';
    let last = 0;
    while (amp >= 0) {
      const semicolon = text.indexOf(';', amp + 1);
      if (semicolon < 0) throw new XmlRefusedError('xml_invalid_reference');
      this.references += 1;
      if (this.references > MAX_XML_REFERENCES)
        throw new XmlRefusedError('xml_too_many_references');
      out += text.slice(last, amp) + resolveReference(text.slice(amp + 1, semicolon));
      last = semicolon + 1;
      amp = text.indexOf('&', last);
    }
    return out + text.slice(last);
  }
}

/** The character a reference (`amp`, `#65`, `#x41`, without `&` and `;`) stands for. */
function resolveReference(name: string): string {
  if (name.charCodeAt(0) !== 0x23 /* # */) {
    const value = Object.hasOwn(PREDEFINED_ENTITIES, name) ? PREDEFINED_ENTITIES[name] : undefined;
    if (value === undefined) throw new XmlRefusedError('xml_undeclared_entity');
    return value;
  }
  const hex = name.charCodeAt(1) === 0x78 /* x */;
  const digits = name.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-fA-F]{1,8}$/ : /^[0-9]{1,10}$/).test(digits)) {
    throw new XmlRefusedError('xml_invalid_reference');
  }
  const codePoint = Number.parseInt(digits, hex ? 16 : 10);
  if (codePoint > 0x10ffff) throw new XmlRefusedError('xml_invalid_reference');
  // Controls, U+0000 and lone surrogates decode as themselves: the semantic checks refuse
  // them with the same 422 and pointer as the same character escaped in JSON.
  return String.fromCodePoint(codePoint);
}

/**
 * The parser options without the per-document hooks; exported so the benchmark measures
 * a bare parse with exactly these.
 */
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
  // Our own depth check (in the guard) runs first; this is the library's backstop.
  maxNestedTags: MAX_XML_DEPTH + 1,
  jPath: false,
} as const;

/**
 * Parses well-formed XML into fast-xml-parser's object form, enforcing the limits.
 * Throws {@link MalformedBodyError} for anything that is not a safe, well-formed document.
 */
export function parseXmlDocument(text: string): XmlElement {
  refuseDoctype(text);
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) {
    const { line, col } = wellFormed.err;
    throw new MalformedBodyError(
      'malformed_xml',
      `The body is not well-formed XML (line ${line}, column ${col}).`,
    );
  }
  const guard = new DocumentGuard();
  const parser = new XMLParser({
    ...XML_PARSER_OPTIONS,
    entityDecoder: guard.decoder,
    updateTag: guard.onElement,
  });
  try {
    return parser.parse(text) as XmlElement;
  } catch (cause) {
    if (cause instanceof XmlRefusedError) {
      return throwMalformed(cause.refusal, REFUSALS[cause.refusal], cause);
    }
    // Anything else the parser refuses (a reserved element name such as __proto__, a
    // second DOCTYPE, the library's own nesting backstop) is malformed input; its
    // message stays in the cause, for the logs.
    return throwMalformed('malformed_xml', 'The body is not well-formed XML.', cause);
  }
}

function throwMalformed(code: string, detail: string, cause: unknown): never {
  throw new MalformedBodyError(code, detail, { cause });
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
      if (end < 0) return; // the validator reports the malformation
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return;
      i = end + 3;
    } else if (text.startsWith('<!', i)) {
      throw new MalformedBodyError('xml_doctype_forbidden', REFUSALS.xml_doctype_forbidden);
    } else {
      return;
    }
  }
}
