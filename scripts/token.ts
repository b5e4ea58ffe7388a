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

const HELP = `${USAGE}

Prints a bearer token for the local gateway (npm start), signed by the local
development key (created under .local/ on first use), and nothing else:
  TOKEN=$(npm run -s token -- --party soc-alpha --role soc)

  --party     the registered party the token acts as
  --role      soc, ncc, owner, authority or admin
  --ttl       lifetime in seconds (default ${DEFAULT_TOKEN_TTL_SECONDS})
  --data-dir  where the development key lives (default ${DEFAULT_DATA_DIR})
  --help, -h  this text`;

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
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
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
