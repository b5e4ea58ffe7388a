/**
 * The audit digest signer on AWS (docs/contract.md §6, issue #9 item 5): a KMS asymmetric
 * key (ECC_NIST_P256, SIGN_VERIFY) whose private half never leaves KMS, as CloudTrail signs
 * its digest files. KMS returns DER-encoded ECDSA_SHA_256 signatures, the form the local
 * key file's signer writes (functions/adapters/crypto/key-audit-signer.ts), so one digest
 * chain verifies with either.
 *
 * Two sides, so a function bundles and is granted only its own: the daily job signs
 * (kms:Sign, nothing else); the verifier (`GET /v1/audit/verify`) reads the public key once
 * (kms:GetPublicKey) and checks signatures itself, so a verification needs no KMS call per
 * digest and no right to sign.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { AuditSigner } from '../../core/ports/audit-signer.js';
import type { AwsClientConfig } from '../aws-client-options.js';
import { createKmsClient } from './kms-key-wrapping.js';

export const KMS_AUDIT_SIGNING_ALGORITHM = 'ECDSA_SHA_256';

export interface KmsAuditSignerOptions {
  kms: Pick<KMSClient, 'send'>;
  /** The signing key's ARN: stored with each signature as its `keyId`. */
  keyId: string;
}

function refuse(side: string): () => Promise<never> {
  return () => Promise.reject(new Error(`This function's audit key is wired to ${side} only.`));
}

/** Signs with the KMS key (the daily audit job). */
export function createKmsAuditSigner({ kms, keyId }: KmsAuditSignerOptions): AuditSigner {
  return {
    keyId,
    algorithm: KMS_AUDIT_SIGNING_ALGORITHM,
    async sign(message) {
      const out = await kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: message,
          MessageType: 'RAW',
          SigningAlgorithm: KMS_AUDIT_SIGNING_ALGORITHM,
        }),
      );
      if (!out.Signature) throw new Error('KMS Sign returned no signature');
      return out.Signature;
    },
    verify: refuse('sign'),
  };
}

/** Verifies with the KMS key's public half, fetched once per process (the verifier). */
export function createKmsAuditVerifier({ kms, keyId }: KmsAuditSignerOptions): AuditSigner {
  let publicKey: Promise<KeyObject> | undefined;
  const load = async () => {
    const out = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
    if (!out.PublicKey) throw new Error('KMS GetPublicKey returned no key');
    return createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' });
  };
  return {
    keyId,
    algorithm: KMS_AUDIT_SIGNING_ALGORITHM,
    sign: refuse('verify'),
    async verify(message, signature, signedWith) {
      // A digest signed with another key (the local key, an older KMS key) does not verify here.
      if (signedWith !== keyId) return false;
      publicKey ??= load().catch((error: unknown) => {
        publicKey = undefined;
        throw error;
      });
      return verify('sha256', message, await publicKey, signature);
    },
  };
}

/** The part of the gateway's configuration these read. */
export interface KmsAuditSettings {
  aws: AwsClientConfig;
  serviceEndpoints?: { kms?: string };
  /** AUDIT_SIGNING_KEY_ID: set only on the audit job and the verifier. */
  auditSigning?: { kmsKeyId: string };
}

function optionsOf(settings: KmsAuditSettings): KmsAuditSignerOptions {
  const keyId = settings.auditSigning?.kmsKeyId;
  if (keyId === undefined)
    throw new Error('AUDIT_SIGNING_KEY_ID is required to wire the audit key.');
  const endpoint = settings.serviceEndpoints?.kms;
  return {
    kms: createKmsClient(endpoint === undefined ? settings.aws : { ...settings.aws, endpoint }),
    keyId,
  };
}

/** Lambda wiring of the daily audit job: Sign only. */
export function kmsAuditSigner(settings: KmsAuditSettings): AuditSigner {
  return createKmsAuditSigner(optionsOf(settings));
}

/** Lambda wiring of `GET /v1/audit/verify`: GetPublicKey only. */
export function kmsAuditVerifier(settings: KmsAuditSettings): AuditSigner {
  return createKmsAuditVerifier(optionsOf(settings));
}
