/**
 * Behind CloudFront (docs/deploy.md "Perimeter"), API Gateway's sourceIp is an edge
 * server's. With the edge's secret configured, a request counts as coming from the
 * caller's address CloudFront recorded — and only a request that carries the secret,
 * i.e. came through the WAF; anything else is refused before the route runs. The
 * harness's events come from 203.0.113.10: here, the edge's address.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import {
  EDGE_ORIGIN_HEADER,
  VIEWER_ADDRESS_HEADER,
  viewerIpOf,
} from '../../../functions/handlers/http/edge-origin.js';
import { jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

const SECRET = 'edge-secret-0123456789abcdefghijklmnopqrstuvwxyz';
/** Where soc-a's SIEM calls from: its registered connection point. */
const CALLER = '198.51.100.7';
const SOC_POLICY = { policy: { connectionPoints: ['198.51.100.0/24'] } } as Partial<PartyRecord>;

const throughEdge = (caller = CALLER, secret = SECRET) => ({
  [EDGE_ORIGIN_HEADER]: secret,
  [VIEWER_ADDRESS_HEADER]: `${caller}:44321`,
});

describe('viewerIpOf', () => {
  it.each([
    ['198.51.100.7:44321', '198.51.100.7'],
    ['2001:db8::1:44321', '2001:db8::1'],
    ['[2001:db8::1]:44321', '2001:db8::1'],
    ['198.51.100.7', undefined],
    ['not-an-ip:443', undefined],
    [':443', undefined],
    ['198.51.100.7:port', undefined],
    [undefined, undefined],
  ])('%s → %s', (value, ip) => {
    expect(viewerIpOf(value)).toBe(ip);
  });
});

describe('a gateway behind the edge (EDGE_ORIGIN_SECRET set)', () => {
  let h: RouteHarness;
  beforeAll(async () => {
    h = routeHarness(new Date().toISOString(), { edgeOriginSecret: SECRET });
    await h.register('soc-a', 'soc', SOC_POLICY);
  });

  it("admits a party from its connection point as CloudFront recorded it, though the edge's address is not one", async () => {
    const answer = await h.call({
      method: 'GET',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: throughEdge(),
    });
    expect(answer.statusCode, answer.body).toBe(200);
  });

  it('refuses the same party calling from elsewhere through the edge', async () => {
    const answer = await h.call({
      method: 'GET',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: throughEdge('192.0.2.50'),
    });
    expect(answer.statusCode).toBe(403);
    expect(jsonOf(answer).code).toBe('connection_point_not_registered');
  });

  it.each([
    ['no edge secret', { [VIEWER_ADDRESS_HEADER]: `${CALLER}:44321` }],
    ['a wrong edge secret', throughEdge(CALLER, `${SECRET.slice(0, -1)}x`)],
    ['a secret of another length', throughEdge(CALLER, 'short')],
    ['no viewer address', { [EDGE_ORIGIN_HEADER]: SECRET }],
  ])(
    'refuses a request around the edge (%s), before the route runs: public routes too',
    async (_, headers) => {
      for (const request of [
        { method: 'GET', url: '/v1/incidents', as: 'soc-a' },
        { method: 'GET', url: '/v1/health' },
      ] as const) {
        const answer = await h.call({ ...request, headers });
        expect(answer.statusCode, request.url).toBe(403);
        expect(jsonOf(answer).code).toBe('connection_point_not_registered');
        // The problem names neither the secret nor the edge's address (п.90-1(6)).
        expect(answer.body).not.toContain(SECRET.slice(0, 12));
        expect(answer.body).not.toContain('203.0.113.10');
      }
    },
  );
});

describe('a gateway reached directly (no EDGE_ORIGIN_SECRET: the local runtime)', () => {
  it("reads the socket's address and ignores CloudFront's headers, which anyone can send", async () => {
    const h = routeHarness(new Date().toISOString());
    await h.register('soc-a', 'soc', SOC_POLICY);
    const answer = await h.call({
      method: 'GET',
      url: '/v1/incidents',
      as: 'soc-a',
      headers: throughEdge(),
    });
    expect(answer.statusCode).toBe(403);
    expect(jsonOf(answer).code).toBe('connection_point_not_registered');
  });
});
