import { describe, expect, it } from 'vitest';
import {
  createKeyAuditSigner,
  generateAuditSigningKeyPem,
} from '../../../functions/adapters/crypto/key-audit-signer.js';
import { signAuditDigest, verifyAuditDigests } from '../../../functions/core/audit/digest.js';
import { sampleChain } from './audit-fixtures.js';

const signer = createKeyAuditSigner(generateAuditSigningKeyPem());

function headAt(seq: number) {
  const entry = sampleChain()[seq - 1];
  if (!entry) throw new Error(`no entry ${seq}`);
  return { partyId: entry.partyId, seq, hash: entry.hash, at: entry.at };
}

async function twoDays() {
  const first = await signAuditDigest(
    signer,
    { day: '2026-11-20', createdAt: '2026-11-20T19:05:00Z', heads: [headAt(3)] },
    undefined,
  );
  const second = await signAuditDigest(
    signer,
    { day: '2026-11-21', createdAt: '2026-11-21T19:05:00Z', heads: [headAt(6)] },
    first,
  );
  return [first, second];
}

describe('signed daily digests', () => {
  it('verify, and yield each party head as a checkpoint', async () => {
    const { fault, checkpoints } = await verifyAuditDigests(signer, await twoDays());
    expect(fault).toBeUndefined();
    expect(checkpoints.get('soc-alpha')).toEqual(
      new Map([
        [3, headAt(3).hash],
        [6, headAt(6).hash],
      ]),
    );
  });

  it('refuse a digest whose heads were edited', async () => {
    const digests = await twoDays();
    const first = digests[0];
    if (!first?.heads[0]) throw new Error('no head');
    first.heads[0].hash = headAt(2).hash;
    const { fault } = await verifyAuditDigests(signer, digests);
    expect(fault).toMatchObject({ day: '2026-11-20', kind: 'signature_invalid' });
  });

  it('refuse a digest signed by another key', async () => {
    const other = createKeyAuditSigner(generateAuditSigningKeyPem());
    const forged = await signAuditDigest(
      other,
      { day: '2026-11-20', createdAt: '2026-11-20T19:05:00Z', heads: [headAt(3)] },
      undefined,
    );
    const { fault } = await verifyAuditDigests(signer, [forged]);
    expect(fault?.kind).toBe('signature_invalid');
  });

  it('notice a digest removed from the middle of the digest chain', async () => {
    const [first, second] = await twoDays();
    if (!first || !second) throw new Error('no digests');
    const third = await signAuditDigest(
      signer,
      { day: '2026-11-22', createdAt: '2026-11-22T19:05:00Z', heads: [headAt(6)] },
      second,
    );
    const { fault } = await verifyAuditDigests(signer, [first, third]);
    expect(fault).toMatchObject({ day: '2026-11-22', kind: 'digest_chain_broken' });
  });
});
