/** A webhook-secret box for tests: the local key wrapping under a fixed test key. */
import { createEnvelopeSecretBox } from '../../functions/adapters/crypto/envelope-secret-box.js';
import { createLocalKeyWrapping } from '../../functions/adapters/crypto/local-key-wrapping.js';
import type { SecretBox } from '../../functions/core/ports/secret-box.js';

export const TEST_SECRET_KEY = new Uint8Array(32).fill(42);

export function testSecretBox(key: Uint8Array = TEST_SECRET_KEY): SecretBox {
  return createEnvelopeSecretBox(createLocalKeyWrapping(key));
}
