import type { Shape } from '../model/shapes.js';
import { codeFor } from './catalogue.js';

/**
 * Replaces every enum value given as a label (kk/ru/en, any case and spacing) or as a
 * differently-cased code with its canonical code, in place. Values that name nothing
 * are left untouched for the schema to reject with the list of allowed codes.
 */
export function normaliseLabels(value: unknown, shape: Shape): unknown {
  switch (shape.kind) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const record = value as Record<string, unknown>;
      for (const key in shape.properties) {
        if (!Object.hasOwn(record, key)) continue;
        const child = shape.properties[key];
        if (child) record[key] = normaliseLabels(record[key], child);
      }
      return record;
    }
    case 'array': {
      if (!Array.isArray(value)) return value;
      for (let i = 0; i < value.length; i++) value[i] = normaliseLabels(value[i], shape.items);
      return value;
    }
    case 'integer':
    case 'string': {
      if (!shape.catalogue) return value;
      return codeFor(shape.catalogue, value) ?? value;
    }
    default:
      return value;
  }
}
