/** Every document the gateway renders as XML must be well-formed, whatever its keys are. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { catalogueDocument } from '../../../functions/core/catalogue/catalogue.js';
import { renderXml } from '../../../functions/core/wire/render-xml.js';

describe('renderXml', () => {
  it('writes a member whose key is not an XML name as an entry with that key', () => {
    const xml = renderXml('counts', { '1': ['spam'], '4 high': 2, xmlish: 3, ok: 'yes' });

    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<entry key="1"><item>spam</item></entry>');
    expect(xml).toContain('<entry key="4 high">2</entry>');
    expect(xml).toContain('<entry key="xmlish">3</entry>');
    expect(xml).toContain('<ok>yes</ok>');
  });

  it('renders GET /v1/catalogue as well-formed XML with the severity table keyed by level', () => {
    const xml = renderXml('catalogue', catalogueDocument());
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const byLevel = parsed.catalogue.typicalTypesBySeverity.entry as { key: string }[];

    expect(XMLValidator.validate(xml)).toBe(true);
    expect(byLevel.map((entry) => entry.key)).toEqual(['1', '2', '3', '4']);
  });

  it('writes no character XML 1.0 forbids, even where a request echoed one back (a problem naming a key)', () => {
    const xml = renderXml('problem', {
      errors: [{ pointer: '/a\u0001b', message: '"\u001b[31m" is not in the catalogue \uffff' }],
      map: { 'k\u0002': 'v', lone: 'x\ud800y', ok: 'tab\tline\nand 😀' },
    });
    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<pointer>/a\ufffdb</pointer>');
    expect(xml).toContain('<entry key="k\ufffd">v</entry>');
    expect(xml).toContain('<ok>tab\tline\nand 😀</ok>');
  });
});
