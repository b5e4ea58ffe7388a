/**
 * Envelope encryption of secrets (the {@link SecretBox} port): each secret gets its own
 * random AES-256 data key, used once with AES-256-GCM (the context as associated data);
 * the data key is stored only wrapped by a key-wrapping key — KMS on AWS
 * (`adapters/kms/kms-key-wrapping.ts`), a local key file on the embedded stack
 * (`local-key-wrapping.ts`). The plaintext data key is dropped after use.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealedSecret, SecretBox } from '../../core/ports/secret-box.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;

/** What wraps data keys: the only part that differs between AWS and the embedded stack. */
export interface KeyWrapping {
  /** The key's id as stored in each envelope (`kid`). */
  readonly keyId: string;
  /** A fresh 32-byte data key, in clear and wrapped, bound to `context`. */
  generateDataKey(context: string): Promise<{ plaintext: Uint8Array; wrapped: Uint8Array }>;
  /** The data key inside `wrapped`; throws when it was wrapped by another key or for another context. */
  unwrap(wrapped: Uint8Array, keyId: string, context: string): Promise<Uint8Array>;
}

/** The associated data every envelope is bound to: format and context. */
function aad(context: string): Buffer {
  return Buffer.from(`ncc-gateway secret v1|${context}`, 'utf8');
}

export function createEnvelopeSecretBox(wrapping: KeyWrapping): SecretBox {
  return {
    async seal(plaintext, context) {
      const { plaintext: dataKey, wrapped } = await wrapping.generateDataKey(context);
      try {
        if (dataKey.byteLength !== DATA_KEY_BYTES) throw new Error('Data key is not 256 bits');
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
        cipher.setAAD(aad(context));
        const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
        return {
          v: 1,
          kid: wrapping.keyId,
          wrappedKey: Buffer.from(wrapped).toString('base64'),
          iv: iv.toString('base64'),
          ciphertext: ciphertext.toString('base64'),
          tag: cipher.getAuthTag().toString('base64'),
        } satisfies SealedSecret;
      } finally {
        dataKey.fill(0);
      }
    },
    async open(sealed, context) {
      if (sealed.v !== 1) throw new Error(`Unknown sealed-secret version ${String(sealed.v)}`);
      const dataKey = await wrapping.unwrap(
        Buffer.from(sealed.wrappedKey, 'base64'),
        sealed.kid,
        context,
      );
      try {
        const iv = Buffer.from(sealed.iv, 'base64');
        const tag = Buffer.from(sealed.tag, 'base64');
        if (iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES)
          throw new Error('Malformed sealed secret');
        const decipher = createDecipheriv('aes-256-gcm', dataKey, iv);
        decipher.setAAD(aad(context));
        decipher.setAuthTag(tag);
        return Buffer.concat([
          decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } finally {
        dataKey.fill(0);
      }
    },
  };
}
