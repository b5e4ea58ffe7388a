import type { Issue } from '../errors.js';
import type { Shape } from '../model/shapes.js';
import { escapePointerToken } from '../pointer.js';
import { candidatesFor } from './catalogue.js';

/**
 * Replaces every enum value given as a label (kk/ru/en, any case and spacing), as a
 * wording of the official form, or as a differently-cased code with its canonical code,
 * in place. Values that name nothing are left untouched for the schema to reject with
 * the list of allowed codes. A wording the form prints for two codes (the severity
 * table's «Зиянды бағдарламалық қамтылым», malware: botnet or virus_attack) is left too,
 * and reported in `issues` as `ambiguous_label` naming every candidate.
 */
export function normaliseLabels(
  value: unknown,
  shape: Shape,
  issues: Issue[] = [],
  pointer = '',
): unknown {
  switch (shape.kind) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const record = value as Record<string, unknown>;
      for (const key in shape.properties) {
        if (!Object.hasOwn(record, key)) continue;
        const child = shape.properties[key];
        if (child)
          record[key] = normaliseLabels(
            record[key],
            child,
            issues,
            `${pointer}/${escapePointerToken(key)}`,
          );
      }
      return record;
    }
    case 'array': {
      if (!Array.isArray(value)) return value;
      for (let i = 0; i < value.length; i++)
        value[i] = normaliseLabels(value[i], shape.items, issues, `${pointer}/${i}`);
      return value;
    }
    case 'integer':
    case 'string': {
      if (!shape.catalogue) return value;
      const codes = candidatesFor(shape.catalogue, value);
      if (codes.length === 1) return codes[0];
      if (codes.length > 1) {
        issues.push({
          pointer,
          code: 'ambiguous_label',
          message: `"${String(value)}" names more than one ${shape.catalogue}: ${codes.join(', ')}; send one of these codes.`,
        });
      }
      return value;
    }
    default:
      return value;
  }
}
