/**
 * `npm run smoke -- --url <api> --token-url <cognito token endpoint>` after `cdk deploy`:
 * registers a throw-away SOC, posts a JSON and an XML card, reads them back, lists
 * obligations and cleans up, one line per step; exits 1 if any step failed.
 *
 * On AWS the credentials come from the environment (never the command line):
 * SMOKE_ADMIN_CLIENT_ID / SMOKE_ADMIN_CLIENT_SECRET (an admin app client) and
 * SMOKE_SOC_CLIENT_ID / SMOKE_SOC_CLIENT_SECRET (a SOC app client kept for the smoke
 * check, e.g. `"smoke-soc": "soc"` in cdk.json `parties`). `--token-url local` signs
 * tokens with the local development key instead (`npm start`, `--data-dir`).
 */
import { parseArgs } from 'node:util';
import { SCOPE_PREFIX } from '../functions/handlers/http/middleware/authenticate.js';
import { loadOrCreateDevKey } from '../functions/local/auth/dev-key.js';
import { signLocalToken } from '../functions/local/auth/local-token.js';
import { DEFAULT_DATA_DIR } from '../functions/local/data-dir.js';
import { cognitoToken, runSmoke, type TokenSource } from './smoke/run-smoke.js';

const USAGE =
  'Usage: npm run smoke -- --url <api url> --token-url <cognito token endpoint | local> [--data-dir <dir>]';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set.\n${USAGE}`);
  return value;
}

async function tokenSource(tokenUrl: string, dataDir: string): Promise<TokenSource> {
  if (tokenUrl === 'local') {
    const key = await loadOrCreateDevKey(dataDir);
    return {
      admin: () => signLocalToken(key, { partyId: 'admin', role: 'admin' }),
      soc: async (partyId) => ({
        token: await signLocalToken(key, { partyId, role: 'soc' }),
        clientId: partyId,
      }),
    };
  }
  const admin = [required('SMOKE_ADMIN_CLIENT_ID'), required('SMOKE_ADMIN_CLIENT_SECRET')] as const;
  const soc = [required('SMOKE_SOC_CLIENT_ID'), required('SMOKE_SOC_CLIENT_SECRET')] as const;
  return {
    admin: () => cognitoToken(tokenUrl, ...admin, `${SCOPE_PREFIX}admin`),
    soc: async () => ({
      token: await cognitoToken(tokenUrl, ...soc, `${SCOPE_PREFIX}soc`),
      clientId: soc[0],
    }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'token-url': { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  if (!values.url || !values['token-url']) throw new Error(USAGE);
  const result = await runSmoke({
    url: values.url,
    tokens: await tokenSource(values['token-url'], values['data-dir'] ?? DEFAULT_DATA_DIR),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const failed = result.steps.filter((s) => !s.ok).length;
  process.stdout.write(
    failed === 0
      ? `smoke check passed (${result.steps.length} steps)\n`
      : `smoke check FAILED: ${failed} step(s)\n`,
  );
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
