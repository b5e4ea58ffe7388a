/**
 * Small checks that turn an `unknown` item into a typed record without a bare cast.
 * A {@link Shape} must name every field of its record type (the compiler enforces it),
 * so a field added to a record cannot be forgotten here.
 *
 * Nested messages (a card, a notice, a receipt) were validated against the schemas on
 * their way in and are stored verbatim; here they are only checked to be objects.
 */
import { DynamoStoreError } from './errors.js';

/** A predicate over one field's value. */
export type Check = (value: unknown) => boolean;

/** One check per field of `T`, optional fields included. */
export type Shape<T> = { readonly [K in keyof T]-?: Check };

/** A plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isString: Check = (value) => typeof value === 'string';
export const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
export const isBoolean: Check = (value) => typeof value === 'boolean';
export const isMap: Check = isObject;
export const isAnything: Check = () => true;

/** Absent, or present and passing `check`. */
export function optional(check: Check): Check {
  return (value) => value === undefined || check(value);
}

/** One of the given literals. */
export function oneOf(...allowed: readonly (string | number)[]): Check {
  return (value) =>
    (typeof value === 'string' || typeof value === 'number') && allowed.includes(value);
}

/** An array whose every element passes `check`. */
export function arrayOf(check: Check): Check {
  return (value) => Array.isArray(value) && value.every(check);
}

/** True when `value` is an object whose fields pass `shape` (a type guard, so no cast is needed). */
export function hasShape<T>(value: unknown, shape: Shape<T>): value is T {
  if (!isObject(value)) return false;
  const checks: Readonly<Record<string, Check>> = shape;
  return Object.entries(checks).every(([field, check]) => check(value[field]));
}

/**
 * Reads a stored item of the given entity: checks the `entity` marker and the shape of
 * its `data` attribute, and returns the record. A mismatch is a corrupt item, not a
 * caller error.
 */
export function decodeData<T>(item: unknown, entity: string, shape: Shape<T>): T {
  if (!isObject(item) || item.entity !== entity) {
    throw new DynamoStoreError(`Expected a stored ${entity}; found ${describe(item)}`);
  }
  const data = item.data;
  if (!hasShape(data, shape)) {
    throw new DynamoStoreError(
      `Stored ${entity} ${describe(item)} does not have the expected fields`,
    );
  }
  return data;
}

function describe(item: unknown): string {
  if (!isObject(item)) return typeof item;
  return `${String(item.pk)}/${String(item.sk)} (${String(item.entity)})`;
}
