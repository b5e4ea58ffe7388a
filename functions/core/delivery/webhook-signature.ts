/**
 * Webhook signatures (docs/contract.md §5). Every POST carries
 * `X-Gateway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 *
 * For SOC integrators: verify against the raw request body exactly as received
 * (before any JSON parsing), with the secret registered on your party, and refuse
 * signatures older than a few minutes. Signing the timestamp together with the body
 * means a captured request cannot be replayed later with a fresh timestamp, and the
 * `X-Gateway-Delivery-Id` header lets you drop the duplicates that at-least-once
 * delivery may produce. More than one `v1=` entry may appear; any match is valid.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature. */
export const SIGNATURE_HEADER = 'X-Gateway-Signature';

/** Default age (either direction) a signature may have, in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const HEX_SHA256 = /^[0-9a-f]{64}$/;

function hmacHex(secret: string, unixSeconds: number, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
}

/**
 * The `X-Gateway-Signature` value signed with each of `secrets` (during a rotation, the
 * new secret and the previous one): `t=<t>,v1=<new>,v1=<previous>`. A receiver that
 * knows either secret finds a match.
 */
export function signWebhookWithEach(
  secrets: readonly string[],
  unixSeconds: number,
  body: string | Uint8Array,
): string {
  return [`t=${unixSeconds}`, ...secrets.map((s) => `v1=${hmacHex(s, unixSeconds, body)}`)].join(
    ',',
  );
}

/**
 * The `X-Gateway-Signature` value for a body sent at `unixSeconds`.
 *
 * @param secret the recipient party's webhook secret
 * @param unixSeconds whole seconds since the epoch
 * @param body the exact bytes (or UTF-8 string) that are sent
 */
export function signWebhook(
  secret: string,
  unixSeconds: number,
  body: string | Uint8Array,
): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, unixSeconds, body)}`;
}

/** The timestamp and `v1` signatures of a header, or undefined when it is malformed. */
function parseSignatureHeader(header: string): { t: number; v1: string[] } | undefined {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return undefined;
      t = Number(value);
    } else if (key === 'v1' && HEX_SHA256.test(value)) {
      v1.push(value);
    }
    // Unknown keys (a future v2) are ignored, so a new scheme can be added alongside.
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

/**
 * Checks a received `X-Gateway-Signature` header against the raw body.
 *
 * True only when the header is well formed, its timestamp lies within
 * `toleranceSeconds` of `nowSeconds`, and one of its `v1` signatures matches.
 * The comparison is constant-time, so response timing reveals nothing about the
 * expected signature.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string | Uint8Array,
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return false;
  if (Math.abs(nowSeconds - parsed.t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, parsed.t, body), 'hex');
  // Every candidate is compared, matching or not, so timing does not depend on which one matches.
  let matched = false;
  for (const candidate of parsed.v1) {
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) matched = true;
  }
  return matched;
}
