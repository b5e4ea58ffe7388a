/**
 * The Lambda REQUEST authorizer (issue #9 item 2) on the in-memory store, with real
 * RS256 keys and the key set served over HTTP as Cognito serves it: a good token is
 * allowed with the claims the routes read; a bad one is refused and counted toward the
 * authentication-failure limit of the parties whose connection point it came from,
 * until the party is blocked and every NCC party hears of it; an unregistered source
 * and a blocked party are refused without counting; the issuer's keys unreachable is an
 * outage (the invocation fails), never a failure counted against a party.
 */
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwksTokenVerifier } from '../../../functions/adapters/auth/jwks-token-verifier.js';
import {
  createMemoryAdapters,
  type MemoryAdapters,
} from '../../../functions/adapters/memory/create-memory-adapters.js';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import {
  type AuthorizerResult,
  buildAuthorizer,
} from '../../../functions/handlers/authorizer/authorize.js';
import type { HttpResult } from '../../../functions/handlers/http/http-types.js';
import { buildGetIncident } from '../../../functions/handlers/http/incidents/get-incident.js';
import { localLambdaContext } from '../../../functions/handlers/lambda-context.js';
import { memoryLogger } from '../../support/memory-logger.js';
import {
  startTokenIssuer,
  type TokenIssuer,
  type TokenOptions,
} from '../../support/token-issuer.js';

const SOC_POINT = '203.0.113.10';
const ELSEWHERE = '198.51.100.77';

let issuerStandIn: TokenIssuer;
let issuer: string;

beforeAll(async () => {
  issuerStandIn = await startTokenIssuer();
  issuer = issuerStandIn.issuer;
});

afterAll(() => issuerStandIn.close());

const token = (clientId: string, role: string, options: TokenOptions = {}) =>
  issuerStandIn.token(clientId, role, options);

function authorizerEvent(
  authorization: string | undefined,
  sourceIp: string,
  headers: Record<string, string> = {},
) {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:eu-central-1:000000000000:api/$default/GET/v1/incidents/x',
    identitySource: authorization === undefined ? [] : [authorization, sourceIp],
    routeKey: 'GET /v1/incidents/{id}',
    rawPath: '/v1/incidents/x',
    rawQueryString: '',
    cookies: [],
    headers: { ...headers, ...(authorization === undefined ? {} : { authorization }) },
    requestContext: { requestId: 'req-1', http: { method: 'GET', sourceIp } },
  } as unknown as APIGatewayRequestAuthorizerEventV2;
}

interface World {
  adapters: MemoryAdapters;
  authorize(
    authorization: string | undefined,
    sourceIp?: string,
    headers?: Record<string, string>,
  ): Promise<AuthorizerResult>;
}

async function world(issuerUrl = issuer, edgeOriginSecret?: string): Promise<World> {
  const adapters = createMemoryAdapters();
  const logger = memoryLogger();
  const at = new Date().toISOString();
  const party = (id: string, role: PartyRecord['role'], extra: Partial<PartyRecord> = {}) =>
    adapters.parties.putParty({
      id,
      clientId: `client-${id}`,
      role,
      name: id,
      createdAt: at,
      updatedAt: at,
      ...extra,
    });
  await party('ncc-duty', 'ncc');
  await party('soc-a', 'soc', {
    policy: { connectionPoints: ['203.0.113.0/24'], authFailureLimit: 3 },
  } as Partial<PartyRecord>);
  const handler = buildAuthorizer({
    ...adapters,
    now: () => new Date(),
    newId: (prefix) => `${prefix}_01JD${String(Math.random()).slice(2, 24).padEnd(22, '0')}`,
    log: logger,
    logger,
    verifyToken: createJwksTokenVerifier({ issuer: issuerUrl, maxLifetimeSeconds: 3_600 }),
    ...(edgeOriginSecret === undefined ? {} : { edgeOriginSecret }),
  });
  return {
    adapters,
    authorize: (authorization, sourceIp = SOC_POINT, headers = {}) =>
      handler(authorizerEvent(authorization, sourceIp, headers), localLambdaContext('authorize')),
  };
}

