/** Opaque cursors (issue #12 item 7): sealed, tamper-evident, bound to route and caller. */
import { describe, expect, it } from 'vitest';
import { MalformedBodyError } from '../../../functions/core/errors.js';
import { createCursorSeal } from '../../../functions/core/paging/cursor-seal.js';

const storeCursor = Buffer.from(
  JSON.stringify({ pk: 'SOC#soc-alpha', sk: 'INC#2026-11-21T06:00:00.000Z#inc_01JD' }),
).toString('base64url');
const seal = createCursorSeal(new Uint8Array(32).fill(7));
const scope = 'GET /v1/incidents|soc-alpha';

describe('cursor seal', () => {
  it('round-trips and shows nothing of the table keys', () => {
    const sealed = seal.seal(storeCursor, scope);

    expect(seal.open(sealed, scope)).toBe(storeCursor);
    expect(sealed).not.toContain(storeCursor.slice(0, 12));
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toMatch(/pk|SOC#|INC#/);
  });

  it('refuses a cursor altered by one character, another route or another caller', () => {
    const sealed = seal.seal(storeCursor, scope);
    const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;

    for (const [cursor, where] of [
      [flipped, scope],
      [sealed, 'GET /v1/obligations|soc-alpha'],
      [sealed, 'GET /v1/incidents|soc-beta'],
      [storeCursor, scope],
      ['', scope],
    ] as const) {
      expect(() => seal.open(cursor, where)).toThrow(MalformedBodyError);
      expect(() => seal.open(cursor, where)).toThrow(
        expect.objectContaining({ code: 'invalid_cursor' }),
      );
    }
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => createCursorSeal(new Uint8Array(16))).toThrow(RangeError);
  });
});
