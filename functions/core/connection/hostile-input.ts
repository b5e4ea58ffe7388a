/**
 * Which refusals are "signs of an IS violation in requests" (002 п.90-1(2)–(3):
 * "сұрау салуларда ақпараттық қауіпсіздікті бұзу белгілері"): not an honest mistake in a
 * form, but a body built to hurt a parser — entity or DOCTYPE declarations, nesting or
 * element counts far past any real message, prototype-polluting keys, oversize bodies.
 */
import { type GatewayError, PayloadTooLargeError } from '../errors.js';

const HOSTILE_CODES = new Set([
  'xml_doctype_forbidden',
  'xml_too_deep',
  'xml_too_many_elements',
  'xml_too_many_references',
  'forbidden_key',
  'payload_too_large',
]);

/** True for a refusal that counts toward `policy.hostileInputLimit`. */
export function isHostileInput(error: GatewayError): boolean {
  return (
    error instanceof PayloadTooLargeError ||
    HOSTILE_CODES.has(error.code) ||
    // Depth and count caps added later keep the same naming (`json_too_deep`, …).
    /_too_deep$|_too_many_/.test(error.code)
  );
}
