/**
 * The catalogue of every enum with its Kazakh, Russian and English labels (docs/contract.md §3),
 * loaded from `schemas/catalogue.json`, which is the one place labels are written.
 * Codes must equal the enums of `schemas/common.schema.json` (checked by a test).
 */
import catalogueJson from '../../../schemas/catalogue.json' with { type: 'json' };

export type Language = 'kk' | 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['kk', 'ru', 'en'];

export type EnumCode = string | number;

/** A wording printed in an official form, accepted like a label (issue #11 item 1). */
export interface CatalogueAlias {
  text: string;
  /** The form it is copied from, e.g. "004 Annex 3". */
  source: string;
}

export interface CatalogueEntry {
  code: EnumCode;
  kk: string;
  ru: string;
  en: string;
  aliases?: readonly CatalogueAlias[];
}

export type CatalogueName = keyof typeof catalogueJson.enums;

/** Every enum, by name, in the order the official forms list them. */
export const CATALOGUE: Readonly<Record<CatalogueName, readonly CatalogueEntry[]>> =
  catalogueJson.enums;

export function isCatalogueName(name: string): name is CatalogueName {
  return Object.hasOwn(CATALOGUE, name);
}

/**
 * Folds a code or label for comparison: case-, whitespace- and ё/е-insensitive,
 * so "  жоғары", "ЖОҒАРЫ" and "Жоғары" all name severity 4.
 */
export function foldLabel(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, '').replaceAll('ё', 'е');
}

/** Every text that names an entry: its code, its three labels and the form's wordings. */
function namesOf(entry: CatalogueEntry): string[] {
  return [
    String(entry.code),
    entry.kk,
    entry.ru,
    entry.en,
    ...(entry.aliases ?? []).map((alias) => alias.text),
  ];
}

/**
 * For each enum: folded code, label or alias → the codes it names (one, except for a
 * wording the form prints for two codes). Built for an enum the first time a value of it
 * is looked up, not at cold start (issue #13: routes that read no message never need it).
 */
const LOOKUP = new Map<CatalogueName, ReadonlyMap<string, readonly EnumCode[]>>();

function lookupOf(name: CatalogueName): ReadonlyMap<string, readonly EnumCode[]> | undefined {
  const cached = LOOKUP.get(name);
  if (cached !== undefined || !isCatalogueName(name)) return cached;
  const byLabel = new Map<string, EnumCode[]>();
  for (const entry of CATALOGUE[name]) {
    for (const text of namesOf(entry)) {
      const key = foldLabel(text);
      const codes = byLabel.get(key) ?? [];
      if (!codes.includes(entry.code)) codes.push(entry.code);
      byLabel.set(key, codes);
    }
  }
  LOOKUP.set(name, byLabel);
  return byLabel;
}

/**
 * Every code `value` may name (a code, a label in any language or a form's wording):
 * none when it names nothing, two or more when the form uses one wording for several.
 */
export function candidatesFor(name: CatalogueName, value: unknown): readonly EnumCode[] {
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const lookup = lookupOf(name);
  const text = String(value);
  // Fast path for the usual case, a code as sent: every key is already folded (and
  // folding is idempotent), so an exact hit is what folding would have found.
  return lookup?.get(text) ?? lookup?.get(foldLabel(text)) ?? [];
}

/**
 * The code a sender meant by `value` (a code, an exact label in any language, or a
 * wording of the official form), or `undefined` when it names nothing — or more than
 * one code (see {@link candidatesFor}).
 */
export function codeFor(name: CatalogueName, value: unknown): EnumCode | undefined {
  const codes = candidatesFor(name, value);
  return codes.length === 1 ? codes[0] : undefined;
}

/** The label of a code in one language (for human-facing renderings). */
export function labelOf(
  name: CatalogueName,
  code: EnumCode,
  language: Language,
): string | undefined {
  return CATALOGUE[name].find((entry) => entry.code === code)?.[language];
}

/** One row of 004 Annex 3's severity table, its examples as printed. */
export interface SeverityTableRow {
  severity: number;
  examples: readonly { printed: string; types: readonly string[] }[];
}

/**
 * 004 Annex 3, «маңыздылық деңгейлері»: "Маңыздылық деңгей | Белгілері | … оқыс
 * оқиғаларының үлгілері" — the table exactly as printed (`schemas/catalogue.json`).
 */
export const SEVERITY_TABLE: readonly SeverityTableRow[] = catalogueJson.severityTable.rows;

/** The types typical for each severity level: the union of its row's examples. */
export const TYPICAL_TYPES_BY_SEVERITY: Readonly<Record<string, readonly string[]>> =
  Object.fromEntries(
    SEVERITY_TABLE.map((row) => [
      String(row.severity),
      [...new Set(row.examples.flatMap((example) => example.types))],
    ]),
  );

/** The catalogue as served at `GET /v1/catalogue`. */
export function catalogueDocument(): {
  enums: typeof CATALOGUE;
  severityTable: typeof catalogueJson.severityTable;
  typicalTypesBySeverity: typeof TYPICAL_TYPES_BY_SEVERITY;
} {
  return {
    enums: CATALOGUE,
    severityTable: catalogueJson.severityTable,
    typicalTypesBySeverity: TYPICAL_TYPES_BY_SEVERITY,
  };
}
