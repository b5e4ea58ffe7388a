/**
 * The daily audit job (docs/contract.md §6): after a national day ends, sign the digest of every
 * chain head (as CloudTrail's digest files) and write each party's day files — the
 * 001 Annex 4 log and JSON lines — to the admin-only log store (п.90-1(7): "оқиғалар
 * журналдарын әкімшілерге қарау үшін ғана қолжетімді мамандандырылған логтар серверінде сақтау").
 * Running it twice for a day changes nothing: the digest is written once, the files are the same.
 */
import { annex4ObjectKey } from '../../audit/annex4-log.js';
import { type SignedAuditDigest, signAuditDigest } from '../../audit/digest.js';
import type { AuditSigner } from '../../ports/audit-signer.js';
import type { AuditTrail } from '../../ports/audit-trail.js';
import { formatInstant } from '../../time.js';
import { auditDayFile } from './read-audit.js';

/** Where day files go: an Object-Lock bucket on AWS, a folder locally. */
export interface AuditLogStore {
  /** Writes one file; writing the same key again with the same bytes is harmless. */
  put(key: string, body: string, contentType: string): Promise<void>;
}

export interface CloseAuditDayDeps {
  audit: AuditTrail;
  signer: AuditSigner;
  now: () => Date;
  /** Absent: only the digest is made. */
  logStore?: AuditLogStore;
  /** Every party id (day files are per party, п.90-1(7) в). */
  partyIds: () => Promise<string[]>;
}

/** Signs `day`'s digest (unless it exists) and writes its day files. */
export async function closeAuditDay(
  deps: CloseAuditDayDeps,
  day: string,
): Promise<{ digest: SignedAuditDigest | undefined; files: number }> {
  const existing = await deps.audit.digests();
  let digest = existing.find((d) => d.day === day);
  if (!digest) {
    const previous = existing.filter((d) => d.day < day).at(-1);
    const signed = await signAuditDigest(
      deps.signer,
      { day, createdAt: formatInstant(deps.now().getTime()), heads: await deps.audit.heads() },
      previous,
    );
    if (await deps.audit.putDigest(signed)) digest = signed;
  }
  let files = 0;
  if (deps.logStore) {
    for (const partyId of await deps.partyIds()) {
      for (const format of ['annex4', 'jsonl'] as const) {
        const file = await auditDayFile(deps.audit, partyId, day, format);
        await deps.logStore.put(
          annex4ObjectKey(partyId, day, format === 'annex4' ? 'log' : 'jsonl'),
          file.body,
          file.contentType,
        );
        files += 1;
      }
    }
  }
  return { digest, files };
}
