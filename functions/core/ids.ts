/**
 * The shapes of the gateway's own ids: a readable prefix and a ULID (`inc_01J…`).
 * A path id of any other shape cannot name anything the gateway wrote, so it is
 * "not found" before any store call — a 3 000-character id never reaches DynamoDB's
 * key-size limit, and the answer is the same 404 as for another tenant's id.
 */
import { NotFoundError } from './errors.js';

/** Crockford base32, 26 characters: what `ulid()` produces. */
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** The prefix of each kind of id the gateway mints, and the noun its 404 uses. */
export const GATEWAY_ID_KINDS = {
  inc: 'Incident',
  ntc: 'Notice',
  dlv: 'Delivery',
  vul: 'Vulnerability',
} as const;

export type GatewayIdPrefix = keyof typeof GATEWAY_ID_KINDS;

const PATTERNS: Record<GatewayIdPrefix, RegExp> = {
  inc: new RegExp(`^inc_${ULID}$`),
  ntc: new RegExp(`^ntc_${ULID}$`),
  dlv: new RegExp(`^dlv_${ULID}$`),
  vul: new RegExp(`^vul_${ULID}$`),
};

/** Whether `id` has the shape of an id the gateway mints with `prefix`. */
export function isGatewayId(prefix: GatewayIdPrefix, id: string): boolean {
  return id.length === prefix.length + 27 && PATTERNS[prefix].test(id);
}

/**
 * Refuses an id of the wrong shape with 404 `not_found`, without echoing it (it may be
 * anything up to the URL limit).
 */
export function requireGatewayId(prefix: GatewayIdPrefix, id: string): void {
  if (!isGatewayId(prefix, id)) throw new NotFoundError(GATEWAY_ID_KINDS[prefix]);
}
