/**
 * Issue #13 item 6: XML references mean what XML says they mean. A numeric reference
 * decodes to exactly its character, so a control character is refused the same way
 * whether it came escaped in XML or in JSON; an undeclared entity is malformed, not text.
 */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../../../functions/core/problem/problem-details.js';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import { MAX_XML_ELEMENTS, parseXmlDocument } from '../../../functions/core/wire/parse-xml.js';
import { readBody } from '../../../functions/core/wire/read-body.js';
import { renderXml } from '../../../functions/core/wire/render-xml.js';
import { exampleCard, fixedClock } from '../fixtures.js';

const NS = 'urn:kz:ncc-gateway:v1';

function refusal(text: string, contentType: string) {
  try {
    readMessage('incidentCard', readBody(Buffer.from(text), contentType), fixedClock);
  } catch (error) {
    return problemOf(error).problem;
  }
  throw new Error('the message was accepted');
}

/** The example card with its `note` set to the given XML text and the given JSON string. */
function cardWithNote(xmlNote: string, jsonNote: string) {
  const xml = renderXml('incidentCard', exampleCard()).replace(
    '<note/>',
    `<note>${xmlNote}</note>`,
  );
  const json = JSON.stringify({ ...exampleCard(), note: 'PLACEHOLDER' }).replace(
    '"PLACEHOLDER"',
    `"${jsonNote}"`,
  );
  return { xml, json };
}

describe('numeric character references', () => {
  it.each([
    ['&#1;', '\\u0001'],
    ['&#x1F;', '\\u001f'],
    ['&#0;', '\\u0000'],
    ['&#xD800;', '\\ud800'],
    ['&#xFFFE;', '\\ufffe'],
  ])('%s in XML gets the same 422 and pointer as %s in JSON', (xmlNote, jsonNote) => {
    // Arrange
    const { xml, json } = cardWithNote(`a${xmlNote}b`, `a${jsonNote}b`);

    // Act
    const fromXml = refusal(xml, 'application/xml');
    const fromJson = refusal(json, 'application/json');

    // Assert
    expect(fromXml.status).toBe(422);
    expect(fromXml.errors).toContainEqual(
      expect.objectContaining({ pointer: '/note', code: 'invalid_character' }),
    );
    // XML issues also name the element (`element`); status, code, pointers and codes are the same.
    const essentials = (problem: typeof fromXml) => ({
      status: problem.status,
      code: problem.code,
      errors: problem.errors?.map(({ pointer, code }) => ({ pointer, code })),
    });
    expect(essentials(fromXml)).toEqual(essentials(fromJson));
  });

  it('decodes legal references, decimal and hex, to their characters', () => {
    // Arrange
    const { xml } = cardWithNote('&#1178;&#x49B; &lt;&amp;&gt;&quot;&apos; &#x1F600;', '');

    // Act
    const { message } = readMessage(
      'incidentCard',
      readBody(Buffer.from(xml), 'application/xml'),
      fixedClock,
    );

    // Assert
    expect(message.note).toBe('Ққ <&>"\' 😀');
  });
});

describe('entities', () => {
  it('refuses an undeclared entity as a 400 instead of keeping it as text', () => {
    // Arrange
    const { xml } = cardWithNote('&foo;', '');

    // Act
    const problem = refusal(xml, 'application/xml');

    // Assert
    expect(problem).toMatchObject({ status: 400, code: 'xml_undeclared_entity' });
    expect(problem.detail).not.toContain('foo');
  });

  it('keeps `&foo;` inside CDATA as the text it is', () => {
    // Arrange
    const { xml } = cardWithNote('<![CDATA[&foo; & <b>]]>', '');

    // Act
    const { message } = readMessage(
      'incidentCard',
      readBody(Buffer.from(xml), 'application/xml'),
      fixedClock,
    );

    // Assert
    expect(message.note).toBe('&foo; & <b>');
  });
});

describe('parser failures', () => {
  it.each([
    [`<incidentCard xmlns="${NS}"><note>a & b</note></incidentCard>`],
    [`<incidentCard xmlns="${NS}"><note>x</description></incidentCard>`],
    [`<incidentCard xmlns="${NS}" a="1" a="2"/>`],
    [`<incidentCard xmlns="${NS}"><__proto__/></incidentCard>`],
  ])('answer our own sentence, never the parser message: %s', (text) => {
    // Act
    const problem = refusal(text, 'application/xml');

    // Assert
    expect(problem).toMatchObject({ status: 400, code: 'malformed_xml' });
    expect(problem.detail).toMatch(
      /^The body is not well-formed XML( \(line \d+, column \d+\))?\.$/,
    );
  });

  it('answer our own sentence for malformed JSON too', () => {
    // Act
    const problem = refusal('{"note": "x",}', 'application/json');

    // Assert
    expect(problem).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(problem.detail).toBe('The body is not valid JSON.');
  });
});

describe('per-document limits', () => {
  it('start from zero for every document: a refused flood does not count against the next', () => {
    // Arrange
    const flood = `<r>${'<a/>'.repeat(MAX_XML_ELEMENTS + 1)}</r>`;
    const justUnder = `<r>${'<a/>'.repeat(MAX_XML_ELEMENTS - 1)}</r>`;

    // Act
    const first = () => parseXmlDocument(flood);
    const second = () => parseXmlDocument(justUnder);

    // Assert
    expect(first).toThrow(expect.objectContaining({ code: 'xml_too_many_elements' }));
    expect(second).not.toThrow();
    expect(second).not.toThrow();
  });
});
