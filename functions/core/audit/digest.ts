/**
 * The daily digest of audit chain heads (docs/contract.md §6): once a day every party's chain head
 * (seq and hash) is signed, and each digest names the SHA-256 of the one before it, as
 * CloudTrail's log-file integrity validation does. A rewrite of a whole chain keeps
 * its links consistent but cannot reproduce the signed hash of an entry already in a
 * digest; deleting a digest breaks the digest chain.
 */
import type { AuditSigner } from '../ports/audit-signer.js';
import { type AuditHead, GENESIS_HASH, sha256Hex } from './audit-entry.js';

/** A day's digest before signing. */
export interface AuditDigestBody {
  /** The national calendar day (Asia/Almaty, YYYY-MM-DD) the digest closes. */
  day: string;
  /** When it was made (RFC 3339 UTC); heads are as of this instant. */
  createdAt: string;
  /** Every party's head, sorted by party id. */
  heads: AuditHead[];
  /** SHA-256 of the previous digest's canonical bytes; all zeros for the first. */
  previousDigestSha256: string;
}

/** A signed digest as stored. */
export interface SignedAuditDigest extends AuditDigestBody {
  keyId: string;
  algorithm: string;
  /** Base64 signature over {@link canonicalDigest}. */
  signature: string;
}

/** The exact bytes signed: a fixed-order JSON array (versioned by its leading `1`). */
export function canonicalDigest(body: AuditDigestBody): string {
  return JSON.stringify([
    1,
    body.day,
    body.createdAt,
    body.previousDigestSha256,
    body.heads.map((h) => [h.partyId, h.seq, h.hash, h.at]),
  ]);
}

/** What the next digest names as its predecessor. */
export function digestSha256(digest: AuditDigestBody | undefined): string {
  return digest ? sha256Hex(canonicalDigest(digest)) : GENESIS_HASH;
}

/** Builds and signs the digest of `heads`, linked to `previous`. */
export async function signAuditDigest(
  signer: AuditSigner,
  input: { day: string; createdAt: string; heads: readonly AuditHead[] },
  previous: AuditDigestBody | undefined,
): Promise<SignedAuditDigest> {
  const body: AuditDigestBody = {
    day: input.day,
    createdAt: input.createdAt,
    heads: [...input.heads].sort((a, b) =>
      a.partyId < b.partyId ? -1 : a.partyId > b.partyId ? 1 : 0,
    ),
    previousDigestSha256: digestSha256(previous),
  };
  const signature = await signer.sign(new TextEncoder().encode(canonicalDigest(body)));
  return {
    ...body,
    keyId: signer.keyId,
    algorithm: signer.algorithm,
    signature: Buffer.from(signature).toString('base64'),
  };
}

/** A digest that cannot be trusted, and why. */
export interface DigestFault {
  day: string;
  kind: 'signature_invalid' | 'digest_chain_broken';
  message: string;
}

/**
 * Checks every digest's signature and that each names its predecessor, in day order.
 * Returns the first fault, or the checkpoints (party → seq → hash) of all digests.
 */
export async function verifyAuditDigests(
  signer: AuditSigner,
  digests: readonly SignedAuditDigest[],
): Promise<{ fault?: DigestFault; checkpoints: Map<string, Map<number, string>> }> {
  const checkpoints = new Map<string, Map<number, string>>();
  let previous: AuditDigestBody | undefined;
  for (const digest of digests) {
    const { keyId, algorithm: _algorithm, signature, ...body } = digest;
    const valid = await signer.verify(
      new TextEncoder().encode(canonicalDigest(body)),
      Buffer.from(signature, 'base64'),
      keyId,
    );
    if (!valid) {
      return {
        fault: {
          day: digest.day,
          kind: 'signature_invalid',
          message: `The digest of ${digest.day} does not verify with key ${keyId}.`,
        },
        checkpoints,
      };
    }
    if (previous && body.previousDigestSha256 !== digestSha256(previous)) {
      return {
        fault: {
          day: digest.day,
          kind: 'digest_chain_broken',
          message: `The digest of ${digest.day} does not name the digest of ${previous.day}: one is missing or replaced.`,
        },
        checkpoints,
      };
    }
    for (const head of body.heads) {
      let forParty = checkpoints.get(head.partyId);
      if (!forParty) {
        forParty = new Map();
        checkpoints.set(head.partyId, forParty);
      }
      forParty.set(head.seq, head.hash);
    }
    previous = body;
  }
  return { checkpoints };
}
