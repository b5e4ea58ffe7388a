/**
 * The verbatim archive's adapters against one contract (memory, the local folder, and S3
 * on fauxqs, the S3-compatible emulator the test run already starts), and the daily
 * verifier. fauxqs ignores `If-None-Match` and Object Lock, so the S3 adapter's
 * put-if-absent and its error mapping are tested on the SDK's own stack in
 * s3-request-shape.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createFolderMessageArchive } from '../../../functions/adapters/local/folder-message-archive.js';
import { createMemoryMessageArchive } from '../../../functions/adapters/memory/message-archive.js';
import { createS3Client } from '../../../functions/adapters/s3/client.js';
import { createS3MessageArchive } from '../../../functions/adapters/s3/s3-message-archive.js';
import { verifyArchiveDay } from '../../../functions/core/archive/verify-day.js';
import type {
  ArchiveEntry,
  MessageArchive,
} from '../../../functions/core/ports/message-archive.js';
import { sqsEndpoint, TEST_REGION } from '../../support/emulators.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function entry(text: string, partyId = 'soc-alpha', at = '2026-12-02T05:00:00.000Z'): ArchiveEntry {
  // A BOM and CRLF: the archive keeps bytes, not text.
  const bytes = new Uint8Array(Buffer.from(`\uFEFF${text}\r\n`, 'utf8'));
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    mediaType: 'application/json; charset=utf-8',
    partyId,
    direction: 'received',
    at,
  };
}

const adapters: Array<[string, () => Promise<MessageArchive>]> = [
  ['memory', async () => createMemoryMessageArchive()],
  [
    'local folder',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'archive-'));
      dirs.push(dir);
      return createFolderMessageArchive(dir);
    },
  ],
  [
    'S3 (fauxqs)',
    async () => {
      const client = createS3Client({ region: TEST_REGION, endpoint: sqsEndpoint() });
      const bucket = `archive-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return createS3MessageArchive({ client, bucket });
    },
  ],
];

describe.each(adapters)('%s archive', (_name, make) => {
  it('gives back the exact bytes under their digest, to the party that sent them', async () => {
    const archive = await make();
    const e = entry('{"a":1}');
    await archive.keep(e);
    const kept = await archive.read(e.sha256, 'soc-alpha');
    expect(Buffer.from(kept?.bytes ?? []).equals(Buffer.from(e.bytes))).toBe(true);
    expect(kept?.mediaType).toBe(e.mediaType);
  });

  it("hides another party's message, and answers an admin (no party)", async () => {
    const archive = await make();
    const e = entry('{"b":2}');
    await archive.keep(e);
    expect(await archive.read(e.sha256, 'soc-beta')).toBeUndefined();
    expect(await archive.read(e.sha256)).toBeDefined();
    expect(await archive.read('0'.repeat(64))).toBeUndefined();
    expect(await archive.read('../../etc/passwd')).toBeUndefined();
  });

  it('keeps one copy of a digest and lets every party that sent or received it read it', async () => {
    const archive = await make();
    const e = entry('{"c":3}');
    await archive.keep(e);
    await archive.keep({ ...e, partyId: 'owner-energo', direction: 'sent' });
    expect(await archive.read(e.sha256, 'owner-energo')).toBeDefined();
    expect(await archive.read(e.sha256, 'soc-alpha')).toBeDefined();
    expect(await archive.digestsOfDay('2026-12-02')).toEqual([e.sha256]);
  });

  it("files messages by day, and the verifier recomputes a day's digests", async () => {
    const archive = await make();
    const today = [entry('{"d":1}'), entry('{"d":2}')];
    for (const e of today) await archive.keep(e);
    await archive.keep(entry('{"d":3}', 'soc-alpha', '2026-12-03T00:00:00.000Z'));
    const verification = await verifyArchiveDay(archive, '2026-12-02');
    expect(verification).toEqual({ day: '2026-12-02', checked: 2, mismatches: [] });
  });
});

describe('verifier', () => {
  it('names a message whose bytes no longer hash to their digest', async () => {
    const archive = createMemoryMessageArchive();
    const e = entry('{"e":1}');
    await archive.keep(e);
    archive.tamper(e.sha256, new Uint8Array(Buffer.from('{"e":2}')));
    const verification = await verifyArchiveDay(archive, '2026-12-02');
    expect(verification.mismatches).toEqual([
      {
        sha256: e.sha256,
        problem: 'digest_mismatch',
        actual: createHash('sha256').update('{"e":2}').digest('hex'),
      },
    ]);
  });

  it('names a changed file in the local folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    dirs.push(dir);
    const archive = createFolderMessageArchive(dir);
    const e = entry('{"f":1}');
    await archive.keep(e);
    await writeFile(join(dir, 'messages', `${e.sha256}.bin`), 'changed');
    expect((await verifyArchiveDay(archive, '2026-12-02')).mismatches[0]).toMatchObject({
      sha256: e.sha256,
      problem: 'digest_mismatch',
    });
  });
});

describe('local folder archive layout', () => {
  it('still reads a data dir written in the layout before the index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    dirs.push(dir);
    const e = entry('{"old":1}');
    await mkdir(join(dir, 'messages'), { recursive: true });
    await mkdir(join(dir, 'parties', e.sha256), { recursive: true });
    await mkdir(join(dir, 'days', '2026-11-30'), { recursive: true });
    await writeFile(join(dir, 'messages', `${e.sha256}.bin`), e.bytes);
    await writeFile(join(dir, 'messages', `${e.sha256}.type`), 'application/xml');
    await writeFile(join(dir, 'parties', e.sha256, 'soc-alpha'), 'received');
    await writeFile(join(dir, 'days', '2026-11-30', e.sha256), '');
    const archive = createFolderMessageArchive(dir);

    expect((await archive.read(e.sha256, 'soc-alpha'))?.mediaType).toBe('application/xml');
    expect(await archive.read(e.sha256, 'soc-beta')).toBeUndefined();
    expect(await archive.digestsOfDay('2026-11-30')).toEqual([e.sha256]);
  });

  it('answers for what another archive on the same folder kept since it last looked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    dirs.push(dir);
    const reader = createFolderMessageArchive(dir);
    const first = entry('{"seen":1}');
    await createFolderMessageArchive(dir).keep(first);
    expect(await reader.read(first.sha256, 'soc-alpha')).toBeDefined();

    const second = entry('{"seen":2}', 'soc-beta');
    await createFolderMessageArchive(dir).keep(second);
    expect(await reader.read(second.sha256, 'soc-alpha')).toBeUndefined();
    expect((await reader.read(second.sha256, 'soc-beta'))?.bytes).toEqual(second.bytes);
  });

  it('appends keeps that arrive together in one line each, none lost', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    dirs.push(dir);
    const archive = createFolderMessageArchive(dir);
    const many = Array.from({ length: 40 }, (_, i) => entry(`{"n":${i}}`, `soc-${i % 3}`));
    await Promise.all(many.map((e) => archive.keep(e)));

    const lines = (await readFile(join(dir, 'index', '2026-12-02.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    expect(lines).toHaveLength(40);
    expect(await archive.digestsOfDay('2026-12-02')).toEqual(many.map((e) => e.sha256).sort());
    const fresh = createFolderMessageArchive(dir);
    for (const e of many) expect(await fresh.read(e.sha256, e.partyId)).toBeDefined();
  });

  it('loses no keep after a crash cut an index line short: the next line starts on its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    dirs.push(dir);
    await mkdir(join(dir, 'index'), { recursive: true });
    // A crash in the middle of an append: the line has no end.
    await writeFile(join(dir, 'index', '2026-12-02.jsonl'), '{"sha256":"ab');
    const e = entry('{"after":"crash"}');
    await createFolderMessageArchive(dir).keep(e);

    const fresh = createFolderMessageArchive(dir);
    expect((await fresh.read(e.sha256, 'soc-alpha'))?.bytes).toEqual(e.bytes);
    expect(await fresh.digestsOfDay('2026-12-02')).toEqual([e.sha256]);
  });

  it('rewrites a message file a crash cut short when the same digest is kept again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    dirs.push(dir);
    const e = entry('{"cut":1}');
    await mkdir(join(dir, 'messages'), { recursive: true });
    await writeFile(join(dir, 'messages', `${e.sha256}.bin`), e.bytes.subarray(0, 3));
    const archive = createFolderMessageArchive(dir);

    await archive.keep(e);

    expect((await verifyArchiveDay(archive, '2026-12-02')).mismatches).toEqual([]);
    expect((await archive.read(e.sha256, 'soc-alpha'))?.bytes).toEqual(e.bytes);
  });
});

describe('local folder archive failures', () => {
  it('rejects when it cannot write, so the request fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    dirs.push(dir);
    await writeFile(join(dir, 'messages'), 'a file where the folder should be');
    await expect(createFolderMessageArchive(dir).keep(entry('{"g":1}'))).rejects.toThrow(
      /could not keep/,
    );
  });

  it('makes its folders again when the data dir was emptied under it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    dirs.push(dir);
    const archive = createFolderMessageArchive(dir);
    await archive.keep(entry('{"h":1}'));
    await rm(join(dir, 'messages'), { recursive: true });
    await rm(join(dir, 'index'), { recursive: true });

    const second = entry('{"h":2}');
    await archive.keep(second);

    expect((await archive.read(second.sha256, 'soc-alpha'))?.bytes).toEqual(second.bytes);
    expect(await archive.digestsOfDay('2026-12-02')).toEqual([second.sha256]);
  });
});
