/**
 * Server-side request forgery guard for webhook URLs (docs/contract.md §10: "on AWS only
 * `https://` to a public address is accepted"). A party registers its own webhook,
 * so without this guard a party could make the gateway POST into its VPC, the
 * instance metadata service or localhost.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** A webhook URL the gateway refuses to call. */
export class WebhookRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookRefusedError';
  }
}

/** Resolves a host name to every address it has (node:dns `lookup` with `all`). */
export type HostLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

const defaultLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

// Ranges that are not a public unicast address (IANA special-purpose registries).
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are matched against the IPv4 rules by BlockList.
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including the instance metadata service
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and IPv4-compatible (::127.0.0.1, ::a9fe:a9fe)
  ['64:ff9b::', 96], // NAT64: embeds an IPv4 address that may be private
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo: embeds an IPv4 server and client that may be private
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** True when `address` (an IPv4 or IPv6 literal) is not a public unicast address. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface WebhookUrlPolicy {
  /** Local runtime only: allow http:// and any address (docs/contract.md §10). */
  allowInsecure: boolean;
  lookup?: HostLookup;
}

/** A URL that passed the guard and, on AWS, the one address the POST must go to. */
export interface VettedWebhookTarget {
  url: URL;
  /**
   * The address checked (the first of the name's answers; every one was checked).
   * Absent only with `allowInsecure`, where the system resolver is used.
   */
  address?: { address: string; family: 4 | 6 };
}

/**
 * Refuses a webhook URL unless it is `https:` on port 443 to a host that is, or
 * resolves only to, public addresses, and returns the address to connect to. The name
 * is resolved once here; the sender connects to the returned address (with SNI and the
 * certificate checked against the name), so a DNS answer that changes between check
 * and connect (rebinding) cannot lead the POST anywhere else. With `allowInsecure`
 * (local runtime) any http(s) URL passes.
 *
 * Refusals name the URL's own host but never an address it resolved to: the admin
 * registering a webhook learns it is refused, not what lies behind a private name.
 *
 * @throws {WebhookRefusedError} naming why
 */
export async function vetWebhookTarget(
  rawUrl: string,
  policy: WebhookUrlPolicy,
): Promise<VettedWebhookTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new WebhookRefusedError('Webhook URL is not a valid URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw new WebhookRefusedError('Webhook URL must not carry credentials');
  }
  if (policy.allowInsecure) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new WebhookRefusedError(`Webhook URL scheme ${url.protocol} is not http(s)`);
    }
    return { url };
  }
  if (url.protocol !== 'https:') throw new WebhookRefusedError('Webhook URL must use https');
  // URL drops the default port, so any port left is not 443.
  if (url.port !== '') throw new WebhookRefusedError('Webhook URL must use port 443');
  // URL keeps the brackets of an IPv6 literal and normalises IPv4 forms (0x7f.1 → 127.0.0.1).
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  if (literal !== 0) {
    if (isNonPublicAddress(host))
      throw new WebhookRefusedError(`Webhook host ${host} is not a public address`);
    return { url, address: { address: host, family: literal === 4 ? 4 : 6 } };
  }
  let addresses: { address: string; family: number }[];
  try {
    addresses = await (policy.lookup ?? defaultLookup)(host);
  } catch {
    throw new WebhookRefusedError(`Webhook host ${host} does not resolve`);
  }
  const first = addresses[0];
  if (first === undefined) throw new WebhookRefusedError(`Webhook host ${host} does not resolve`);
  if (addresses.some((a) => isNonPublicAddress(a.address)))
    throw new WebhookRefusedError(`Webhook host ${host} resolves to a non-public address`);
  return { url, address: { address: first.address, family: isIP(first.address) === 6 ? 6 : 4 } };
}

/** {@link vetWebhookTarget} for callers that need only the verdict (registration). */
export async function checkWebhookUrl(rawUrl: string, policy: WebhookUrlPolicy): Promise<URL> {
  return (await vetWebhookTarget(rawUrl, policy)).url;
}
