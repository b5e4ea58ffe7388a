/**
 * What the S3 archive sends and how it reads S3's answers, on the SDK's own middleware
 * stack (serialisation, signing, checksums, error parsing): only the HTTP hop is replaced,
 * by a handler that records each request and answers as S3 does. This covers what fauxqs
 * (message-archive.test.ts) does not emulate: `If-None-Match: *` and its 412, S3 errors,
 * a refused checksum. No AWS account is reachable from the tests.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3MessageArchive } from '../../../functions/adapters/s3/s3-message-archive.js';
import {
  type ArchiveEntry,
  ArchiveUnavailableError,
} from '../../../functions/core/ports/message-archive.js';

interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body: Buffer;
}

type Answer = { status: number; body?: string; headers?: Record<string, string> };

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>r1</RequestId></Error>`;

async function bytesOf(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** An S3 client whose HTTP hop answers `answer(request)`; every request is kept. */
function s3With(answer: (request: SentRequest) => Answer) {
  const sent: SentRequest[] = [];
  const client = new S3Client({
    region: 'eu-central-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: {
        method: string;
        hostname: string;
        path: string;
        query?: Record<string, string | string[] | null>;
        headers: Record<string, string>;
        body?: unknown;
      }) {
        const recorded: SentRequest = {
          method: request.method,
          // Virtual-hosted style, as on AWS: the bucket is the host's first label.
          path: `${request.hostname}${request.path}`,
          query: request.query ?? {},
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]),
          ),
          body: await bytesOf(request.body),
        };
        sent.push(recorded);
        const { status, body = '', headers = {} } = answer(recorded);
        return {
          response: {
            statusCode: status,
            reason: '',
            headers: { 'x-amz-request-id': 'r1', ...headers },
            body: Readable.from([Buffer.from(body)]),
          },
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    } as never,
  });
  return { sent, archive: createS3MessageArchive({ client, bucket: 'ncc-archive' }) };
}

function entry(text = '{"a":1}\r\n'): ArchiveEntry {
  const bytes = new Uint8Array(Buffer.from(text));
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    mediaType: 'application/json',
    partyId: 'soc-alpha',
    direction: 'received',
    at: '2026-12-02T05:00:00.000Z',
  };
}

describe('S3 archive: keeping', () => {
  it('puts the bytes, the party and the day marker, each only if absent, the bytes with their SHA-256', async () => {
    const { sent, archive } = s3With(() => ({ status: 200, headers: { etag: '"e"' } }));
    const e = entry();
    await archive.keep(e);
    expect(sent.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [
        `PUT ncc-archive.s3.eu-central-1.amazonaws.com/days/2026-12-02/${e.sha256}`,
        `PUT ncc-archive.s3.eu-central-1.amazonaws.com/messages/${e.sha256}`,
        `PUT ncc-archive.s3.eu-central-1.amazonaws.com/parties/${e.sha256}/soc-alpha`,
      ].sort(),
    );
    for (const request of sent) expect(request.headers['if-none-match'], request.path).toBe('*');
    const message = sent.find((r) => r.path.includes('/messages/'));
    expect(message?.body.equals(Buffer.from(e.bytes))).toBe(true);
    expect(message?.headers['content-type']).toBe('application/json');
    // S3 recomputes this and refuses the object when the bytes are not the ones named.
    expect(message?.headers['x-amz-checksum-sha256']).toBe(
      Buffer.from(e.sha256, 'hex').toString('base64'),
    );
    expect(sent.find((r) => r.path.includes('/parties/'))?.body.toString()).toBe('received');
  });

  it('takes 412 Precondition Failed as "already kept": a retry or a second party succeeds', async () => {
    const { archive } = s3With(() => ({
      status: 412,
      body: errorXml(
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
      ),
    }));
    await expect(archive.keep(entry())).resolves.toBeUndefined();
  });

  it('asks again after 409 ConditionalRequestConflict (a concurrent write of the same key)', async () => {
    let conflicts = 0;
    const { archive } = s3With((request) => {
      if (request.path.includes('/messages/') && conflicts < 1) {
        conflicts += 1;
        return { status: 409, body: errorXml('ConditionalRequestConflict', 'in flight') };
      }
      return { status: 200 };
    });
    await archive.keep(entry());
    expect(conflicts).toBe(1);
  });

  it.each([
    [403, 'AccessDenied', 'a missing grant'],
    [500, 'InternalError', 'S3 failing'],
    [503, 'SlowDown', 'S3 throttling'],
    [400, 'BadDigest', 'bytes that are not the ones named (checksum refused)'],
  ])(
    'rejects with ArchiveUnavailableError on %i %s (%s): the request becomes a 503',
    async (status, code) => {
      const { archive } = s3With((request) =>
        request.path.includes('/messages/')
          ? { status, body: errorXml(code, 'no') }
          : { status: 200 },
      );
      const kept = archive.keep(entry());
      await expect(kept).rejects.toBeInstanceOf(ArchiveUnavailableError);
      await expect(kept).rejects.toMatchObject({ cause: { name: code } });
    },
  );

  it('refuses a malformed key before sending anything', async () => {
    const { sent, archive } = s3With(() => ({ status: 200 }));
    await expect(archive.keep({ ...entry(), partyId: '../x' })).rejects.toBeInstanceOf(
      ArchiveUnavailableError,
    );
    expect(sent).toEqual([]);
  });
});

