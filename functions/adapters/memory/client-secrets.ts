/**
 * Client secrets in memory, for tests: what Cognito keeps of each app client, so a test
 * can see that a reissue leaves exactly one secret, the one it answered with.
 */
import { randomBytes } from 'node:crypto';
import type { ClientSecrets } from '../../core/ports/client-secrets.js';

export interface MemoryClientSecrets extends ClientSecrets {
  /** The secrets that work for the client now (a client never reissued has its first). */
  secretsOf(clientId: string): string[];
}

export function createMemoryClientSecrets(): MemoryClientSecrets {
  const secrets = new Map<string, string[]>();
  const newSecret = () => randomBytes(32).toString('base64url');
  const current = (clientId: string) => {
    const found = secrets.get(clientId) ?? [`initial-${clientId}`];
    secrets.set(clientId, found);
    return found;
  };
  return {
    async replace(clientId) {
      current(clientId);
      const clientSecret = newSecret();
      secrets.set(clientId, [clientSecret]);
      return { clientSecret };
    },
    secretsOf: (clientId) => [...current(clientId)],
  };
}
