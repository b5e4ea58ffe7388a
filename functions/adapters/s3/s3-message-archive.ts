/**
 * The verbatim archive on S3 (issue #15 item 2): a bucket with Object Lock in compliance
 * mode (3 years, cdk/stateful-stack.ts), so a kept message can be neither changed nor
 * deleted, by anyone, before the records period ends (002 п.38). Keys, all under the
 * message's SHA-256:
 * - `messages/<sha256>`: the bytes, with the media type they travelled with;
 * - `parties/<sha256>/<partyId>`: that party sent or received them (its body says which);
 * - `days/<YYYY-MM-DD>/<sha256>`: filed under the UTC day, for the daily verifier.
 * Every object is written once, with `If-None-Match: *`: S3 answers 412 when the key
 * exists, which here means "already kept" (the bytes under a digest cannot differ), so
 * a retry or a second party never adds a version. The bytes go up with their SHA-256
 * as the object checksum, so S3 itself refuses bytes that are not the ones named.
 * Any other failure rejects with {@link ArchiveUnavailableError}: the caller fails its
 * request (503) rather than answer a receipt for bytes that were not kept.
 */
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  type ArchiveEntry,
  ArchiveUnavailableError,
  type MessageArchive,
} from '../../core/ports/message-archive.js';
import { type S3Settings, s3ClientFor } from './client.js';

const DIGEST = /^[0-9a-f]{64}$/;
const PARTY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** S3 reports these statuses for a key that is not there (404; 403 only without s3:ListBucket). */
function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return statusOf(error) === 404 || name === 'NoSuchKey' || name === 'NotFound';
}

/** `If-None-Match: *` refused: the key exists already. */
function isAlreadyThere(error: unknown): boolean {
  return statusOf(error) === 412;
}

/**
 * 409 ConditionalRequestConflict: another conditional write of the same key is in flight
 * (two requests with the same bytes). Asking again settles it: 412 or success.
 */
function isConflict(error: unknown): boolean {
  return statusOf(error) === 409;
}

export interface S3MessageArchiveOptions {
  client: S3Client;
  bucket: string;
}

/** Keeping: PutObject only (what a writer's bundle and role hold). */
function s3Keep({ client, bucket }: S3MessageArchiveOptions): MessageArchive['keep'] {
  /** Writes `key` once: resolves when it is kept, by this call or an earlier one. */
  async function putOnce(
    key: string,
    body: Uint8Array,
    extra: { ContentType?: string; ChecksumSHA256?: string } = {},
  ): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            IfNoneMatch: '*',
            ...extra,
          }),
        );
        return;
      } catch (error) {
        if (isAlreadyThere(error)) return;
        if (isConflict(error) && attempt < 2) continue;
        throw error;
      }
    }
  }

  return async function keep(entry: ArchiveEntry) {
    const day = entry.at.slice(0, 10);
    if (!DIGEST.test(entry.sha256) || !PARTY.test(entry.partyId) || !DAY.test(day))
      throw new ArchiveUnavailableError('Refusing an archive entry with a malformed key.');
    try {
      // All three at once: the request waits for the slowest, not the sum. A party or day
      // marker written without its bytes (one put failed) names nothing anyone can read,
      // and the retry the 503 invites writes the bytes.
      await Promise.all([
        putOnce(`messages/${entry.sha256}`, entry.bytes, {
          ContentType: entry.mediaType,
          ChecksumSHA256: Buffer.from(entry.sha256, 'hex').toString('base64'),
        }),
        putOnce(`parties/${entry.sha256}/${entry.partyId}`, Buffer.from(entry.direction), {
          ContentType: 'text/plain',
        }),
        putOnce(`days/${day}/${entry.sha256}`, new Uint8Array(0)),
      ]);
    } catch (cause) {
      throw new ArchiveUnavailableError(`The S3 archive could not keep ${entry.sha256}.`, {
        cause,
      });
    }
  };
}

/** Reading: HeadObject, GetObject and ListObjectsV2 (the reader's bundle and role). */
function s3Read({
  client,
  bucket,
}: S3MessageArchiveOptions): Pick<MessageArchive, 'read' | 'digestsOfDay'> {
  return {
    async read(sha256, partyId) {
      if (!DIGEST.test(sha256)) return undefined;
      if (partyId !== undefined && !PARTY.test(partyId)) return undefined;
      try {
        if (partyId !== undefined) {
          try {
            await client.send(
              new HeadObjectCommand({ Bucket: bucket, Key: `parties/${sha256}/${partyId}` }),
            );
          } catch (error) {
            if (isMissing(error)) return undefined;
            throw error;
          }
        }
        let object: GetObjectCommandOutput;
        try {
          object = await client.send(
            new GetObjectCommand({ Bucket: bucket, Key: `messages/${sha256}` }),
          );
        } catch (error) {
          if (isMissing(error)) return undefined;
          throw error;
        }
        const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
        return {
          sha256,
          bytes,
          mediaType: object.ContentType ?? 'application/octet-stream',
        };
      } catch (cause) {
        throw new ArchiveUnavailableError(`The S3 archive could not read ${sha256}.`, { cause });
      }
    },

    async digestsOfDay(day) {
      if (!DAY.test(day)) return [];
      const prefix = `days/${day}/`;
      const digests: string[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ...(token ? { ContinuationToken: token } : {}),
            }),
          );
          for (const object of page.Contents ?? []) {
            const digest = object.Key?.slice(prefix.length) ?? '';
            if (DIGEST.test(digest)) digests.push(digest);
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      } catch (cause) {
        throw new ArchiveUnavailableError(`The S3 archive could not list ${day}.`, { cause });
      }
      return digests.sort();
    },
  };
}

/** Both sides on one bucket (tests and tools; a Lambda entry wires only its side). */
export function createS3MessageArchive(options: S3MessageArchiveOptions): MessageArchive {
  return { keep: s3Keep(options), ...s3Read(options) };
}

function notWired(side: string): () => Promise<never> {
  return () => Promise.reject(new Error(`This function's archive is wired to ${side} only.`));
}

/** The part of the gateway's configuration the archive reads. */
export interface S3ArchiveSettings extends S3Settings {
  archive?: { bucket?: string };
}

function optionsOf(settings: S3ArchiveSettings): S3MessageArchiveOptions {
  const bucket = settings.archive?.bucket;
  if (bucket === undefined) throw new Error('ARCHIVE_BUCKET is required to wire the S3 archive.');
  return { client: s3ClientFor(settings), bucket };
}

/**
 * The archive of a function that keeps messages (capability `archive: 'keep'`): its
 * bundle holds PutObject only, as its role allows (cdk/grants.ts `grantArchiveKeep`).
 */
export function s3ArchiveKeeper(settings: S3ArchiveSettings): MessageArchive {
  return {
    keep: s3Keep(optionsOf(settings)),
    read: notWired('keep'),
    digestsOfDay: notWired('keep'),
  };
}

/** The archive of the function that reads messages back (capability `archive: 'read'`). */
export function s3ArchiveReader(settings: S3ArchiveSettings): MessageArchive {
  return { keep: notWired('read'), ...s3Read(optionsOf(settings)) };
}
