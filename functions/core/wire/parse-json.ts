import { MalformedBodyError } from '../errors.js';
import { escapePointerToken } from '../pointer.js';

/**
 * The deepest nesting accepted. The deepest valid message (a card's IOC inside
 * `details.iocs`) is 4 levels; every later walk over the value recurses, so depth is
 * capped before parsing, as XML's is (`xml_too_deep`).
 */
export const MAX_JSON_DEPTH = 32;

/** Keys that would reach Object.prototype if a later step ever merged the parsed value. */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/**
 * Parses untrusted JSON (already size-checked and UTF-8 decoded by `readBody`).
 * Prototype-polluting keys are refused: a cheap substring test on the raw text,
 * and only when it hits, a full walk to tell a key from the same word inside a string.
 */
export function parseJson(text: string): unknown {
  if (nestingExceeds(text, MAX_JSON_DEPTH)) {
    throw new MalformedBodyError(
      'json_too_deep',
      `The JSON nests deeper than ${MAX_JSON_DEPTH} levels; no message of this API does.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new MalformedBodyError('malformed_json', 'The body is not valid JSON.', {
      cause,
    });
  }
  if (FORBIDDEN_KEYS.some((key) => text.includes(`"${key}"`))) {
    const pointer = findForbiddenKey(value, '');
    if (pointer !== undefined) {
      throw new MalformedBodyError('forbidden_key', `The key at ${pointer} is not allowed.`, {
        issues: [
          {
            pointer,
            code: 'forbidden_key',
            message: 'This key name is reserved and never accepted.',
          },
        ],
      });
    }
  }
  return value;
}

function findForbiddenKey(value: unknown, pointer: string): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], `${pointer}/${i}`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const here = `${pointer}/${escapePointerToken(key)}`;
      if ((FORBIDDEN_KEYS as readonly string[]).includes(key)) return here;
      const found = findForbiddenKey(child, here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Whether arrays and objects nest deeper than `max`, by one pass over the text that
 * skips strings (so `"[[["` inside a value does not count). Unbalanced brackets are
 * left to JSON.parse to report.
 */
function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
