import { ValidationError } from '../../errors.js';
import type { RawBody } from '../../wire/read-body.js';

const MAX_NOTE_CHARS = 1000;

/**
 * The optional JSON body of an admin block or unblock: `{ "note": "why" }`, kept in the
 * audit entry and the `connection.*` notice. No body is an empty note.
 */
export function changeNoteOf(body: RawBody | undefined): string {
  if (!body || body.text.trim() === '') return '';
  let value: unknown;
  try {
    value = body.format === 'json' ? JSON.parse(body.text) : undefined;
  } catch {
    value = undefined;
  }
  const note =
    typeof value === 'object' && value !== null ? (value as { note?: unknown }).note : undefined;
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE_CHARS)) {
    throw new ValidationError([
      {
        pointer: '/note',
        code: 'invalid_type',
        message: `note must be a string of at most ${MAX_NOTE_CHARS} characters.`,
      },
    ]);
  }
  if (value === undefined || typeof value !== 'object' || value === null) {
    throw new ValidationError([
      { pointer: '', code: 'invalid_type', message: 'Send a JSON object: { "note": "…" }.' },
    ]);
  }
  return note ?? '';
}
