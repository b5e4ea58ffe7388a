/**
 * The audit log store of the embedded stack: a folder (under `.local/` by default), one
 * file per party and day. On AWS the same files go to an S3 bucket with Object Lock.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { AuditLogStore } from '../../core/use-cases/audit/close-audit-day.js';

export function createFolderAuditLogStore(root: string): AuditLogStore {
  const base = resolve(root);
  return {
    async put(key, body) {
      const path = resolve(join(base, key));
      if (!path.startsWith(base + sep)) throw new Error(`Audit log key escapes the folder: ${key}`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body, { mode: 0o600 });
    },
  };
}
