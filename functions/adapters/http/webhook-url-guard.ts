/**
 * Server-side request forgery guard for webhook URLs (SPEC §10: "on AWS only
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
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: embeds an IPv4 address that may be private
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
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
  /** Local runtime only: allow http:// and any address (SPEC §10). */
  allowInsecure: boolean;
  lookup?: HostLookup;
}

/**
 * Refuses a webhook URL unless it is `https:` to a host that is, or resolves only to,
 * public addresses. With `allowInsecure` (local runtime) any http(s) URL passes.
 *
 * The check resolves the name once and the HTTP client resolves it again, so a DNS
 * answer that changes in between (rebinding) is not caught here; the Lambda's network
 * placement (no VPC access) is the second line of defence.
 *
 * @throws {WebhookRefusedError} naming why
 */
export async function checkWebhookUrl(rawUrl: string, policy: WebhookUrlPolicy): Promise<URL> {
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
    return url;
  }
  if (url.protocol !== 'https:') throw new WebhookRefusedError('Webhook URL must use https');
  // URL keeps the brackets of an IPv6 literal and normalises IPv4 forms (0x7f.1 → 127.0.0.1).
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) {
    if (isNonPublicAddress(host))
      throw new WebhookRefusedError(`Webhook host ${host} is not a public address`);
    return url;
  }
  let addresses: { address: string }[];
  try {
    addresses = await (policy.lookup ?? defaultLookup)(host);
  } catch (error) {
    throw new WebhookRefusedError(
      `Webhook host ${host} does not resolve: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (addresses.length === 0)
    throw new WebhookRefusedError(`Webhook host ${host} does not resolve`);
  const blocked = addresses.find((a) => isNonPublicAddress(a.address));
  if (blocked)
    throw new WebhookRefusedError(
      `Webhook host ${host} resolves to non-public address ${blocked.address}`,
    );
  return url;
}
