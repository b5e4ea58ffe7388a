/**
 * The local runtime's cursor-sealing secret: 32 random bytes under the git-ignored
 * data directory (mode 0600), created on first use, so cursors survive a restart.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CURSOR_KEY_FILE = 'cursor-key';

function errnoOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Reads `<dataDir>/cursor-key`, creating it when absent. */
export async function loadOrCreateCursorKey(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, CURSOR_KEY_FILE);
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
