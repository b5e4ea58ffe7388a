/**
 * The archive as a folder under the local runtime's data dir:
 * - `messages/<sha256>.bin`: the bytes, written once per digest;
 * - `index/<day>.jsonl`: one line per keep — digest, party, direction, media type, time —
 *   appended, never rewritten. It answers "may this party read it", "what type is it" and
 *   "which digests did this day file".
 *
 * A keep costs one new file (only for a new digest) and a share of one append: keeps that
 * arrive together are appended in one write. The previous layout (a `.type` file, a
 * `parties/<sha256>/<party>` file and a `days/<day>/<sha256>` file per keep) cost about
 * fifteen file-system calls per message, a sixth of the embedded gateway's CPU per
 * incident; data dirs written in it are still read.
 *
 * A crash can leave a message file cut short (it is written in place, not renamed), but never
 * confirmed: its index line is appended only after the bytes are written. A later keep of
 * the same digest finds the digest wrong and rewrites the file; until then the daily
 * verifier names it.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  appendFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ArchiveDirection,
  type ArchiveEntry,
  ArchiveUnavailableError,
  type MessageArchive,
} from '../../core/ports/message-archive.js';

const DIGEST = /^[0-9a-f]{64}$/;
const PARTY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INDEX_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** One line of `index/<day>.jsonl`. */
interface IndexLine {
  sha256: string;
  partyId: string;
  direction: ArchiveDirection;
  mediaType: string;
  at: string;
}

/** What the index says of one digest. */
interface Known {
  mediaType: string;
  parties: Set<string>;
}

const isErrno = (error: unknown, code: string) =>
  (error as NodeJS.ErrnoException | undefined)?.code === code;

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function parseLine(text: string): IndexLine | undefined {
  try {
    const line = JSON.parse(text) as Partial<IndexLine>;
    if (typeof line.sha256 !== 'string' || !DIGEST.test(line.sha256)) return undefined;
    if (typeof line.partyId !== 'string' || typeof line.mediaType !== 'string') return undefined;
    return line as IndexLine;
  } catch {
    // A line cut short by a crash: the keep it belonged to was never confirmed.
    return undefined;
  }
}

