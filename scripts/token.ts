/**
 * `npm run token -- --party <id> --role <role> [--ttl <seconds>] [--data-dir <dir>]`
 * prints a bearer token signed by the local development key (created if absent),
 * and nothing else, so that `TOKEN=$(npm run -s token -- …)` works.
 */
import { parseArgs } from 'node:util';
import type { Role } from '../functions/core/model/messages.js';
import { loadOrCreateDevKey } from '../functions/local/auth/dev-key.js';
import { DEFAULT_TOKEN_TTL_SECONDS, signLocalToken } from '../functions/local/auth/local-token.js';
import { DEFAULT_DATA_DIR } from '../functions/local/data-dir.js';

const ROLES: readonly Role[] = ['soc', 'ncc', 'owner', 'authority', 'admin'];

const USAGE =
  'Usage: npm run token -- --party <id> --role <soc|ncc|owner|authority|admin> [--ttl <seconds>] [--data-dir <dir>]';

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      party: { type: 'string' },
      role: { type: 'string' },
      ttl: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const { party, role } = values;
  const ttlSeconds = values.ttl === undefined ? DEFAULT_TOKEN_TTL_SECONDS : Number(values.ttl);
  if (party === undefined || party === '' || role === undefined || !isRole(role))
    throw new Error(USAGE);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new Error(`--ttl must be a positive integer.\n${USAGE}`);

  const key = await loadOrCreateDevKey(values['data-dir'] ?? DEFAULT_DATA_DIR);
  process.stdout.write(`${await signLocalToken(key, { partyId: party, role, ttlSeconds })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
