/**
 * `npm run loadtest -- --url <api> --token-url <cognito token endpoint | local>
 *   [--duration 60] [--connections 8] [--socs 41] [--notice-every 10] [--data-dir <dir>]`
 *
 * The commissioning load test (docs/loadtest.md): 41 SOCs posting incidents, the NCC's
 * notice bursts to all of them and the compliance report read under that load, one line
 * per stream and a PASS/FAIL line per target; exit 1 when a target is missed.
 *
 * - `--token-url local` (the embedded stack, `npm start`): registers `load-soc-01` … and
 *   `load-ncc` as the seeded admin and signs their tokens with the development key.
 * - On AWS, the parties must exist with app clients; their credentials come from the
 *   environment, never the command line: LOADTEST_SOC_CLIENTS (`id:secret,id:secret,…`,
 *   each a registered SOC's app client) and LOADTEST_NCC_CLIENT_ID / _SECRET.
 */
import { parseArgs } from 'node:util';
import { SCOPE_PREFIX } from '../functions/handlers/http/middleware/authenticate.js';
import { loadOrCreateDevKey } from '../functions/local/auth/dev-key.js';
import { signLocalToken } from '../functions/local/auth/local-token.js';
import { DEFAULT_DATA_DIR } from '../functions/local/data-dir.js';
import { type LoadProfile, registerLoadProfile, runLoadtest } from './load/run-loadtest.js';
import { cognitoToken } from './smoke/run-smoke.js';

const USAGE = `Usage: npm run loadtest -- --url <api url> --token-url <cognito token endpoint | local>
       [--duration <s>] [--connections <n>] [--socs <n>] [--notice-every <s>] [--data-dir <dir>]`;

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a whole number ≥ 1.\n${USAGE}`);
  return n;
}

/** Registers the profile's parties on the embedded stack and signs their tokens. */
async function localProfile(url: string, dataDir: string, socCount: number): Promise<LoadProfile> {
  const key = await loadOrCreateDevKey(dataDir);
  const admin = await signLocalToken(key, { partyId: 'admin', role: 'admin' });
  return registerLoadProfile(socCount, {
    async register(id, body) {
      const response = await fetch(`${url}/v1/parties/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify(body),
      });
      if (response.status !== 200 && response.status !== 201)
        throw new Error(`registering ${id}: ${response.status} ${await response.text()}`);
    },
    tokenFor: (partyId, role) => signLocalToken(key, { partyId, role }),
  });
}

/** The profile's parties on AWS, from their app clients' credentials in the environment. */
async function cognitoProfile(tokenUrl: string): Promise<LoadProfile> {
  const pairs = (process.env.LOADTEST_SOC_CLIENTS ?? '').split(',').filter(Boolean);
  const nccId = process.env.LOADTEST_NCC_CLIENT_ID;
  const nccSecret = process.env.LOADTEST_NCC_CLIENT_SECRET;
  if (pairs.length === 0 || !nccId || !nccSecret)
    throw new Error(`Set LOADTEST_SOC_CLIENTS and LOADTEST_NCC_CLIENT_ID / _SECRET.\n${USAGE}`);
  const socs = [];
  for (const pair of pairs) {
    const [id = '', secret = ''] = pair.split(':');
    socs.push({
      partyId: id,
      token: await cognitoToken(tokenUrl, id, secret, `${SCOPE_PREFIX}soc`),
    });
  }
  return {
    socs,
    ncc: {
      partyId: nccId,
      token: await cognitoToken(tokenUrl, nccId, nccSecret, `${SCOPE_PREFIX}ncc`),
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'token-url': { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      socs: { type: 'string' },
      'notice-every': { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  if (!values.url || !values['token-url']) throw new Error(USAGE);
  const url = values.url.replace(/\/+$/, '');
  const socCount = positive(values.socs, 'socs', 41);
  const profile =
    values['token-url'] === 'local'
      ? await localProfile(url, values['data-dir'] ?? DEFAULT_DATA_DIR, socCount)
      : await cognitoProfile(values['token-url']);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`load test: ${profile.socs.length} SOCs, ${url}`);
  const result = await runLoadtest({
    url,
    profile,
    durationSeconds: positive(values.duration, 'duration', 60),
    connections: positive(values.connections, 'connections', 8),
    noticeEverySeconds: positive(values['notice-every'], 'notice-every', 10),
    log,
  });
  log(result.ok ? 'load test passed' : 'load test FAILED');
  if (!result.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