export function createFolderMessageArchive(root: string): MessageArchive {
  const messagesDir = join(root, 'messages');
  const indexDir = join(root, 'index');
  const messageFile = (sha256: string) => join(messagesDir, `${sha256}.bin`);
  const indexFile = (day: string) => join(indexDir, `${day}.jsonl`);

  // The index as read so far (and as kept by this process): digest → type and parties.
  const known = new Map<string, Known>();
  /** Bytes of each index file already read into `known`. */
  const consumed = new Map<string, number>();
  const learn = (line: IndexLine) => {
    const entry = known.get(line.sha256) ?? { mediaType: line.mediaType, parties: new Set() };
    entry.parties.add(line.partyId);
    known.set(line.sha256, entry);
  };

  /** Reads what other writers (or an earlier run) appended since the last look. */
  async function refresh(): Promise<void> {
    let files: string[];
    try {
      files = (await readdir(indexDir)).filter((f) => INDEX_FILE.test(f));
    } catch {
      return;
    }
    for (const file of files) {
      const path = join(indexDir, file);
      const size = (await stat(path)).size;
      const from = consumed.get(path) ?? 0;
      if (size <= from) continue;
      const text = (await readFile(path)).subarray(from).toString('utf8');
      // Only whole lines: a line still being written is read on the next look.
      const end = text.lastIndexOf('\n') + 1;
      for (const raw of text.slice(0, end).split('\n')) {
        const line = raw.length > 0 ? parseLine(raw) : undefined;
        if (line) learn(line);
      }
      consumed.set(path, from + Buffer.byteLength(text.slice(0, end)));
    }
  }

  // Folders this archive made: made once, not per message. If one is removed under a
  // running gateway, the write fails with ENOENT, the folder is forgotten and made again.
  const made = new Set<string>();
  const folder = async (path: string) => {
    if (made.has(path)) return;
    await mkdir(path, { recursive: true });
    made.add(path);
  };

  /** Writes the bytes unless a whole copy is already there; a cut-short one is replaced. */
  async function writeMessage(entry: ArchiveEntry): Promise<void> {
    await folder(messagesDir);
    const file = messageFile(entry.sha256);
    try {
      await writeFile(file, entry.bytes, { flag: 'wx', mode: 0o600 });
      return;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    if (sha256Of(await readFile(file)) === entry.sha256) return;
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, entry.bytes, { flag: 'wx', mode: 0o600 });
    await rename(temporary, file);
  }

  /**
   * A crash in an earlier run can leave a day file's last line without its end; a line
   * appended straight after it would be read as part of that broken line and lost. The
   * first append of this process to a file checks its last byte and starts a new line if
   * need be (this process's own appends always end theirs).
   */
  const tailChecked = new Set<string>();
  async function lineBreakNeeded(path: string): Promise<string> {
    if (tailChecked.has(path)) return '';
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(path, 'r');
      const { size } = await handle.stat();
      if (size === 0) return '';
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] === 0x0a ? '' : '\n';
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return '';
      throw error;
    } finally {
      await handle?.close();
    }
  }

  // Index lines waiting to be appended, per day file; one append takes all of them.
  const pending = new Map<string, { text: string; settle: Array<(e?: unknown) => void> }>();
  // The append in flight per day file: the next waits for it, so a first append's tail check
  // never reads a file while this process is still writing to it (it would see a line half
  // written and start a needless new line).
  const appending = new Map<string, Promise<void>>();
  function appendLine(entry: ArchiveEntry): Promise<void> {
    const line: IndexLine = {
      sha256: entry.sha256,
      partyId: entry.partyId,
      direction: entry.direction,
      mediaType: entry.mediaType,
      at: entry.at,
    };
    const path = indexFile(entry.at.slice(0, 10));
    return new Promise((resolve, reject) => {
      const batch = pending.get(path);
      const settle = (error?: unknown) => (error === undefined ? resolve() : reject(error));
      if (batch) {
        batch.text += `${JSON.stringify(line)}\n`;
        batch.settle.push(settle);
        return;
      }
      pending.set(path, { text: `${JSON.stringify(line)}\n`, settle: [settle] });
      setImmediate(() => {
        const taken = pending.get(path);
        pending.delete(path);
        if (taken === undefined) return;
        const done = (appending.get(path) ?? Promise.resolve())
          .then(() => folder(indexDir))
          .then(() => lineBreakNeeded(path))
          .then((lead) => appendFile(path, lead + taken.text, { mode: 0o600 }))
          .then(
            () => {
              tailChecked.add(path);
              for (const s of taken.settle) s();
            },
            (error: unknown) => {
              for (const s of taken.settle) s(error);
            },
          );
        appending.set(path, done);
        void done.then(() => {
          if (appending.get(path) === done) appending.delete(path);
        });
      });
    });
  }

  const keepIn = async (entry: ArchiveEntry) => {
    await writeMessage(entry);
    await appendLine(entry);
    learn(entry);
  };

  /** The previous layout's answers, for data dirs written before the index. */
  const legacy = {
    async mayRead(sha256: string, partyId: string) {
      try {
        await stat(join(root, 'parties', sha256, partyId));
        return true;
      } catch {
        return false;
      }
    },
    mediaType: (sha256: string) =>
      readFile(join(messagesDir, `${sha256}.type`), 'utf8').catch(() => undefined),
    digestsOfDay: (day: string) => readdir(join(root, 'days', day)).catch(() => [] as string[]),
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
          if (!isErrno(error, 'ENOENT')) throw error;
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
      if (partyId !== undefined && !PARTY.test(partyId)) return undefined;
      if (!known.has(sha256) || (partyId !== undefined && !known.get(sha256)?.parties.has(partyId)))
        await refresh();
      const entry = known.get(sha256);
      const allowed =
        partyId === undefined ||
        entry?.parties.has(partyId) === true ||
        (await legacy.mayRead(sha256, partyId));
      if (!allowed) return undefined;
      try {
        const bytes = new Uint8Array(await readFile(messageFile(sha256)));
        const mediaType =
          entry?.mediaType ?? (await legacy.mediaType(sha256)) ?? 'application/octet-stream';
        return { sha256, bytes, mediaType };
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return undefined;
        throw new ArchiveUnavailableError(`The local archive could not read ${sha256}.`, {
          cause: error,
        });
      }
    },
    async digestsOfDay(day) {
      if (!DAY.test(day)) return [];
      const digests = new Set(await legacy.digestsOfDay(day));
      const text = await readFile(indexFile(day), 'utf8').catch(() => '');
      for (const raw of text.split('\n')) {
        const line = raw.length > 0 ? parseLine(raw) : undefined;
        if (line) digests.add(line.sha256);
      }
      return [...digests].filter((d) => DIGEST.test(d)).sort();
    },
  };
}
