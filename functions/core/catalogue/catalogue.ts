/**
 * The catalogue of every enum with its Kazakh, Russian and English labels (SPEC §3),
 * loaded from `schemas/catalogue.json`, which is the one place labels are written.
 * Codes must equal the enums of `schemas/common.schema.json` (checked by a test).
 */
import catalogueJson from '../../../schemas/catalogue.json' with { type: 'json' };

export type Language = 'kk' | 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['kk', 'ru', 'en'];

export type EnumCode = string | number;

export interface CatalogueEntry {
  code: EnumCode;
  kk: string;
  ru: string;
  en: string;
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

/** For each enum: folded code or label → code. Built once at module load. */
const LOOKUP: ReadonlyMap<CatalogueName, ReadonlyMap<string, EnumCode>> = new Map(
  (Object.keys(CATALOGUE) as CatalogueName[]).map((name) => {
    const byLabel = new Map<string, EnumCode>();
    for (const entry of CATALOGUE[name]) {
      for (const text of [String(entry.code), entry.kk, entry.ru, entry.en]) {
        byLabel.set(foldLabel(text), entry.code);
      }
    }
    return [name, byLabel];
  }),
);

/**
 * The code a sender meant by `value` (a code or an exact label in any language),
 * or `undefined` when it names nothing in that enum.
 */
export function codeFor(name: CatalogueName, value: unknown): EnumCode | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const lookup = LOOKUP.get(name);
  const text = String(value);
  // Fast path for the usual case, a code as sent: every key is already folded (and
  // folding is idempotent), so an exact hit is what folding would have found.
  return lookup?.get(text) ?? lookup?.get(foldLabel(text));
}

/** The label of a code in one language (for human-facing renderings). */
export function labelOf(
  name: CatalogueName,
  code: EnumCode,
  language: Language,
): string | undefined {
  return CATALOGUE[name].find((entry) => entry.code === code)?.[language];
}

/** Annex 3's severity table: the types typical for each severity level. */
export const TYPICAL_TYPES_BY_SEVERITY: Readonly<Record<string, readonly string[]>> = {
  '4': catalogueJson.typicalTypesBySeverity['4'],
  '3': catalogueJson.typicalTypesBySeverity['3'],
  '2': catalogueJson.typicalTypesBySeverity['2'],
  '1': catalogueJson.typicalTypesBySeverity['1'],
};

/** The catalogue as served at `GET /v1/catalogue`. */
export function catalogueDocument(): {
  enums: typeof CATALOGUE;
  typicalTypesBySeverity: typeof TYPICAL_TYPES_BY_SEVERITY;
} {
  return { enums: CATALOGUE, typicalTypesBySeverity: TYPICAL_TYPES_BY_SEVERITY };
}
