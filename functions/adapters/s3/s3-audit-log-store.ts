/**
 * The Annex 4 day files on S3 (issue #9 item 6; 002 п.90-1(7): event logs kept on a log
 * server readable only by administrators): one object per party, day and format, in a
 * bucket with Object Lock in compliance mode for 3 years (cdk/stateful-stack.ts), whose
 * policy lets only the audit-log reader role read. Each file is written once
 * (`If-None-Match: *`): the daily job writes a day after it has ended, so a second run
 * finds the file kept (412) and leaves it; a file never gains a second version.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditLogStore } from '../../core/use-cases/audit/close-audit-day.js';
import { type S3Settings, s3ClientFor } from './client.js';

export interface S3AuditLogStoreOptions {
  client: Pick<S3Client, 'send'>;
  bucket: string;
}

const KEY = /^audit\/[a-z0-9][a-z0-9_-]{0,63}\/\d{4}-\d{2}-\d{2}\.(log|jsonl)$/;

export function createS3AuditLogStore({ client, bucket }: S3AuditLogStoreOptions): AuditLogStore {
  return {
    async put(key, body, contentType) {
      if (!KEY.test(key))
        throw new Error(`Refusing an audit log key outside audit/<party>/<day>.<ext>: ${key}`);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: Buffer.from(body, 'utf8'),
            ContentType: contentType,
            IfNoneMatch: '*',
          }),
        );
      } catch (error) {
        // Already kept by an earlier run: the day was closed, its file cannot differ.
        if (
          (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412
        )
          return;
        throw error;
      }
    },
  };
}

/** The part of the gateway's configuration the log store reads. */
export interface S3AuditLogSettings extends S3Settings {
  auditLogBucket?: string;
}

/** Lambda wiring of the daily audit job: PutObject into AUDIT_LOG_BUCKET. */
export function s3AuditLogStore(settings: S3AuditLogSettings): AuditLogStore {
  if (settings.auditLogBucket === undefined)
    throw new Error('AUDIT_LOG_BUCKET is required to wire the audit log store.');
  return createS3AuditLogStore({ client: s3ClientFor(settings), bucket: settings.auditLogBucket });
}
