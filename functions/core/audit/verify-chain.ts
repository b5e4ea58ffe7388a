/**
 * Verifies one party's chain link by link and names the first fault: an entry whose
 * hash no longer matches its content (changed in place), a gap in the sequence
 * (deleted), a link that does not point at its predecessor (inserted or replaced),
 * an entry that disagrees with a signed daily digest (the chain was rewritten from
 * that point on), or a chain shorter than its head or a digest says (cut off).
 *
 * Incremental, so a caller can feed pages straight from the store without holding the
 * chain in memory: `push` each entry in ascending `seq`, then `finish`.
 */
import { type AuditEntry, type AuditHead, GENESIS_HASH, hashAuditEntry } from './audit-entry.js';

export type AuditFaultKind =
  | 'altered'
  | 'missing'
  | 'broken_link'
  | 'digest_mismatch'
  | 'truncated'
  | 'foreign_entry';

/** The first fault found; `seq` is the first entry that cannot be trusted. */
export interface AuditFault {
  kind: AuditFaultKind;
  seq: number;
  message: string;
}

export interface AuditVerification {
  partyId: string;
  /** Entries checked. */
  checked: number;
  firstSeq?: number;
  lastSeq?: number;
  /** Links confirmed against a signed digest. */
  digestCheckpoints: number;
  fault?: AuditFault;
}

export interface ChainVerifierOptions {
  partyId: string;
  /**
   * A link known to be genuine just before the first entry fed (a digest checkpoint);
   * absent when verification starts at the first entry (seq 1, previous hash all zeros).
   */
  anchor?: { seq: number; hash: string };
  /** seq → hash of this party's heads in signed, verified digests. */
  checkpoints?: ReadonlyMap<number, string>;
}

export class ChainVerifier {
  private readonly partyId: string;
  private readonly checkpoints: ReadonlyMap<number, string>;
  private expectedSeq: number;
  private prevHash: string;
  private checked = 0;
  private firstSeq: number | undefined;
  private lastSeq: number | undefined;
  private confirmed = 0;
  private fault: AuditFault | undefined;

  constructor(options: ChainVerifierOptions) {
    this.partyId = options.partyId;
    this.checkpoints = options.checkpoints ?? new Map();
    this.expectedSeq = (options.anchor?.seq ?? 0) + 1;
    this.prevHash = options.anchor?.hash ?? GENESIS_HASH;
  }

  /** Checks the next entry; returns the fault once one is found (and ignores later entries). */
  push(entry: AuditEntry): AuditFault | undefined {
    if (this.fault) return this.fault;
    if (entry.partyId !== this.partyId) {
      return this.fail(
        'foreign_entry',
        entry.seq,
        `Entry ${entry.seq} belongs to ${entry.partyId}.`,
      );
    }
    if (entry.seq > this.expectedSeq) {
      return this.fail(
        'missing',
        this.expectedSeq,
        entry.seq === this.expectedSeq + 1
          ? `Entry ${this.expectedSeq} is missing.`
          : `Entries ${this.expectedSeq}–${entry.seq - 1} are missing.`,
      );
    }
    if (entry.seq < this.expectedSeq) {
      return this.fail('broken_link', entry.seq, `Entry ${entry.seq} appears out of order.`);
    }
    // The canonical form lists its fields by name, so the entry is hashed as it is, without a copy.
    const hash = entry.hash;
    if (hashAuditEntry(entry) !== hash) {
      return this.fail(
        'altered',
        entry.seq,
        `Entry ${entry.seq} was changed after it was written.`,
      );
    }
    if (entry.prevHash !== this.prevHash) {
      return this.fail(
        'broken_link',
        entry.seq,
        `Entry ${entry.seq} does not link to entry ${entry.seq - 1}.`,
      );
    }
    const signed = this.checkpoints.get(entry.seq);
    if (signed !== undefined) {
      if (signed !== hash) {
        return this.fail(
          'digest_mismatch',
          entry.seq,
          `Entry ${entry.seq} differs from the signed daily digest: the chain was rewritten.`,
        );
      }
      this.confirmed += 1;
    }
    this.checked += 1;
    this.firstSeq ??= entry.seq;
    this.lastSeq = entry.seq;
    this.expectedSeq = entry.seq + 1;
    this.prevHash = hash;
    return undefined;
  }

  /**
   * Ends the walk. With `head` (the stored head, given when the walk ran to the end of
   * the chain) a chain shorter than its head, or one whose last hash differs, is a
   * fault; so is a signed checkpoint beyond the last entry walked.
   */
  finish(end?: { head?: AuditHead | undefined; reachedEnd: boolean }): AuditVerification {
    if (!this.fault && end?.reachedEnd) {
      const lastSeq = this.expectedSeq - 1;
      const head = end.head;
      if (head && head.seq > lastSeq) {
        this.fail(
          'missing',
          lastSeq + 1,
          `The chain ends at ${lastSeq} but its head is ${head.seq}.`,
        );
      } else if (head && head.seq < lastSeq) {
        this.fail(
          'broken_link',
          head.seq + 1,
          `Entry ${head.seq + 1} lies beyond the chain head (${head.seq}): it was not appended by the gateway.`,
        );
      } else if (head && head.seq === lastSeq && head.hash !== this.prevHash) {
        this.fail('broken_link', lastSeq, `Entry ${lastSeq} differs from the chain head.`);
      } else {
        const beyond = [...this.checkpoints.keys()].filter((s) => s > lastSeq);
        if (beyond.length > 0) {
          this.fail(
            'truncated',
            lastSeq + 1,
            `A signed digest names entry ${Math.min(...beyond)}, but the chain ends at ${lastSeq}.`,
          );
        }
      }
    }
    return {
      partyId: this.partyId,
      checked: this.checked,
      ...(this.firstSeq !== undefined ? { firstSeq: this.firstSeq } : {}),
      ...(this.lastSeq !== undefined ? { lastSeq: this.lastSeq } : {}),
      digestCheckpoints: this.confirmed,
      ...(this.fault ? { fault: this.fault } : {}),
    };
  }

  private fail(kind: AuditFaultKind, seq: number, message: string): AuditFault {
    this.fault = { kind, seq, message };
    return this.fault;
  }
}

/** Verifies a whole chain held in memory (tests, small parties). */
export function verifyAuditChain(
  entries: Iterable<AuditEntry>,
  options: ChainVerifierOptions & { head?: AuditHead },
): AuditVerification {
  const verifier = new ChainVerifier(options);
  for (const entry of entries) if (verifier.push(entry)) break;
  return verifier.finish({ head: options.head, reachedEnd: true });
}
