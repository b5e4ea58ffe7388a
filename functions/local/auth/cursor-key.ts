/**
 * The local runtime's own keys: 32 random bytes each under the git-ignored data
 * directory (mode 0600), created on first use, so they survive a restart — the
 * cursor-sealing secret, and the key that wraps webhook secrets' data keys (the
 * embedded stack's stand-in for the KMS key on AWS, issue #12 item 4).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CURSOR_KEY_FILE = 'cursor-key';
export const WEBHOOK_SECRET_KEY_FILE = 'webhook-secret-key';

function errnoOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Reads `<dataDir>/cursor-key`, creating it when absent. */
export function loadOrCreateCursorKey(dataDir: string): Promise<Uint8Array> {
  return loadOrCreateKeyFile(dataDir, CURSOR_KEY_FILE);
}

/** Reads `<dataDir>/webhook-secret-key` (exactly 32 bytes), creating it when absent. */
export async function loadOrCreateWebhookSecretKey(dataDir: string): Promise<Uint8Array> {
  const key = await loadOrCreateKeyFile(dataDir, WEBHOOK_SECRET_KEY_FILE);
  if (key.byteLength !== 32)
    throw new Error(`${join(dataDir, WEBHOOK_SECRET_KEY_FILE)} must be exactly 32 bytes.`);
  return key;
}

async function loadOrCreateKeyFile(dataDir: string, name: string): Promise<Uint8Array> {
  const path = join(dataDir, name);
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(path, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (errnoOf(error) !== 'EEXIST') throw error;
  }
  const key = await readFile(path);
  if (key.byteLength < 32) throw new Error(`${path} is shorter than 32 bytes; delete it.`);
  return new Uint8Array(key);
}
