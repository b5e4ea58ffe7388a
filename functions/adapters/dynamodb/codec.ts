/**
 * Encoding details the document client would otherwise decide. Its translate options
 * live on the shared DynamoDBClient's config and the last `DynamoDBDocumentClient.from`
 * call wins, so this adapter does not rely on them: records lose their `undefined`
 * fields here (they mean "absent"), before marshalling.
 */

/** A copy of `value` without `undefined` object fields or array elements (Sets and other values as they are). */
export function withoutUndefined<T>(value: T): T;
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(withoutUndefined);
  if (typeof value !== 'object' || value === null) return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  // Only plain objects are records; a Set or a class instance is left to the marshaller.
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}
