/**
 * The one set of bearer-token rules (issue #12 item 6): a maximum lifetime, no `iat`
 * in the future beyond the skew, and only the configured key's `kid`.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkTokenTimes,
  type TokenRules,
  verifyAccessToken,
} from '../../../functions/core/auth/verify-access-token.js';
import { AuthenticationError } from '../../../functions/core/errors.js';
import { problemOf } from '../../../functions/core/problem/problem-details.js';

const NOW = new Date('2026-11-21T06:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const RULES: TokenRules = { issuer: 'issuer-x', audience: 'ncc-gateway', algorithms: ['ES256'] };

let key: Awaited<ReturnType<typeof generateKeyPair>>;
let other: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  key = await generateKeyPair('ES256');
  other = await generateKeyPair('ES256');
});

function sign(claims: JWTPayload, header: { kid?: string } = { kid: 'key-1' }, signer = key) {
  return new SignJWT({ iss: 'issuer-x', aud: 'ncc-gateway', sub: 'soc-alpha', ...claims })
    .setProtectedHeader({ alg: 'ES256', ...header })
    .sign(signer.privateKey);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return { code: (error as AuthenticationError).code, status: problemOf(error).problem.status };
}

const verify = (token: string, rules: TokenRules = RULES) =>
  verifyAccessToken(token, { kid: 'key-1', key: key.publicKey }, rules, NOW);

describe('verifyAccessToken', () => {
  it('accepts a one-hour token from the configured key', async () => {
    const token = await sign({ iat: NOW_S - 60, exp: NOW_S + 3_540 });

    await expect(verify(token)).resolves.toMatchObject({ sub: 'soc-alpha' });
  });

  it('refuses a token living longer than one hour, even while unexpired', async () => {
    const token = await sign({ iat: NOW_S - 60, exp: NOW_S + 24 * 3_600 });

    expect(await refusal(verify(token))).toEqual({ code: 'token_lifetime_too_long', status: 401 });
  });

  it('takes the maximum lifetime from configuration', async () => {
    const token = await sign({ iat: NOW_S - 60, exp: NOW_S + 7_000 });

    await expect(verify(token, { ...RULES, maxLifetimeSeconds: 7_200 })).resolves.toBeDefined();
    expect(await refusal(verify(token))).toMatchObject({ code: 'token_lifetime_too_long' });
  });

  it('refuses iat in the future beyond the 60 s skew, and accepts it within', async () => {
    const ahead = await sign({ iat: NOW_S + 300, exp: NOW_S + 900 });
    const slightlyAhead = await sign({ iat: NOW_S + 30, exp: NOW_S + 900 });

    expect(await refusal(verify(ahead))).toEqual({ code: 'token_not_yet_valid', status: 401 });
    await expect(verify(slightlyAhead)).resolves.toBeDefined();
  });

  it('refuses a token without iat', async () => {
    const token = await sign({ exp: NOW_S + 600 });

    expect(await refusal(verify(token))).toEqual({ code: 'token_invalid', status: 401 });
  });

  it.each([
    ['another kid', { kid: 'key-2' }],
    ['no kid', {}],
  ])('refuses %s, even when the signature would verify', async (_case, header) => {
    const token = await sign({ iat: NOW_S, exp: NOW_S + 600 }, header);

    expect(await refusal(verify(token))).toEqual({ code: 'token_unknown_key', status: 401 });
  });

  it('refuses a kid outside a key set (the Cognito JWKS path)', async () => {
    const jwks = createLocalJWKSet({
      keys: [{ ...(await exportJWK(key.publicKey)), kid: 'key-1', alg: 'ES256' }],
    });
    const known = await sign({ iat: NOW_S, exp: NOW_S + 600 });
    const unknown = await sign({ iat: NOW_S, exp: NOW_S + 600 }, { kid: 'key-9' }, other);

    await expect(verifyAccessToken(known, jwks, RULES, NOW)).resolves.toBeDefined();
    expect(await refusal(verifyAccessToken(unknown, jwks, RULES, NOW))).toEqual({
      code: 'token_unknown_key',
      status: 401,
    });
  });

  it('never puts the token in the refusal', async () => {
    const token = await sign({ iat: NOW_S - 60, exp: NOW_S + 24 * 3_600 });

    const error = await verify(token).catch((e: unknown) => e);

    expect(JSON.stringify(problemOf(error).problem)).not.toContain(token.split('.')[1]);
  });
});

describe('checkTokenTimes (claims already verified by API Gateway, as strings)', () => {
  it('refuses a 24 h Cognito token and a future iat; accepts a 1 h one', () => {
    const times = (iat: number, exp: number) => ({ iat: String(iat), exp: String(exp) });

    expect(() => checkTokenTimes(times(NOW_S, NOW_S + 86_400), {}, NOW)).toThrow(
      expect.objectContaining({ code: 'token_lifetime_too_long' }),
    );
    expect(() => checkTokenTimes(times(NOW_S + 600, NOW_S + 1_200), {}, NOW)).toThrow(
      expect.objectContaining({ code: 'token_not_yet_valid' }),
    );
    expect(() => checkTokenTimes(times(NOW_S, NOW_S + 3_600), {}, NOW)).not.toThrow();
  });
});
