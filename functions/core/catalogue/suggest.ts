/**
 * An enum value that names nothing gets one issue with the closest accepted labels,
 * instead of the schema's "must be integer" plus "must be one of" (issue #10 item 6).
 */
import type { Issue } from '../errors.js';
import type { Shape } from '../model/shapes.js';
import { escapePointerToken } from '../pointer.js';
import { CATALOGUE, type CatalogueName, candidatesFor, foldLabel } from './catalogue.js';

/** Where the full list of accepted codes and labels is served. */
export const CATALOGUE_LINK = '/v1/catalogue';

/** Levenshtein distance, on folded text (so case, spaces and ё/е do not count). */
function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] as number;
      previous[j] = Math.min(
        above + 1,
        (previous[j - 1] as number) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}

/**
 * The accepted values closest to `value`, best first, each as `label (code)` in the
 * language of the label that came closest.
 */
export function closestLabels(name: CatalogueName, value: string, count = 3): string[] {
  const folded = foldLabel(value);
  const ranked = CATALOGUE[name].map((entry) => {
    let best = { label: String(entry.code), score: Number.POSITIVE_INFINITY };
    for (const label of [String(entry.code), entry.kk, entry.ru, entry.en]) {
      const score = distance(folded, foldLabel(label));
      if (score < best.score) best = { label, score };
    }
    return { ...best, code: entry.code };
  });
  ranked.sort((a, b) => a.score - b.score);
  return ranked
    .slice(0, count)
    .map(({ label, code }) => (label === String(code) ? label : `${label} (${code})`));
}

/** Every enum value (code, label or form wording) in `value` that names nothing in its catalogue. */
export function unknownLabelIssues(value: unknown, shape: Shape, pointer = ''): Issue[] {
  switch (shape.kind) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
      const record = value as Record<string, unknown>;
      const issues: Issue[] = [];
      for (const key in shape.properties) {
        const child = shape.properties[key];
        if (!child || !Object.hasOwn(record, key)) continue;
        issues.push(
          ...unknownLabelIssues(record[key], child, `${pointer}/${escapePointerToken(key)}`),
        );
      }
      return issues;
    }
    case 'array':
      if (!Array.isArray(value)) return [];
      return value.flatMap((item, i) => unknownLabelIssues(item, shape.items, `${pointer}/${i}`));
    case 'integer':
    case 'string': {
      if (!shape.catalogue) return [];
      if (typeof value !== 'string' && typeof value !== 'number') return [];
      // A value naming one code was normalised; one naming several is `ambiguous_label`.
      if (candidatesFor(shape.catalogue, value).length > 0) return [];
      const suggestions = closestLabels(shape.catalogue, String(value));
      return [
        {
          pointer,
          code: 'invalid_value',
          message: `"${String(value)}" is not in catalogue ${shape.catalogue}. Closest: ${suggestions.join(', ')}. Every value: ${CATALOGUE_LINK}.`,
          suggestions,
          see: `${CATALOGUE_LINK}#${shape.catalogue}`,
        },
      ];
    }
    default:
      return [];
  }
}