describe('the Lambda authorizer', () => {
  it('allows a registered party from its connection point, passing the claims the routes read', async () => {
    const w = await world();
    const result = await w.authorize(`Bearer ${await token('client-soc-a', 'soc')}`);
    expect(result).toMatchObject({
      isAuthorized: true,
      context: { client_id: 'client-soc-a', scope: 'ncc-gateway/soc', partyId: 'soc-a' },
    });

    // The route function reads that context as the verified claims.
    const incident = buildGetIncident({
      ...w.adapters,
      now: () => new Date(),
      newId: () => 'x',
      log: memoryLogger(),
      logger: memoryLogger(),
    });
    const answer = (await incident(
      {
        version: '2.0',
        routeKey: 'GET /v1/incidents/{id}',
        rawPath: '/v1/incidents/inc_01JD0000000000000000000001',
        rawQueryString: '',
        headers: { accept: 'application/json' },
        pathParameters: { id: 'inc_01JD0000000000000000000001' },
        requestContext: {
          requestId: 'req-2',
          routeKey: 'GET /v1/incidents/{id}',
          http: {
            method: 'GET',
            path: '/',
            protocol: 'HTTP/1.1',
            sourceIp: SOC_POINT,
            userAgent: 't',
          },
          authorizer: { lambda: 'context' in result ? result.context : {} },
        },
        isBase64Encoded: false,
      } as never,
      localLambdaContext('get-incident'),
    )) as HttpResult;
    // Authenticated as soc-a: the incident is simply not there (404), not a 401.
    expect(answer.statusCode, answer.body).toBe(404);
  });

  it.each([
    ['no token', undefined],
    ['a token signed by another key', 'other-key'],
    ['an unknown kid', 'unknown-kid'],
    ['a lifetime over an hour', 'long'],
    ['an ID token', 'id-token'],
    ['garbage', 'garbage'],
  ])(
    'refuses %s and counts it toward the party whose connection point sent it',
    async (_label, kind) => {
      const w = await world();
      const bearer =
        kind === undefined
          ? undefined
          : kind === 'garbage'
            ? 'Bearer not.a.jwt'
            : `Bearer ${await token('client-soc-a', 'soc', {
                ...(kind === 'other-key' ? { foreignKey: true } : {}),
                ...(kind === 'unknown-kid' ? { kid: 'not-in-the-set' } : {}),
                ...(kind === 'long' ? { lifetime: 7_200 } : {}),
                ...(kind === 'id-token' ? { tokenUse: 'id' } : {}),
              })}`;
      expect(await w.authorize(bearer)).toEqual({ isAuthorized: false });
      expect((await w.adapters.connections.getConnection('soc-a'))?.authFailures).toBe(1);
    },
  );

  it('blocks the party at authFailureLimit, tells every NCC party, and then refuses even a good token', async () => {
    const w = await world();
    for (let i = 0; i < 3; i += 1)
      await w.authorize(`Bearer ${await token('client-soc-a', 'soc', { foreignKey: true })}`);
    const state = await w.adapters.connections.getConnection('soc-a');
    expect(state?.blocked?.reason).toBe('auth_failures');
    const toNcc = (await w.adapters.deliveries.listDeliveries('ncc-duty', { limit: 10 })).items;
    expect(toNcc.map((d) => d.event)).toContain('connection.blocked');
    expect(await w.authorize(`Bearer ${await token('client-soc-a', 'soc')}`)).toEqual({
      isAuthorized: false,
    });
  });

  it('refuses a good token from an unregistered source and counts nothing', async () => {
    const w = await world();
    expect(await w.authorize(`Bearer ${await token('client-soc-a', 'soc')}`, ELSEWHERE)).toEqual({
      isAuthorized: false,
    });
    expect((await w.adapters.connections.getConnection('soc-a'))?.authFailures ?? 0).toBe(0);
  });

  it('refuses a client that is no party, and a scope of another role', async () => {
    const w = await world();
    expect(await w.authorize(`Bearer ${await token('client-nobody', 'soc')}`)).toEqual({
      isAuthorized: false,
    });
    expect(await w.authorize(`Bearer ${await token('client-soc-a', 'ncc')}`)).toEqual({
      isAuthorized: false,
    });
  });

  it('fails the invocation when the key set cannot be read, counting nothing against the party', async () => {
    const w = await world('http://127.0.0.1:9/pool');
    await expect(w.authorize(`Bearer ${await token('client-soc-a', 'soc')}`)).rejects.toThrow(
      /unavailable/,
    );
    expect((await w.adapters.connections.getConnection('soc-a'))?.authFailures ?? 0).toBe(0);
  });
});

describe('the Lambda authorizer behind CloudFront (EDGE_ORIGIN_SECRET set)', () => {
  const SECRET = 'edge-secret-0123456789abcdefghijklmnopqrstuvwxyz';
  /** A CloudFront edge server: API Gateway's sourceIp for everything the edge forwards. */
  const EDGE = '130.176.11.22';
  const via = (caller: string, secret = SECRET) => ({
    'x-origin-verify': secret,
    'cloudfront-viewer-address': `${caller}:51234`,
  });

  it("admits a party from its connection point as CloudFront recorded it, and hands the caller's address on", async () => {
    const w = await world(issuer, SECRET);
    const result = await w.authorize(
      `Bearer ${await token('client-soc-a', 'soc')}`,
      EDGE,
      via(SOC_POINT),
    );
    expect(result).toMatchObject({
      isAuthorized: true,
      context: { partyId: 'soc-a', callerAddress: SOC_POINT },
    });
  });

  it("counts bad tokens from the party's connection point toward its limit, as without the edge", async () => {
    const w = await world(issuer, SECRET);
    const bad = `Bearer ${await token('client-soc-a', 'soc', { foreignKey: true })}`;
    for (let i = 0; i < 3; i += 1) await w.authorize(bad, EDGE, via(SOC_POINT));
    expect((await w.adapters.connections.getConnection('soc-a'))?.blocked?.reason).toBe(
      'auth_failures',
    );
  });

  it('refuses a request around the edge, even with a good token, and counts nothing', async () => {
    const w = await world(issuer, SECRET);
    const good = `Bearer ${await token('client-soc-a', 'soc')}`;
    const bad = `Bearer ${await token('client-soc-a', 'soc', { foreignKey: true })}`;
    const aroundTheEdge: Array<Record<string, string>> = [
      {},
      via(SOC_POINT, 'wrong'),
      { 'cloudfront-viewer-address': `${SOC_POINT}:51234` },
    ];
    for (const headers of aroundTheEdge)
      for (const bearer of [good, bad])
        expect(await w.authorize(bearer, SOC_POINT, headers)).toEqual({ isAuthorized: false });
    expect((await w.adapters.connections.getConnection('soc-a'))?.authFailures ?? 0).toBe(0);
  });
});
