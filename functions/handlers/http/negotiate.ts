import { NotAcceptableError } from '../../core/errors.js';
import type { WireFormat } from '../../core/wire/read-body.js';

/**
 * docs/contract.md §4: responses follow `Accept`, defaulting to the request's format. Quality
 * values are honoured; `*\/*` or no header means "as the request".
 */
export function negotiateFormat(accept: string | undefined, requestFormat: WireFormat): WireFormat {
  return negotiateMediaType(accept, requestFormat, []).format;
}

/**
 * {@link negotiateFormat} for a route that also offers `offered` media types (CSV, XLSX):
 * the first range by quality that names one of them chooses it (`mediaType`, problems in
 * JSON); JSON and XML are chosen as everywhere else.
 */
export function negotiateMediaType(
  accept: string | undefined,
  requestFormat: WireFormat,
  offered: readonly string[],
): { format: WireFormat; mediaType?: string } {
  if (!accept || accept.trim() === '') return { format: requestFormat };
  const ranges = accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { type } of ranges) {
    if (type === '*/*' || type === 'application/*') return { format: requestFormat };
    if (offered.includes(type)) return { format: 'json', mediaType: type };
    if (
      type === 'application/json' ||
      type === 'application/problem+json' ||
      type.endsWith('+json')
    )
      return { format: 'json' };
    if (
      type === 'application/xml' ||
      type === 'text/xml' ||
      type === 'application/problem+xml' ||
      type.endsWith('+xml')
    ) {
      return { format: 'xml' };
    }
  }
  throw new NotAcceptableError(accept);
}

/** The request body's format from its Content-Type, for defaulting the response (JSON when unknown). */
export function requestFormatOf(contentType: string | undefined): WireFormat {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')
    ? 'xml'
    : 'json';
}

/** Case-insensitive header lookup (API Gateway lower-cases v2 headers; the local server does too). */
export function headerOf(
  headers: Record<string, string | undefined> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const key in headers) if (key.toLowerCase() === wanted) return headers[key];
  return undefined;
}
