import type { WireFormat } from '../../core/wire/read-body.js';
import { renderXml } from '../../core/wire/render-xml.js';
import type { GatewayHttpEvent, HttpResult } from './http-types.js';

/** A successful answer in the negotiated format; `rootName` names the XML root element. */
export function respond(
  statusCode: number,
  value: unknown,
  format: WireFormat,
  rootName: string,
  headers: Record<string, string> = {},
): HttpResult {
  return format === 'xml'
    ? {
        statusCode,
        headers: { 'content-type': 'application/xml; charset=utf-8', ...headers },
        body: renderXml(rootName, value),
      }
    : {
        statusCode,
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify(value),
      };
}

/** A write's receipt, marked when it is the stored answer to a replay. */
export function receiptResponse(
  accepted: { statusCode: number; receipt: unknown; replayed: boolean },
  format: WireFormat,
  headers: Record<string, string> = {},
): HttpResult {
  return respond(accepted.statusCode, accepted.receipt, format, 'receipt', {
    ...headers,
    ...(accepted.replayed ? { 'idempotent-replay': 'true' } : {}),
  });
}

/**
 * A page of a listing, its items counted on the event toward the caller's
 * `policy.readLimitPerHour` (п.90-1(3): copying of data arrays).
 */
export function respondPage(
  event: GatewayHttpEvent,
  page: { items: readonly unknown[] },
  rootName: string,
): HttpResult {
  event.itemsRead = (event.itemsRead ?? 0) + page.items.length;
  return respond(200, page, event.responseFormat, rootName);
}
