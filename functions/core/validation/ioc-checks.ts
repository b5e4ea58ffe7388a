/**
 * Each indicator of compromise is checked for the type it claims (docs/contract.md §3), so the
 * NCC can load IOCs into its tooling without cleaning them first.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';

const HEX = /^[0-9a-fA-F]+$/;
const HASH_HEX_LENGTH = { md5: 32, sha1: 40, sha256: 64 } as const;
const URL_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'ftps:', 'ws:', 'wss:', 'sftp:']);

/** A host name: letters-digits-hyphen labels, ≤ 63 each, ≤ 253 in all, at least two; IDN (e.g. `.қаз`) allowed. */
export function isDomainName(value: string): boolean {
  if (value.length > 253 || value.endsWith('.')) return false;
  const ascii = domainToASCII(value);
  if (ascii === '' || ascii.length > 253) return false;
  const labels = ascii.split('.');
  if (labels.length < 2) return false;
  return (
    labels.every((label) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(label)) &&
    !/^\d+$/.test(labels.at(-1) ?? '')
  );
}

export function isCidr(value: string): boolean {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  if (isIPv4(address)) return bits <= 32;
  if (isIPv6(address)) return bits <= 128;
  return false;
}

export function isUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return URL_SCHEMES.has(url.protocol) && url.hostname !== '';
}

export function isEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at > 64) return false;
  const local = value.slice(0, at);
  return (
    /^[^\s@"(),:;<>[\\\]]+$/.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    isDomainName(value.slice(at + 1))
  );
}

/** Whether `value` is a valid indicator of the given IOC type; `undefined` for an unknown type (the schema reports it). */
export function iocValueProblem(type: string, value: string): string | undefined {
  switch (type) {
    case 'ipv4':
      return isIPv4(value) ? undefined : 'Must be a dotted-quad IPv4 address, e.g. 203.0.113.7.';
    case 'ipv6':
      return isIPv6(value) ? undefined : 'Must be an IPv6 address, e.g. 2001:db8::1.';
    case 'cidr':
      return isCidr(value)
        ? undefined
        : 'Must be an IPv4 or IPv6 network in CIDR form, e.g. 203.0.113.0/24.';
    case 'domain':
      return isDomainName(value) ? undefined : 'Must be a domain name, e.g. example.kz.';
    case 'url':
      return isUrl(value)
        ? undefined
        : 'Must be an absolute URL with a scheme and host, e.g. https://example.kz/path.';
    case 'email':
      return isEmail(value) ? undefined : 'Must be an e-mail address, e.g. user@example.kz.';
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const length = HASH_HEX_LENGTH[type];
      return value.length === length && HEX.test(value)
        ? undefined
        : `Must be a ${type.toUpperCase()} hash: exactly ${length} hexadecimal digits.`;
    }
    case 'filename':
      return value.trim() !== '' && value.length <= 1024 && !/[\0\n\r]/.test(value)
        ? undefined
        : 'Must be a file name or path on one line, at most 1024 characters.';
    default:
      return undefined;
  }
}
