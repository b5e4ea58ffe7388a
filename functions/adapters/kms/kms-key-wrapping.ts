/**
 * Data keys from AWS KMS (issue #12 item 4): GenerateDataKey under the webhook-secret
 * key, and Decrypt of the wrapped key, both with the party as encryption context — so
 * CloudTrail names the party of every decryption, and a wrapped key moved to another
 * party's record does not decrypt. Only the delivery worker's role may call Decrypt on
 * this key; the registration function may only generate data keys (cdk/grants.ts).
 */
import {
  DecryptCommand,
  type DecryptCommandOutput,
  GenerateDataKeyCommand,
  type GenerateDataKeyCommandOutput,
  KMSClient,
} from '@aws-sdk/client-kms';
import {
  type AwsClientConfig,
  sharedClientOptions,
  withoutSdkLogging,
} from '../aws-client-options.js';
import type { KeyWrapping } from '../crypto/envelope-secret-box.js';

/** The part of the KMS client this adapter uses (a fake in unit tests: KMS has no emulator here). */
export interface KmsSender {
  send(command: GenerateDataKeyCommand): Promise<GenerateDataKeyCommandOutput>;
  send(command: DecryptCommand): Promise<DecryptCommandOutput>;
}

/** The encryption context of a party's webhook secret. */
export function webhookSecretContext(party: string): Record<string, string> {
  return { purpose: 'webhook-secret', party };
}

export function createKmsClient(config: AwsClientConfig): KMSClient {
  return withoutSdkLogging(new KMSClient(sharedClientOptions(config)));
}

/** Wraps data keys with the KMS key `keyId` (an ARN, stored in each envelope). */
export function createKmsKeyWrapping(kms: KmsSender, keyId: string): KeyWrapping {
  return {
    keyId,
    async generateDataKey(context) {
      const out = await kms.send(
        new GenerateDataKeyCommand({
          KeyId: keyId,
          KeySpec: 'AES_256',
          EncryptionContext: webhookSecretContext(context),
        }),
      );
      if (!out.Plaintext || !out.CiphertextBlob)
        throw new Error('KMS GenerateDataKey returned no key');
      return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
    },
    async unwrap(wrapped, wrappedBy, context) {
      const out = await kms.send(
        new DecryptCommand({
          CiphertextBlob: wrapped,
          // Naming the key makes KMS refuse a blob wrapped by any other key.
          KeyId: wrappedBy,
          EncryptionContext: webhookSecretContext(context),
        }),
      );
      if (!out.Plaintext) throw new Error('KMS Decrypt returned no key');
      return out.Plaintext;
    },
  };
}
