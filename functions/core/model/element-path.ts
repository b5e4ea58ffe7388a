/**
 * XML senders think in elements, not JSON pointers: `/details/iocs/1/value` of an
 * incident card is `/incidentCard/details/iocs/ioc[2]/value` in the document they sent.
 */
import type { Shape } from './shapes.js';

function unescapeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** The element path of `pointer` in a document whose root element is `root`. */
export function elementPathOf(pointer: string, shape: Shape, root: string): string {
  let path = `/${root}`;
  let current: Shape | undefined = shape;
  for (const raw of pointer.split('/').slice(1)) {
    const token = unescapeToken(raw);
    if (current?.kind === 'array' && /^\d+$/.test(token)) {
      path += `/${current.itemElement}[${Number(token) + 1}]`;
      current = current.items;
    } else {
      path += `/${token}`;
      current = current?.kind === 'object' ? current.properties[token] : undefined;
    }
  }
  return path;
}

/** The local name of a document's root element (after the prolog), or `undefined`. */
export function xmlRootNameOf(text: string): string | undefined {
  const match = /<(?![?!])(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(text);
  return match?.[1];
}
