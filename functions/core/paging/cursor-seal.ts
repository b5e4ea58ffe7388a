/**
 * Opaque pagination cursors (issue #12 item 7). The store's cursor (which names table
 * keys) never leaves the gateway in clear: it is sealed with AES-256-GCM under a
 * per-deployment key, with the route and the caller as associated data, so a cursor
 * reveals nothing, cannot be altered, and is refused on another route or by another
 * party (400 `invalid_cursor`).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { MalformedBodyError } from '../errors.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CursorSeal {
  /** The sealed form of a store cursor, bound to `scope` (route and caller). */
  seal(cursor: string, scope: string): string;
  /** The store cursor inside a sealed one; 400 `invalid_cursor` if it was not sealed here for `scope`. */
  open(sealed: string, scope: string): string;
}

function invalidCursor(cause?: unknown): MalformedBodyError {
  return new MalformedBodyError(
    'invalid_cursor',
    'The cursor is not valid for this listing; start again without it.',
    cause === undefined ? {} : { cause },
  );
}

/** A seal under `secret` (at least 32 bytes; hashed to the AES-256 key). */
export function createCursorSeal(secret: Uint8Array): CursorSeal {
  if (secret.byteLength < 32) throw new RangeError('A cursor key needs at least 32 bytes');
  // Derived on the first cursor sealed or opened, not at cold start: most requests carry none.
  const material = Uint8Array.from(secret);
  let derived: Buffer | undefined;
  const keyOf = () =>
    (derived ??= createHash('sha256').update('ncc-gateway cursor v1').update(material).digest());
  return {
    seal(cursor, scope) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyOf(), iv);
      cipher.setAAD(Buffer.from(scope, 'utf8'));
      const body = Buffer.concat([cipher.update(cursor, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(sealed, scope) {
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.byteLength < IV_BYTES + TAG_BYTES || bytes.toString('base64url') !== sealed)
        throw invalidCursor();
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyOf(), bytes.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(scope, 'utf8'));
        decipher.setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES));
        const body = bytes.subarray(IV_BYTES, bytes.byteLength - TAG_BYTES);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (error) {
        throw invalidCursor(error);
      }
    },
  };
}
