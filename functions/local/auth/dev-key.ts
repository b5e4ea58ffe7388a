/**
 * The local development signing key: the stand-in for Cognito's signing keys. One
 * ES256 key pair per data directory, generated on first use and kept as a JWK, so
 * `npm run token` and `npm start` agree on it across restarts.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import { DEFAULT_DATA_DIR } from '../data-dir.js';

/** The only algorithm the local authorizer accepts. */
export const DEV_KEY_ALGORITHM = 'ES256';
export const DEV_KEY_FILE = 'dev-key.json';

export interface DevKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** RFC 7638 thumbprint of the public key, sent as the token's `kid`. */
  kid: string;
}

function isEcPrivateJwk(value: unknown): value is JWK & { x: string; y: string; d: string } {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return (
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string' &&
    typeof jwk.d === 'string'
  );
}

async function fromJwk(jwk: JWK & { x: string; y: string; d: string }): Promise<DevKey> {
  const publicJwk: JWK = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  const [privateKey, publicKey, kid] = await Promise.all([
    importJWK(jwk, DEV_KEY_ALGORITHM),
    importJWK(publicJwk, DEV_KEY_ALGORITHM),
    calculateJwkThumbprint(publicJwk),
  ]);
  // importJWK returns bytes only for symmetric ("oct") keys, never for EC.
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) {
    throw new Error('An EC JWK imported as raw bytes');
  }
  return { privateKey, publicKey, kid };
}

async function readKeyFile(path: string): Promise<DevKey> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!isEcPrivateJwk(parsed)) {
    throw new Error(
      `${path} is not a P-256 private JWK; delete it to generate a new development key.`,
    );
  }
  return fromJwk(parsed);
}

function errnoOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * Writes a new key unless one appeared meanwhile. The JWK goes to a private temp
 * file first and is then hard-linked into place: link() never replaces, so when
 * `npm start` and `npm run token` race, both end up with the one key that won and
 * nobody ever reads a half-written file.
 */
async function createKeyFile(dataDir: string, path: string): Promise<void> {
  const { privateKey } = await generateKeyPair(DEV_KEY_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const temporary = join(dataDir, `.${DEV_KEY_FILE}.${randomUUID()}`);
  await writeFile(temporary, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if (errnoOf(error) !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
}

/** Loads `<dataDir>/dev-key.json`, creating the directory and the key (mode 0600) on first use. */
export async function loadOrCreateDevKey(dataDir: string = DEFAULT_DATA_DIR): Promise<DevKey> {
  const path = join(dataDir, DEV_KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    return await readKeyFile(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
  }
  await createKeyFile(dataDir, path);
  return readKeyFile(path);
}
