import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../functions/core/errors.js';
import { problemOf } from '../../functions/core/problem/problem-details.js';
import { type DevKey, loadOrCreateDevKey } from '../../functions/local/auth/dev-key.js';
import { verifyBearer } from '../../functions/local/auth/local-authorizer.js';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  signLocalToken,
} from '../../functions/local/auth/local-token.js';

let dataDir: string;
let key: DevKey;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ncc-dev-key-'));
  key = await loadOrCreateDevKey(dataDir);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);
const claims = () => ({
  iss: LOCAL_ISSUER,
  aud: LOCAL_AUDIENCE,
  sub: 'soc-alpha',
  client_id: 'soc-alpha',
  scope: 'ncc-gateway/soc',
  iat: nowSeconds(),
  nbf: nowSeconds(),
  exp: nowSeconds() + 600,
});

/** The code and status a header is refused with. */
async function refusal(header: string | undefined): Promise<{ code: string; status: number }> {
  const error = await verifyBearer(header, key).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return { code: (error as AuthenticationError).code, status: problemOf(error).problem.status };
}

describe('dev key', () => {
  it('is created once, as a private (0600) P-256 JWK, and reused', async () => {
    // Act
    const again = await loadOrCreateDevKey(dataDir);
    const file = join(dataDir, 'dev-key.json');

    // Assert
    expect(again.kid).toBe(key.kid);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ kty: 'EC', crv: 'P-256' });
  });

  it('ends with one key when several processes create it at once', async () => {
    // Arrange
    const dir = await mkdtemp(join(tmpdir(), 'ncc-dev-key-race-'));

    // Act
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateDevKey(dir)));
    await rm(dir, { recursive: true, force: true });

    // Assert
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
  });
});

describe('verifyBearer', () => {
  it('accepts a token from signLocalToken and returns its claims', async () => {
    // Arrange
    const token = await signLocalToken(key, { partyId: 'soc-alpha', role: 'soc' });

    // Act
    const payload = await verifyBearer(`Bearer ${token}`, key);

    // Assert
    expect(payload).toMatchObject({
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      sub: 'soc-alpha',
      client_id: 'soc-alpha',
      scope: 'ncc-gateway/soc',
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
  });

  it('accepts a token whose clock is 30 s ahead (within the 60 s skew)', async () => {
    // Arrange
    const token = await signLocalToken(key, {
      partyId: 'soc-alpha',
      role: 'soc',
      now: new Date(Date.now() + 30_000),
    });

    // Act / Assert
    await expect(verifyBearer(`Bearer ${token}`, key)).resolves.toMatchObject({
      sub: 'soc-alpha',
    });
  });

  it('accepts a token that expired 30 s ago (within the 60 s skew)', async () => {
    // Arrange
    const token = await signLocalToken(key, {
      partyId: 'soc-alpha',
      role: 'soc',
      ttlSeconds: 60,
      now: new Date(Date.now() - 90_000),
    });

    // Act / Assert
    await expect(verifyBearer(`Bearer ${token}`, key)).resolves.toMatchObject({
      sub: 'soc-alpha',
    });
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
    ['a bare "Bearer"', 'Bearer '],
  ])('refuses %s with missing_credentials (401)', async (_case, header) => {
    expect(await refusal(header)).toEqual({ code: 'missing_credentials', status: 401 });
  });

  it('refuses a token expired beyond the 60 s skew with token_expired', async () => {
    // Arrange: expired 120 s ago
    const token = await signLocalToken(key, {
      partyId: 'soc-alpha',
      role: 'soc',
      ttlSeconds: 60,
      now: new Date(Date.now() - 180_000),
    });

    // Act / Assert
    expect(await refusal(`Bearer ${token}`)).toEqual({ code: 'token_expired', status: 401 });
  });

  it('refuses a token not valid for another 5 minutes with token_not_yet_valid', async () => {
    const token = await signLocalToken(key, {
      partyId: 'soc-alpha',
      role: 'soc',
      now: new Date(Date.now() + 300_000),
    });

    expect(await refusal(`Bearer ${token}`)).toEqual({ code: 'token_not_yet_valid', status: 401 });
  });

  it('refuses a token signed by another ES256 key (forged signature) with token_invalid', async () => {
    // Arrange
    const other = await generateKeyPair('ES256');
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .sign(other.privateKey);

    // Act / Assert
    expect(await refusal(`Bearer ${token}`)).toEqual({ code: 'token_invalid', status: 401 });
  });

  it('refuses alg "none" (no signature) with token_invalid', async () => {
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`;

    expect(await refusal(`Bearer ${token}`)).toEqual({ code: 'token_invalid', status: 401 });
  });

  it('refuses HS256 keyed with the public key material with token_invalid', async () => {
    // Arrange: the classic key-confusion forgery, HMAC with the PEM anyone can read
    const pem = await exportSPKI(key.publicKey);
    const signingInput = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims())}`;
    const signature = createHmac('sha256', pem).update(signingInput).digest('base64url');

    // Act / Assert
    expect(await refusal(`Bearer ${signingInput}.${signature}`)).toEqual({
      code: 'token_invalid',
      status: 401,
    });
  });

  it('refuses garbage with token_invalid', async () => {
    expect(await refusal('Bearer not-a-jwt')).toEqual({ code: 'token_invalid', status: 401 });
  });

  it('refuses a token without exp with token_invalid', async () => {
    const { exp: _dropped, ...rest } = claims();
    const token = await new SignJWT(rest)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .sign(key.privateKey);

    expect(await refusal(`Bearer ${token}`)).toEqual({ code: 'token_invalid', status: 401 });
  });

  it('refuses a token for another audience with wrong_audience', async () => {
    const token = await new SignJWT({ ...claims(), aud: 'someone-else' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .sign(key.privateKey);

    expect(await refusal(`Bearer ${token}`)).toEqual({ code: 'wrong_audience', status: 401 });
  });

  it('refuses a token from another issuer with wrong_issuer', async () => {
    const token = await new SignJWT({ ...claims(), iss: 'https://cognito-idp.example' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .sign(key.privateKey);

    expect(await refusal(`Bearer ${token}`)).toEqual({ code: 'wrong_issuer', status: 401 });
  });
});
