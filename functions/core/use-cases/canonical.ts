/**
 * Canonical content of a message (issue #14 item 2): what a retry is compared by. Two
 * bodies with the same canonical content are the same request, whatever their bytes —
 * JSON re-serialised with other spacing or key order, labels instead of codes, the
 * XML twin of a JSON card, or an instant written with another offset.
 */
import { createHash } from 'node:crypto';
import { escapePointerToken } from '../pointer.js';
import { formatInstant, instantOf, isTimestampWithOffset } from '../time.js';

/** The value with object keys sorted and every RFC 3339 instant in UTC: equal content, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (typeof value === 'string')
    return isTimestampWithOffset(value) ? formatInstant(instantOf(value)) : value;
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined) sorted[key] = normalise(record[key]);
    }
    return sorted;
  }
  return value;
}

/** SHA-256 (hex) of the canonical content. */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** At most this many differing pointers are named in a 409. */
export const MAX_DIFFERENCES = 20;

/**
 * JSON Pointers at which two canonical values differ: a member present in one only, or
 * a different scalar; a list of another length differs as a whole.
 */
export function differingPointers(a: unknown, b: unknown, limit = MAX_DIFFERENCES): string[] {
  const found: string[] = [];
  walk(normalise(a), normalise(b), '', found, limit);
  return found;
}

function walk(a: unknown, b: unknown, pointer: string, found: string[], limit: number): void {
  if (found.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      found.push(pointer);
      return;
    }
    a.forEach((item, i) => {
      walk(item, b[i], `${pointer}/${i}`, found, limit);
    });
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys)
      walk(a[key], b[key], `${pointer}/${escapePointerToken(key)}`, found, limit);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) found.push(pointer);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
