import { describe, expect, it } from 'vitest';
import {
  connectionPointIssues,
  isRegisteredSource,
  parseCidr,
} from '../../../functions/core/connection/connection-points.js';

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 CIDRs, and a bare address as one host', () => {
    expect(parseCidr('203.0.113.0/24')).toEqual({
      family: 'ipv4',
      address: '203.0.113.0',
      prefix: 24,
    });
    expect(parseCidr('2001:db8::/32')).toEqual({
      family: 'ipv6',
      address: '2001:db8::',
      prefix: 32,
    });
    expect(parseCidr('198.51.100.7')).toEqual({
      family: 'ipv4',
      address: '198.51.100.7',
      prefix: 32,
    });
  });

  it.each([
    '203.0.113.0/33',
    '2001:db8::/129',
    '300.1.1.1/8',
    'example.org/24',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
  ])('refuses %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('connectionPointIssues', () => {
  it('points at each malformed entry', () => {
    expect(connectionPointIssues(['203.0.113.0/24', 'nonsense', '10.0.0.0/40'])).toEqual([
      expect.objectContaining({ pointer: '/policy/connectionPoints/1', code: 'invalid_cidr' }),
      expect.objectContaining({ pointer: '/policy/connectionPoints/2', code: 'invalid_cidr' }),
    ]);
  });
});

describe('isRegisteredSource', () => {
  const points = ['203.0.113.0/24', '2001:db8:1::/48'];

  it('accepts sources inside a registered point, IPv4-mapped ones included', () => {
    expect(isRegisteredSource(points, '203.0.113.200')).toBe(true);
    expect(isRegisteredSource(points, '::ffff:203.0.113.9')).toBe(true);
    expect(isRegisteredSource(points, '2001:db8:1:ff::1')).toBe(true);
  });

  it('refuses sources outside every point, and a missing source', () => {
    expect(isRegisteredSource(points, '203.0.114.1')).toBe(false);
    expect(isRegisteredSource(points, '2001:db8:2::1')).toBe(false);
    expect(isRegisteredSource(points, undefined)).toBe(false);
    expect(isRegisteredSource(points, 'not-an-ip')).toBe(false);
  });

  it('accepts any source when no point is registered (the weaker setting)', () => {
    expect(isRegisteredSource(undefined, '192.0.2.1')).toBe(true);
    expect(isRegisteredSource([], '192.0.2.1')).toBe(true);
  });
});
