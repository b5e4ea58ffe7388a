import { createHash } from 'node:crypto';
import type { MessageArchive } from '../ports/message-archive.js';

export interface DayVerification {
  day: string;
  checked: number;
  /** Digests whose bytes are missing or hash to something else. */
  mismatches: Array<{ sha256: string; problem: 'missing' | 'digest_mismatch'; actual?: string }>;
}

/**
 * Recomputes the SHA-256 of every message filed under `day` and compares it with the
 * digest it is kept under (the receipts' `sha256`).
 */
export async function verifyArchiveDay(
  archive: MessageArchive,
  day: string,
): Promise<DayVerification> {
  const mismatches: DayVerification['mismatches'] = [];
  const digests = await archive.digestsOfDay(day);
  for (const sha256 of digests) {
    const message = await archive.read(sha256);
    if (!message) {
      mismatches.push({ sha256, problem: 'missing' });
      continue;
    }
    const actual = createHash('sha256').update(message.bytes).digest('hex');
    if (actual !== sha256) mismatches.push({ sha256, problem: 'digest_mismatch', actual });
  }
  return { day, checked: digests.length, mismatches };
}
