/**
 * One element of a message as a schema declares it, in a form both the XSDs and the
 * JSON Schemas can be reduced to, so the two can be compared field by field.
 */

/** The kind of text a leaf element carries. */
export type ValueKind = 'timestamp' | 'date' | 'integer' | 'decimal' | 'string' | 'boolean';

export interface Declaration {
  /** Element path from the root, list items included: `incidentCard/details/iocs/ioc/type`. */
  path: string;
  minOccurs: number;
  /** `Infinity` when unbounded. */
  maxOccurs: number;
  /** Leaves only: what the text must be. */
  value?: ValueKind;
  /** Leaves only: the allowed codes, sorted, when the value is an enum. */
  enumeration?: string[];
}

/** Sorted by path, so a failing comparison shows a readable diff. */
export function byPath(a: Declaration, b: Declaration): number {
  return a.path.localeCompare(b.path);
}
