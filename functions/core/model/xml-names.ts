/**
 * The XML names the wire codecs share: the gateway's namespace and how a list's items
 * are named. Their own module, so rendering XML (every response, every problem) does not
 * load the published schemas and derive their shapes (`shapes.ts`) at cold start.
 */

/** The XML namespace every gateway element must be in (any prefix may be bound to it). */
export const GATEWAY_NAMESPACE = 'urn:kz:ncc-gateway:v1';

/** The XML element name of one list item: `iocs` → `ioc`, `parties` → `party`. */
export function itemElementOf(listName: string): string {
  if (listName.endsWith('ies')) return `${listName.slice(0, -3)}y`;
  if (listName.endsWith('s')) return listName.slice(0, -1);
  return 'item';
}
