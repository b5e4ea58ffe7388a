/**
 * The verbatim archive over real HTTP (issue #15 item 2): the bytes a SOC posted come
 * back byte for byte under the receipt's digest, to it and to an admin; another party
 * gets 404; and when the archive cannot keep the bytes the request is 503 with nothing
 * written.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import { completeCard, partyBody } from '../support/messages.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.registerParty('owner-energo', partyBody('owner'));
  await gateway.registerParty('soc-alpha', partyBody('soc'));
  await gateway.registerParty('soc-beta', partyBody('soc'));
});

afterAll(async () => {
  await gateway?.stop();
});

async function raw(path: string, token: string) {
  const response = await fetch(new URL(path, gateway.url), {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), response };
}

describe('GET /v1/messages/{sha256}', () => {
  it('returns the exact bytes received to the sender and to an admin, and 404 to another party', async () => {
    const soc = client(gateway.url, await gateway.token('soc-alpha', 'soc'));
    // Odd spacing and a trailing newline: what comes back must be these bytes, not a re-rendering.
    const body = `${JSON.stringify(completeCard(), null, 3)}\n`;
    const created = await soc.post('/v1/incidents', body, { contentType: 'application/json' });
    expect(created.status).toBe(201);
    const { sha256 } = created.json<{ sha256: string }>();
    expect(sha256).toBe(createHash('sha256').update(body).digest('hex'));

    const mine = await raw(`/v1/messages/${sha256}`, await gateway.token('soc-alpha', 'soc'));
    expect(mine.status).toBe(200);
    expect(mine.bytes.equals(Buffer.from(body))).toBe(true);
    expect(mine.response.headers.get('content-type')).toMatch(/^application\/json/);

    const admin = await raw(`/v1/messages/${sha256}`, await gateway.token('admin', 'admin'));
    expect(admin.status).toBe(200);
    expect(admin.bytes.equals(Buffer.from(body))).toBe(true);

    const other = await raw(`/v1/messages/${sha256}`, await gateway.token('soc-beta', 'soc'));
    expect(other.status).toBe(404);
    const unknown = await raw(
      `/v1/messages/${'a'.repeat(64)}`,
      await gateway.token('admin', 'admin'),
    );
    expect(unknown.status).toBe(404);
  });

  it('never keeps a party registration: its webhook secret is in no archive file, its digest is 404', async () => {
    const secret = 'archive-probe-secret-0123456789abcdef-0001';
    const body = JSON.stringify(
      partyBody('soc', { webhook: { url: 'https://soc-gamma.example/hook', secret } }),
    );
    const admin = await gateway.token('admin', 'admin');

    const registered = await fetch(new URL('/v1/parties/soc-gamma', gateway.url), {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body,
    });
    const sha256 = createHash('sha256').update(body).digest('hex');
    const fetched = await raw(`/v1/messages/${sha256}`, admin);

    expect(registered.status).toBe(201);
    expect(fetched.status).toBe(404);
    const files = await readdir(join(gateway.dataDir, 'archive'), { recursive: true });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const path = join(gateway.dataDir, 'archive', file);
      if ((await stat(path)).isFile())
        expect((await readFile(path)).includes(secret), file).toBe(false);
    }
  });
});

describe('archive unavailable', () => {
  it('answers 503 with Retry-After and writes no incident', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ncc-gateway-archive-down-'));
    const broken = await startTestGateway({ dataDir });
    try {
      await broken.registerParty('soc-alpha', partyBody('soc'));
      // A file where the archive's folder must be: from now on every keep fails.
      await mkdir(join(dataDir, 'archive'), { recursive: true });
      await rm(join(dataDir, 'archive', 'messages'), { recursive: true, force: true });
      await writeFile(join(dataDir, 'archive', 'messages'), 'not a folder');
      const soc = client(broken.url, await broken.token('soc-alpha', 'soc'));
      const refused = await soc.post('/v1/incidents', completeCard());
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ code: 'dependency_unavailable' });
      const listed = await soc.get('/v1/incidents');
      expect(listed.json<{ items: unknown[] }>().items).toEqual([]);
    } finally {
      await broken.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
