/**
 * Secrets at rest (issue #12 item 4, п.90-1(10)): a party's webhook HMAC secret is
 * stored once, sealed, and only the functions that must sign with it can open it.
 * On AWS the data key of each sealed secret is wrapped by a KMS key that only the
 * delivery worker may decrypt with; locally by a key file under the data directory.
 */

/** An envelope-encrypted secret as stored (every field base64 but `v` and `kid`). */
export interface SealedSecret {
  /** Format version. */
  v: 1;
  /** The key that wrapped the data key: a KMS key ARN, or `local:<fingerprint>`. */
  kid: string;
  /** The AES-256 data key, wrapped by `kid` (a KMS ciphertext blob on AWS). */
  wrappedKey: string;
  /** AES-256-GCM nonce (12 bytes), ciphertext and tag (16 bytes) of the secret. */
  iv: string;
  ciphertext: string;
  tag: string;
}

export interface SecretBox {
  /**
   * Seals `plaintext` for `context` (the owning party's id): it opens only with the same
   * context, so a sealed secret copied onto another party's record is useless.
   */
  seal(plaintext: string, context: string): Promise<SealedSecret>;
  /** The plaintext; throws when the envelope was altered, moved to another context or its key is unknown. */
  open(sealed: SealedSecret, context: string): Promise<string>;
}

/** The registration path only seals (on AWS: kms:GenerateDataKey, no kms:Decrypt). */
export type SecretSealer = Pick<SecretBox, 'seal'>;
/** The delivery worker only opens. */
export type SecretOpener = Pick<SecretBox, 'open'>;

/** Whether a stored value is a sealed secret (a record may still hold a plaintext one). */
export function isSealedSecret(value: unknown): value is SealedSecret {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === 1 &&
    typeof v.kid === 'string' &&
    typeof v.wrappedKey === 'string' &&
    typeof v.iv === 'string' &&
    typeof v.ciphertext === 'string' &&
    typeof v.tag === 'string'
  );
}
