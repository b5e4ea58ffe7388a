import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MalformedBodyError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../../functions/core/errors.js';
import { problemOf } from '../../../functions/core/problem/problem-details.js';
import {
  formatOfContentType,
  MAX_BODY_BYTES,
  readBody,
} from '../../../functions/core/wire/read-body.js';

const encoder = new TextEncoder();

function statusOf(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return problemOf(error).problem.status;
  }
}

describe('readBody size limit', () => {
  it('is 256 KiB', () => {
    // Arrange / Act / Assert
    expect(MAX_BODY_BYTES).toBe(262_144);
  });

  it('accepts a body of exactly 256 KiB', () => {
    // Arrange
    const bytes = encoder.encode(`"${'a'.repeat(MAX_BODY_BYTES - 2)}"`);

    // Act
    const body = readBody(bytes, 'application/json');

    // Assert
    expect(body.byteLength).toBe(MAX_BODY_BYTES);
    expect(body.text).toHaveLength(MAX_BODY_BYTES);
  });

  it('refuses one byte more with 413', () => {
    // Arrange
    const bytes = encoder.encode(`"${'a'.repeat(MAX_BODY_BYTES - 1)}"`);

    // Act
    const read = () => readBody(bytes, 'application/json');

    // Assert
    expect(read).toThrow(PayloadTooLargeError);
    expect(statusOf(read)).toBe(413);
  });

  it('counts bytes, not characters: 100 000 Kazakh letters are 200 000 bytes and fit, 140 000 do not', () => {
    // Arrange
    const fits = encoder.encode('қ'.repeat(100_000));
    const tooBig = encoder.encode('қ'.repeat(140_000));

    // Act
    const read = () => readBody(tooBig, 'application/xml');

    // Assert
    expect(readBody(fits, 'application/xml').text).toHaveLength(100_000);
    expect(statusOf(read)).toBe(413);
  });

  it('checks the size before the media type, so an oversized body costs no more work', () => {
    // Arrange
    const bytes = new Uint8Array(MAX_BODY_BYTES + 1);

    // Act
    const read = () => readBody(bytes, 'text/plain');

    // Assert
    expect(read).toThrow(PayloadTooLargeError);
  });

  it('honours a smaller limit when given one', () => {
    // Arrange
    const bytes = encoder.encode('{"a":1}');

    // Act
    const read = () => readBody(bytes, 'application/json', 4);

    // Assert
    expect(read).toThrow(PayloadTooLargeError);
  });
});

describe('readBody media types', () => {
  it.each([
    ['application/json', 'json'],
    ['application/json; charset=UTF-8', 'json'],
    ['Application/JSON;charset="utf-8"', 'json'],
    ['application/problem+json', 'json'],
    ['application/xml', 'xml'],
    ['text/xml', 'xml'],
    ['text/xml; charset=utf-8', 'xml'],
    ['application/xml; charset=utf8', 'xml'],
  ] as const)('accepts %j as %s', (contentType, format) => {
    // Arrange
    const bytes = encoder.encode(format === 'json' ? '{}' : '<a/>');

    // Act
    const body = readBody(bytes, contentType);

    // Assert
    expect(body.format).toBe(format);
  });

  it.each([
    ['text/plain'],
    ['text/plain; charset=utf-8'],
    [undefined],
    [''],
    ['application/json; charset=latin1'],
    ['application/xml; charset=ISO-8859-1'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
  ])('refuses %j with 415', (contentType) => {
    // Arrange
    const bytes = encoder.encode('{}');

    // Act
    const read = () => readBody(bytes, contentType);

    // Assert
    expect(read).toThrow(UnsupportedMediaTypeError);
    expect(statusOf(read)).toBe(415);
  });

  it('names the offending Content-Type in the 415', () => {
    // Arrange / Act
    const read = () => formatOfContentType('text/plain');

    // Assert
    expect(read).toThrow(/text\/plain/);
  });
});

describe('readBody decoding and digest', () => {
  it('decodes UTF-8, Kazakh and Russian letters included', () => {
    // Arrange
    const text = '{"description":"Қазақстан, Ёлка, ұңғы"}';

    // Act
    const body = readBody(encoder.encode(text), 'application/json');

    // Assert
    expect(body.text).toBe(text);
  });

  it('strips a UTF-8 byte-order mark from the text but digests the bytes as received', () => {
    // Arrange
    const withoutBom = encoder.encode('<a/>');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...withoutBom]);

    // Act
    const body = readBody(bytes, 'application/xml');

    // Assert
    expect(body.text).toBe('<a/>');
    expect(body.byteLength).toBe(7);
    expect(body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(body.sha256).not.toBe(createHash('sha256').update(withoutBom).digest('hex'));
  });

  it.each([
    ['a lone continuation byte', [0x7b, 0x80, 0x7d]],
    ['a truncated sequence', [0x22, 0xd2, 0x22]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['a UTF-16 surrogate encoded as UTF-8', [0xed, 0xa0, 0x80]],
    ['Latin-1 "é"', [0x22, 0xe9, 0x22]],
  ])('refuses invalid UTF-8 (%s) with 400', (_, raw) => {
    // Arrange
    const bytes = new Uint8Array(raw);

    // Act
    const read = () => readBody(bytes, 'application/json');

    // Assert
    expect(read).toThrow(MalformedBodyError);
    expect(statusOf(read)).toBe(400);
  });

  it('gives the lowercase hex SHA-256 of the raw bytes', () => {
    // Arrange
    const bytes = encoder.encode('{"note":"қ"}');

    // Act
    const body = readBody(bytes, 'application/json');

    // Assert
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('gives a different digest for bodies that decode alike but differ in bytes', () => {
    // Arrange
    const plain = encoder.encode('{}');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);

    // Act
    const [a, b] = [readBody(plain, 'application/json'), readBody(bom, 'application/json')];

    // Assert
    expect(a.text).toBe(b.text);
    expect(a.sha256).not.toBe(b.sha256);
  });
});

describe('the 413 detail (issue #12 item 7)', () => {
  it("names the API's 256 KiB limit, whatever cap caught the body", () => {
    const tooBig = new TextEncoder().encode(`"${'a'.repeat(MAX_BODY_BYTES)}"`);

    const error = (() => {
      try {
        readBody(tooBig, 'application/json');
      } catch (e) {
        return e;
      }
    })();

    expect(problemOf(error).problem).toMatchObject({
      status: 413,
      detail: 'The body exceeds the API limit of 256 KiB.',
    });
  });
});