describe('S3 archive: reading', () => {
  it("checks the reader's marker, then returns the bytes and their media type", async () => {
    const e = entry();
    const { sent, archive } = s3With((request) =>
      request.path.includes('/messages/')
        ? { status: 200, body: '{"a":1}\r\n', headers: { 'content-type': 'application/json' } }
        : { status: 200 },
    );
    const message = await archive.read(e.sha256, 'soc-alpha');
    expect(Buffer.from(message?.bytes ?? []).toString()).toBe('{"a":1}\r\n');
    expect(message?.mediaType).toBe('application/json');
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      `HEAD ncc-archive.s3.eu-central-1.amazonaws.com/parties/${e.sha256}/soc-alpha`,
      `GET ncc-archive.s3.eu-central-1.amazonaws.com/messages/${e.sha256}`,
    ]);
  });

  it('answers nothing (404 to the caller) when the party has no marker or the bytes are not there', async () => {
    const e = entry();
    const noMarker = s3With(() => ({ status: 404 }));
    expect(await noMarker.archive.read(e.sha256, 'soc-beta')).toBeUndefined();
    expect(noMarker.sent).toHaveLength(1);
    const noBytes = s3With(() => ({ status: 404, body: errorXml('NoSuchKey', 'none') }));
    expect(await noBytes.archive.read(e.sha256)).toBeUndefined();
  });

  it('rejects with ArchiveUnavailableError when S3 fails (503 to the caller, not 404)', async () => {
    const { archive } = s3With(() => ({ status: 500, body: errorXml('InternalError', 'no') }));
    await expect(archive.read(entry().sha256)).rejects.toBeInstanceOf(ArchiveUnavailableError);
  });

  it('lists a day page by page', async () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    const { sent, archive } = s3With((request) => {
      const second = request.query['continuation-token'] === 'next';
      const key = second ? b : a;
      return {
        status: 200,
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>ncc-archive</Name><Prefix>days/2026-12-02/</Prefix><KeyCount>1</KeyCount><IsTruncated>${!second}</IsTruncated>${second ? '' : '<NextContinuationToken>next</NextContinuationToken>'}<Contents><Key>days/2026-12-02/${key}</Key></Contents></ListBucketResult>`,
      };
    });
    expect(await archive.digestsOfDay('2026-12-02')).toEqual([a, b]);
    expect(sent.map((r) => r.query.prefix)).toEqual(['days/2026-12-02/', 'days/2026-12-02/']);
  });
});
