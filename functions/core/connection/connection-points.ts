/**
 * Registered connection points (Unified Requirements п.90-1(1)): "сұрау салулардың
 * көздерін (қосылу нүктелерін) тіркеу және заңдылығын тексеру" — register the sources of
 * requests and check their legitimacy. A party lists its sources as CIDRs; a request
 * from anywhere else is refused before anything of the party's is counted, so nobody
 * outside a SOC's network can lock it out.
 */
import { BlockList, isIP } from 'node:net';
import type { Issue } from '../errors.js';

/** A CIDR as parsed: family, network address and prefix length. */
export interface Cidr {
  family: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
}

/** Parses `a.b.c.d/n` or `x:y::z/n`; a bare address is a single host (/32, /128). Undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const bits = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(bits)) return undefined;
    prefix = Number(bits);
    if (prefix > max) return undefined;
  }
  return { family: version === 4 ? 'ipv4' : 'ipv6', address, prefix };
}

/** One issue per malformed entry of `policy.connectionPoints`, pointing at it. */
export function connectionPointIssues(points: readonly string[] | undefined): Issue[] {
  return (points ?? []).flatMap((point, index) =>
    parseCidr(point)
      ? []
      : [
          {
            pointer: `/policy/connectionPoints/${index}`,
            code: 'invalid_cidr',
            message: `"${point}" is not an IPv4 or IPv6 CIDR (e.g. 203.0.113.0/24).`,
          },
        ],
  );
}

/** Strips the IPv4-mapped IPv6 prefix a dual-stack socket reports (`::ffff:203.0.113.5`). */
function normaliseSource(
  sourceIp: string,
): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(sourceIp);
  const address = mapped?.[1] ?? sourceIp;
  const version = isIP(address);
  return version === 0 ? undefined : { address, family: version === 4 ? 'ipv4' : 'ipv6' };
}

const compiled = new WeakMap<readonly string[], BlockList>();

function blockListOf(points: readonly string[]): BlockList {
  let list = compiled.get(points);
  if (!list) {
    list = new BlockList();
    for (const point of points) {
      const cidr = parseCidr(point);
      if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
    }
    compiled.set(points, list);
  }
  return list;
}

/**
 * True when `sourceIp` lies in one of the registered points. An empty or absent list
 * accepts every source (documented as the weaker setting).
 */
export function isRegisteredSource(
  points: readonly string[] | undefined,
  sourceIp: string | undefined,
): boolean {
  if (!points || points.length === 0) return true;
  const source = sourceIp === undefined ? undefined : normaliseSource(sourceIp);
  if (!source) return false;
  return blockListOf(points).check(source.address, source.family);
}

/** True when the party registered connection points at all (failures are then attributed by source). */
export function hasConnectionPoints(points: readonly string[] | undefined): boolean {
  return points !== undefined && points.length > 0;
}
