/**
 * Data keys wrapped by a local key (the embedded stack's stand-in for KMS): AES-256-GCM
 * under a 32-byte key-encryption key read from a file in the git-ignored data directory
 * (`functions/local/auth/key-files.ts`), the context as associated data.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { KeyWrapping } from './envelope-secret-box.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

function aad(context: string): Buffer {
  return Buffer.from(`ncc-gateway data key v1|${context}`, 'utf8');
}

/** The key's id: a fingerprint, so an envelope names the key file it needs without revealing it. */
export function localKeyId(kek: Uint8Array): string {
  return `local:${createHash('sha256').update(kek).digest('hex').slice(0, 16)}`;
}

export function createLocalKeyWrapping(kek: Uint8Array): KeyWrapping {
  if (kek.byteLength !== 32) throw new RangeError('The local key-encryption key must be 32 bytes');
  const key = Buffer.from(kek);
  const keyId = localKeyId(kek);
  return {
    keyId,
    async generateDataKey(context) {
      const plaintext = randomBytes(32);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return {
        plaintext: new Uint8Array(plaintext),
        wrapped: new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()])),
      };
    },
    async unwrap(wrapped, wrappedBy, context) {
      if (wrappedBy !== keyId)
        throw new Error(`The data key was wrapped by ${wrappedBy}, not by this key (${keyId})`);
      const bytes = Buffer.from(wrapped);
      if (bytes.byteLength !== IV_BYTES + 32 + TAG_BYTES) throw new Error('Malformed wrapped key');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(aad(context));
      decipher.setAuthTag(bytes.subarray(IV_BYTES + 32));
      const body = bytes.subarray(IV_BYTES, IV_BYTES + 32);
      return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
    },
  };
}
