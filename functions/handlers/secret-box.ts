/**
 * The webhook-secret box a function is configured with (issue #12 item 4): KMS on AWS,
 * the local key file on the embedded stack. Only the registration function and the
 * delivery worker build one, so only their bundles carry the KMS client.
 */
import { createEnvelopeSecretBox } from '../adapters/crypto/envelope-secret-box.js';
import { createLocalKeyWrapping } from '../adapters/crypto/local-key-wrapping.js';
import { createKmsClient, createKmsKeyWrapping } from '../adapters/kms/kms-key-wrapping.js';
import type { SecretBox } from '../core/ports/secret-box.js';
import { ConfigError, type GatewayConfig } from './config.js';

export function secretBoxFor(config: Pick<GatewayConfig, 'webhookSecrets' | 'aws'>): SecretBox {
  const keys = config.webhookSecrets;
  if (keys === undefined)
    throw new ConfigError(
      'Environment variable WEBHOOK_SECRET_KEY_ID (the KMS key for webhook secrets) is required.',
    );
  if ('localKey' in keys) return createEnvelopeSecretBox(createLocalKeyWrapping(keys.localKey));
  return createEnvelopeSecretBox(createKmsKeyWrapping(createKmsClient(config.aws), keys.kmsKeyId));
}
