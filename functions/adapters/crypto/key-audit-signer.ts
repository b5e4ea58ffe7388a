/**
 * The audit digest signer of the embedded stack: an ECDSA P-256 key held in a file
 * (the stand-in for the KMS asymmetric key used on AWS). Signatures are DER-encoded
 * ECDSA_SHA_256, the same form KMS returns, so one verifier reads both.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditSigner } from '../../core/ports/audit-signer.js';

export const AUDIT_SIGNING_ALGORITHM = 'ECDSA_SHA_256';
export const AUDIT_KEY_FILE = 'audit-signing-key.pem';

/** `local:<sha256 of the public key's DER, first 16 hex>` — stable across restarts. */
function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `local:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

/** A signer over one private key (PEM, PKCS#8). */
export function createKeyAuditSigner(privateKeyPem: string): AuditSigner {
  const privateKey = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    algorithm: AUDIT_SIGNING_ALGORITHM,
    sign: async (message) => new Uint8Array(sign('sha256', message, privateKey)),
    verify: async (message, signature, signedWith) =>
      signedWith === keyId && verify('sha256', message, publicKey, signature),
  };
}

/** A fresh P-256 private key as PKCS#8 PEM. */
export function generateAuditSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Loads `<dataDir>/audit-signing-key.pem`, creating it (mode 0600) on first use. */
export async function loadOrCreateAuditSigner(dataDir: string): Promise<AuditSigner> {
  const path = join(dataDir, AUDIT_KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    return createKeyAuditSigner(await readFile(path, 'utf8'));
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  try {
    await writeFile(path, generateAuditSigningKeyPem(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
  return createKeyAuditSigner(await readFile(path, 'utf8'));
}
