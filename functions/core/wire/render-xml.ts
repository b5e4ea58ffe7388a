/**
 * Canonical model → XML, the inverse of `parse-xml.ts`: one element per property,
 * one element per list item named by the singular of the list (`iocs` → `<ioc>`),
 * so a JSON message and its XML twin map onto each other losslessly.
 */
import { GATEWAY_NAMESPACE, itemElementOf } from '../model/xml-names.js';

export interface RenderXmlOptions {
  namespace?: string;
  /** Names list items; RFC 9457's XML format uses `<i>` for every array member. */
  itemElement?: (listName: string) => string;
}

/** Renders a canonical object as an XML document with the given root element. */
export function renderXml(
  rootName: string,
  value: unknown,
  options: RenderXmlOptions = {},
): string {
  const namespace = options.namespace ?? GATEWAY_NAMESPACE;
  const itemElement = options.itemElement ?? itemElementOf;
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  writeElement(parts, rootName, value, itemElement, ` xmlns="${escapeXml(namespace)}"`);
  return parts.join('');
}

function writeElement(
  parts: string[],
  name: string,
  value: unknown,
  itemElement: (listName: string) => string,
  attributes = '',
): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      parts.push(`<${name}${attributes}/>`);
      return;
    }
    parts.push(`<${name}${attributes}>`);
    const item = itemElement(name);
    for (const member of value) writeElement(parts, item, member, itemElement);
    parts.push(`</${name}>`);
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined && v !== null,
    );
    if (entries.length === 0) {
      parts.push(`<${name}${attributes}/>`);
      return;
    }
    parts.push(`<${name}${attributes}>`);
    for (const [key, member] of entries) {
      if (XML_NAME.test(key)) writeElement(parts, key, member, itemElement);
      else writeElement(parts, 'entry', member, itemElement, ` key="${escapeXml(key)}"`);
    }
    parts.push(`</${name}>`);
  } else {
    const text = escapeXml(String(value));
    parts.push(text === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${text}</${name}>`);
  }
}

/**
 * A key that is not an XML name (a map keyed by a number such as `typicalTypesBySeverity`'s
 * "1"…"4", or by a party id that starts with a digit) cannot be an element name: `<1>` is not
 * well-formed. Such a member is written as `<entry key="1">…</entry>`. ASCII names only: every
 * key of the canonical model is one, and an `xml` prefix is reserved.
 */
const XML_NAME = /^(?!xml)[A-Za-z_][A-Za-z0-9._-]*$/i;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Parsers normalise a literal CR to LF; a reference keeps it, so text round-trips exactly.
  '\r': '&#13;',
};

/**
 * The markup characters, and every character XML 1.0 forbids even as a reference (C0
 * controls but tab and line feed, U+FFFE/U+FFFF, lone surrogates): a body's own text never
 * holds one (`invalid_character`), but a problem may echo what a request sent — a key, a
 * label — and one such character makes the whole document unreadable to an XML parser.
 */
const TO_ESCAPE = /[&<>"'\r]|[^\t\n\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for element content and attribute values; a forbidden character becomes U+FFFD. */
export function escapeXml(text: string): string {
  return text.replace(TO_ESCAPE, (c) => XML_ESCAPES[c] ?? '\uFFFD');
}
