/**
 * The stand-ins the public routes' bundles get for node:crypto and node:stream
 * (functions/lazy-builtins/) behave as the builtins they stand for once used.
 */
import * as nodeCrypto from 'node:crypto';
import { Readable as NodeReadable } from 'node:stream';
import { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { expect, it } from 'vitest';
import lazyCrypto, {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  randomInt,
} from '../../functions/lazy-builtins/crypto.js';
import { Readable } from '../../functions/lazy-builtins/stream.js';
import { pipeline } from '../../functions/lazy-builtins/stream-promises.js';
import { ReadableStream } from '../../functions/lazy-builtins/stream-web.js';

it('hashes, encrypts and draws random values as node:crypto does', () => {
  expect(createHash('sha256').update('ncc').digest('hex')).toBe(
    nodeCrypto.createHash('sha256').update('ncc').digest('hex'),
  );
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update('cursor', 'utf8'), cipher.final()]);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(cipher.getAuthTag());
  expect(Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8')).toBe(
    'cursor',
  );
  const drawn = randomInt(0, 100);
  expect(drawn).toBeGreaterThanOrEqual(0);
  expect(drawn).toBeLessThan(100);
  expect(lazyCrypto.randomBytes(4)).toHaveLength(4);
  expect(typeof lazyCrypto.getRandomValues).toBe('function');
});

it('stands for the stream classes: instanceof, static methods and construction', async () => {
  const readable = Readable.from(['a', 'b']);
  expect(readable).toBeInstanceOf(NodeReadable);
  expect(readable instanceof Readable).toBe(true);
  expect(new Readable({ read() {} })).toBeInstanceOf(NodeReadable);
  const web = new ReadableStream({ start: (controller) => controller.close() });
  expect(web).toBeInstanceOf(NodeReadableStream);
  expect(web instanceof ReadableStream).toBe(true);
  expect({} instanceof ReadableStream).toBe(false);
  const chunks: string[] = [];
  await pipeline(Readable.from(['x', 'y']), async (source: AsyncIterable<string>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  expect(chunks).toEqual(['x', 'y']);
});
