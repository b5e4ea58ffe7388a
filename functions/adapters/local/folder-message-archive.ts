/**
 * The archive as a folder under the local runtime's data dir:
 * `messages/<sha256>.bin` (+ `.type`), `parties/<sha256>/<partyId>`, `days/<day>/<sha256>`.
 * Bytes are written to a temporary file and renamed, so a crash leaves no half message;
 * an existing digest is never rewritten.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ArchiveEntry,
  ArchiveUnavailableError,
  type MessageArchive,
} from '../../core/ports/message-archive.js';

const DIGEST = /^[0-9a-f]{64}$/;
const PARTY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export function createFolderMessageArchive(root: string): MessageArchive {
  const messageFile = (sha256: string) => join(root, 'messages', `${sha256}.bin`);
  // Folders this archive made: `messages/` and one per day are made once, not per message
  // (they were a tenth of the local gateway's CPU per incident). If one is removed under a
  // running gateway, the write fails with ENOENT, the folder is forgotten and made again.
  const made = new Set<string>();
  const folder = async (path: string) => {
    if (made.has(path)) return;
    await mkdir(path, { recursive: true });
    made.add(path);
  };
  const keepIn = async (entry: ArchiveEntry) => {
    const messages = join(root, 'messages');
    await folder(messages);
    const file = messageFile(entry.sha256);
    if (!(await exists(file))) {
      const temporary = `${file}.${randomUUID()}.tmp`;
      await writeFile(temporary, entry.bytes, { flag: 'wx', mode: 0o600 });
      await writeFile(join(messages, `${entry.sha256}.type`), entry.mediaType);
      await rename(temporary, file);
    }
    // One folder per digest (its parties): new for every new message, so made each time.
    await mkdir(join(root, 'parties', entry.sha256), { recursive: true });
    await writeFile(join(root, 'parties', entry.sha256, entry.partyId), entry.direction);
    const day = join(root, 'days', entry.at.slice(0, 10));
    await folder(day);
    await writeFile(join(day, entry.sha256), '');
  };
  return {
    async keep(entry: ArchiveEntry) {
      if (
        !DIGEST.test(entry.sha256) ||
        !PARTY.test(entry.partyId) ||
        !DAY.test(entry.at.slice(0, 10))
      )
        throw new ArchiveUnavailableError('Refusing an archive entry with a malformed key.');
      try {
        try {
          await keepIn(entry);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          // A folder made earlier is gone (a cleaned data dir): make them again, once.
          made.clear();
          await keepIn(entry);
        }
      } catch (cause) {
        throw new ArchiveUnavailableError(`The local archive could not keep ${entry.sha256}.`, {
          cause,
        });
      }
    },
    async read(sha256, partyId) {
      if (!DIGEST.test(sha256)) return undefined;
      if (
        partyId !== undefined &&
        (!PARTY.test(partyId) || !(await exists(join(root, 'parties', sha256, partyId))))
      )
        return undefined;
      try {
        const [bytes, mediaType] = await Promise.all([
          readFile(messageFile(sha256)),
          readFile(join(root, 'messages', `${sha256}.type`), 'utf8').catch(
            () => 'application/octet-stream',
          ),
        ]);
        return { sha256, bytes: new Uint8Array(bytes), mediaType };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new ArchiveUnavailableError(`The local archive could not read ${sha256}.`, {
          cause: error,
        });
      }
    },
    async digestsOfDay(day) {
      if (!DAY.test(day)) return [];
      try {
        return (await readdir(join(root, 'days', day))).filter((f) => DIGEST.test(f)).sort();
      } catch {
        return [];
      }
    },
  };
}
