/**
 * The first boundary every request crosses: size, media type and encoding are
 * checked here, before any parser sees a byte (docs/contract.md §4: 413 over 256 KiB, 415, UTF-8).
 */
import { createHash } from 'node:crypto';
import {
  API_BODY_LIMIT_BYTES,
  MalformedBodyError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../errors.js';

/** docs/contract.md §4: bodies over 256 KiB are refused with 413. */
export const MAX_BODY_BYTES = API_BODY_LIMIT_BYTES;

export type WireFormat = 'json' | 'xml';

/** A request body as received, with the digest the receipt and the audit trail carry. */
export interface RawBody {
  format: WireFormat;
  /** The body decoded as UTF-8, without a byte-order mark. */
  text: string;
  /** Lowercase hex SHA-256 of the raw bytes exactly as received. */
  sha256: string;
  byteLength: number;
}

const JSON_TYPES = new Set(['application/json']);
const XML_TYPES = new Set(['application/xml', 'text/xml']);

/** The wire format a Content-Type names, or a 415 for anything else (including non-UTF-8 charsets). */
export function formatOfContentType(contentType: string | undefined): WireFormat {
  const [mediaType = '', ...parameters] = (contentType ?? '')
    .split(';')
    .map((part) => part.trim().toLowerCase());
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replaceAll('"', '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeError(contentType);
  }
  if (JSON_TYPES.has(mediaType) || mediaType.endsWith('+json')) return 'json';
  if (XML_TYPES.has(mediaType) || mediaType.endsWith('+xml')) return 'xml';
  throw new UnsupportedMediaTypeError(contentType);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Checks size, media type and encoding of a body and digests it. The limit is
 * enforced on raw bytes, before decoding, so an oversized body costs nothing more.
 */
export function readBody(
  bytes: Uint8Array,
  contentType: string | undefined,
  limitBytes = MAX_BODY_BYTES,
): RawBody {
  if (bytes.byteLength > limitBytes) throw new PayloadTooLargeError();
  const format = formatOfContentType(contentType);
  let text: string;
  try {
    // ignoreBOM: false makes the decoder drop a leading UTF-8 byte-order mark.
    text = utf8.decode(bytes);
  } catch (cause) {
    throw new MalformedBodyError('invalid_utf8', 'The body is not valid UTF-8.', { cause });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { format, text, sha256, byteLength: bytes.byteLength };
}
