/**
 * Signs the daily digest of audit chain heads (docs/contract.md §6, as CloudTrail's digest files):
 * a KMS asymmetric key on AWS, a local key file on the embedded stack. The private key
 * never leaves the signer; verification needs only the public key.
 */
export interface AuditSigner {
  /** Identifies the key (KMS key ARN, or the local key's fingerprint), stored with each signature. */
  readonly keyId: string;
  /** The signature algorithm, e.g. `ECDSA_SHA_256`. */
  readonly algorithm: string;
  /** Signs the message bytes (the signer hashes them). */
  sign(message: Uint8Array): Promise<Uint8Array>;
  /** True when `signature` over `message` verifies with the key `keyId` names. */
  verify(message: Uint8Array, signature: Uint8Array, keyId: string): Promise<boolean>;
}
