/**
 * The XSDs under schemas/ are written by hand for XML tooling; the JSON Schemas are the
 * source of truth. These tests reduce both to the same declarations (element paths,
 * occurrence bounds, value kinds, enum codes) so an XSD cannot drift from its JSON Schema.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  type CatalogueName,
  LANGUAGES,
} from '../../functions/core/catalogue/catalogue.js';
import {
  GATEWAY_NAMESPACE,
  MESSAGE_FORMS,
  type MessageFormName,
} from '../../functions/core/model/schemas.js';
import { byPath } from './xsd/declaration.js';
import { jsonSchemaDeclarations } from './xsd/json-schema-declarations.js';
import { childrenOf, loadXsd, readElements, type XsdNode } from './xsd/xsd-declarations.js';

const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
const FORMS = Object.keys(MESSAGE_FORMS) as MessageFormName[];

function xsdFileOf(form: MessageFormName): string {
  return `${MESSAGE_FORMS[form].schema}.xsd`;
}

function xsdReadingOf(form: MessageFormName) {
  return readElements(loadXsd(SCHEMAS_DIR, xsdFileOf(form)), MESSAGE_FORMS[form].xmlRoots[0]);
}

describe.each(FORMS)('%s XSD', (form) => {
  it('declares exactly the element paths of the JSON Schema shape', () => {
    // Arrange
    const expected = jsonSchemaDeclarations(form).map((d) => d.path);

    // Act
    const declared = xsdReadingOf(form).declarations.map((d) => d.path);

    // Assert
    expect(declared.sort()).toEqual(expected.sort());
  });

  it('agrees with the JSON Schema on every bound, value kind and enum', () => {
    // Arrange
    const expected = jsonSchemaDeclarations(form).sort(byPath);

    // Act
    const declared = xsdReadingOf(form).declarations.sort(byPath);

    // Assert
    expect(declared).toEqual(expected);
  });

  it('requires an explicit offset on every timestamp', () => {
    // Arrange
    const leaves = [...xsdReadingOf(form).leaves].filter(([, leaf]) => leaf.value === 'timestamp');
    const matches = (patterns: string[], text: string): boolean =>
      patterns.length > 0 && patterns.every((p) => new RegExp(`^(?:${p})$`).test(text));

    // Act
    const verdicts = leaves.map(([path, leaf]) => ({
      path,
      withOffset: matches(leaf.patterns, '2026-11-20T09:10:00+05:00'),
      utc: matches(leaf.patterns, '2026-11-20T04:10:00.125Z'),
      withoutOffset: matches(leaf.patterns, '2026-11-20T09:10:00'),
    }));

    // Assert
    for (const verdict of verdicts) {
      expect(verdict).toEqual({
        path: verdict.path,
        withOffset: true,
        utc: true,
        withoutOffset: false,
      });
    }
  });
});

describe('schemas/*.xsd', () => {
  it('has one XSD per message form plus common.xsd, and nothing else', () => {
    const expected = ['common.xsd', ...new Set(FORMS.map(xsdFileOf))].sort();

    const files = readdirSync(SCHEMAS_DIR)
      .filter((f) => f.endsWith('.xsd'))
      .sort();

    expect(files).toEqual(expected);
  });

  it.each(['common.xsd', ...new Set(FORMS.map(xsdFileOf))])(
    '%s targets the gateway namespace with qualified elements',
    (file) => {
      const { root } = loadXsd(SCHEMAS_DIR, file);

      expect({
        targetNamespace: root.targetNamespace,
        elementFormDefault: root.elementFormDefault,
      }).toEqual({ targetNamespace: GATEWAY_NAMESPACE, elementFormDefault: 'qualified' });
    },
  );

  it("documents every catalogue enum with the catalogue's kk/ru/en labels", () => {
    // Arrange: common.xsd names each catalogue enum in PascalCase (severity → Severity)
    const common = loadXsd(SCHEMAS_DIR, 'common.xsd');
    const labelsOf = (enumeration: XsdNode): Record<string, string> => {
      const annotation = childrenOf(enumeration, 'xs:annotation')[0];
      const docs = annotation ? childrenOf(annotation, 'xs:documentation') : [];
      return Object.fromEntries(docs.map((d) => [String(d['xml:lang']), String(d['#text'])]));
    };

    for (const name of Object.keys(CATALOGUE) as CatalogueName[]) {
      // Act
      const typeName = name.charAt(0).toUpperCase() + name.slice(1);
      const simpleType = common.simpleTypes.get(typeName);
      const restriction = simpleType && childrenOf(simpleType, 'xs:restriction')[0];
      const documented = (restriction ? childrenOf(restriction, 'xs:enumeration') : []).map(
        (e) => ({ code: String(e.value), ...labelsOf(e) }),
      );

      // Assert
      const expected = CATALOGUE[name].map((entry) => ({
        code: String(entry.code),
        ...Object.fromEntries(LANGUAGES.map((language) => [language, entry[language]])),
      }));
      expect(documented, `common.xsd simple type ${typeName}`).toEqual(expected);
    }
  });
});
