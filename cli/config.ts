/**
 * Where the command line finds its gateway and credentials: environment variables
 * first, then the named profile of a JSON profile file, e.g.
 *
 *   ~/.config/ncc-gw/profiles.json
 *   { "default": { "url": "https://gw.example.kz", "clientId": "…", "clientSecret": "…",
 *                  "tokenUrl": "https://auth.example.kz/oauth2/token" },
 *     "local":   { "url": "http://127.0.0.1:3000", "party": "soc-alpha", "role": "soc" } }
 *
 * | variable               | profile key    | meaning                                        |
 * | ---------------------- | -------------- | ---------------------------------------------- |
 * | NCC_GW_PROFILE         | —              | profile name (default `default`)               |
 * | NCC_GW_CONFIG          | —              | profile file (default ~/.config/ncc-gw/profiles.json) |
 * | NCC_GW_URL             | url            | the gateway                                    |
 * | NCC_GW_TOKEN           | —              | a bearer token to use as is                    |
 * | NCC_GW_TOKEN_URL       | tokenUrl       | OAuth2 token endpoint (Cognito)                |
 * | NCC_GW_CLIENT_ID       | clientId       | OAuth2 client id                               |
 * | NCC_GW_CLIENT_SECRET   | clientSecret   | OAuth2 client secret                           |
 * | NCC_GW_SCOPE           | scope          | scope to ask for (e.g. `ncc-gateway/soc`)      |
 * | NCC_GW_PARTY           | party          | local gateway: the party to sign a token for   |
 * | NCC_GW_ROLE            | role           | local gateway: its role                        |
 * | NCC_GW_DATA_DIR        | dataDir        | local gateway: folder of the development key   |
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CliConfig {
  profile: string;
  profileFile: string;
  url?: string;
  token?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  party?: string;
  role?: string;
  dataDir?: string;
}

const KEYS = [
  ['url', 'NCC_GW_URL'],
  ['token', 'NCC_GW_TOKEN'],
  ['tokenUrl', 'NCC_GW_TOKEN_URL'],
  ['clientId', 'NCC_GW_CLIENT_ID'],
  ['clientSecret', 'NCC_GW_CLIENT_SECRET'],
  ['scope', 'NCC_GW_SCOPE'],
  ['party', 'NCC_GW_PARTY'],
  ['role', 'NCC_GW_ROLE'],
  ['dataDir', 'NCC_GW_DATA_DIR'],
] as const;

function readProfiles(file: string): Record<string, Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object'
      ? (parsed as Record<string, Record<string, unknown>>)
      : {};
  } catch {
    return {};
  }
}

export function loadConfig(env: NodeJS.ProcessEnv, profileName?: string): CliConfig {
  const profile = profileName ?? env.NCC_GW_PROFILE ?? 'default';
  const profileFile = env.NCC_GW_CONFIG ?? join(homedir(), '.config', 'ncc-gw', 'profiles.json');
  const fromFile = readProfiles(profileFile)[profile] ?? {};
  const config: CliConfig = { profile, profileFile };
  for (const [key, variable] of KEYS) {
    const value = env[variable] ?? fromFile[key];
    if (typeof value === 'string' && value !== '') config[key] = value;
  }
  if (config.url) config.url = config.url.replace(/\/+$/, '');
  return config;
}
