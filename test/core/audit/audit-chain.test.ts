import { describe, expect, it } from 'vitest';
import {
  chainAuditEvents,
  GENESIS_HASH,
  hashAuditEntry,
} from '../../../functions/core/audit/audit-entry.js';
import { verifyAuditChain } from '../../../functions/core/audit/verify-chain.js';
import { SAMPLE_EVENTS, sampleChain } from './audit-fixtures.js';

describe('chainAuditEvents', () => {
  it('numbers entries from 1 and links each to the hash of the one before', () => {
    // Act
    const { entries, head } = chainAuditEvents(undefined, SAMPLE_EVENTS);

    // Assert
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
    }
    expect(head).toEqual({
      partyId: 'soc-alpha',
      seq: 6,
      hash: entries[5]?.hash,
      at: '2026-11-21T06:00:00Z',
    });
  });

  it('continues an existing chain from its head', () => {
    // Arrange
    const first = chainAuditEvents(undefined, SAMPLE_EVENTS.slice(0, 2));

    // Act
    const rest = chainAuditEvents(first.head, SAMPLE_EVENTS.slice(2));

    // Assert: appending in two steps gives the same chain as in one
    expect([...first.entries, ...rest.entries]).toEqual(sampleChain());
  });

  it('hashes every field, so changing any one changes the hash', () => {
    const [entry] = sampleChain();
    if (!entry) throw new Error('no entry');
    const { hash, ...rest } = entry;
    expect(hashAuditEntry(rest)).toBe(hash);
    for (const key of Object.keys(rest) as (keyof typeof rest)[]) {
      const value = rest[key];
      const changed = { ...rest, [key]: typeof value === 'number' ? value + 1 : `${value}x` };
      expect(hashAuditEntry(changed), key).not.toBe(hash);
    }
  });
});

describe('verifyAuditChain', () => {
  const head = () => {
    const chain = sampleChain();
    const last = chain.at(-1);
    if (!last) throw new Error('empty');
    return { partyId: 'soc-alpha', seq: last.seq, hash: last.hash, at: last.at };
  };

  it('accepts an untouched chain', () => {
    const result = verifyAuditChain(sampleChain(), { partyId: 'soc-alpha', head: head() });
    expect(result).toEqual({
      partyId: 'soc-alpha',
      checked: 6,
      firstSeq: 1,
      lastSeq: 6,
      digestCheckpoints: 0,
    });
  });

  it('names exactly the entry changed in place', () => {
    // Arrange
    const chain = sampleChain();
    const third = chain[2];
    if (!third) throw new Error('no entry');
    third.outcome = 'accepted';

    // Act
    const result = verifyAuditChain(chain, { partyId: 'soc-alpha', head: head() });

    // Assert
    expect(result.fault).toEqual({
      kind: 'altered',
      seq: 3,
      message: 'Entry 3 was changed after it was written.',
    });
    expect(result.checked).toBe(2);
  });

  it('names a deleted entry as missing', () => {
    const chain = sampleChain().filter((e) => e.seq !== 4);
    const result = verifyAuditChain(chain, { partyId: 'soc-alpha', head: head() });
    expect(result.fault).toMatchObject({ kind: 'missing', seq: 4 });
  });

  it('names a deleted last entry as missing, from the head', () => {
    const chain = sampleChain().slice(0, 5);
    const result = verifyAuditChain(chain, { partyId: 'soc-alpha', head: head() });
    expect(result.fault).toMatchObject({ kind: 'missing', seq: 6 });
  });

  it('names an entry replaced by one re-hashed to look valid as a broken link', () => {
    // Arrange: change entry 2 and recompute its own hash (but not its successor's link)
    const chain = sampleChain();
    const second = chain[1];
    if (!second) throw new Error('no entry');
    second.outcome = 'failed';
    const { hash: _old, ...rest } = second;
    second.hash = hashAuditEntry(rest);

    // Act
    const result = verifyAuditChain(chain, { partyId: 'soc-alpha', head: head() });

    // Assert: entry 2 verifies on its own; entry 3 no longer links to it
    expect(result.fault).toMatchObject({ kind: 'broken_link', seq: 3 });
  });

  it('starts from an anchor taken from a digest checkpoint', () => {
    const chain = sampleChain();
    const anchor = chain[2];
    if (!anchor) throw new Error('no entry');
    const result = verifyAuditChain(chain.slice(3), {
      partyId: 'soc-alpha',
      anchor: { seq: anchor.seq, hash: anchor.hash },
      head: head(),
    });
    expect(result).toMatchObject({ checked: 3, firstSeq: 4, lastSeq: 6 });
    expect(result.fault).toBeUndefined();
  });

  it('detects a whole chain rewritten consistently only through a signed checkpoint', () => {
    // Arrange: rewrite every entry from 2 on, relinking them all
    const original = sampleChain();
    const events = SAMPLE_EVENTS.map((e, i) => (i >= 1 ? { ...e, outcome: 'forged' } : e));
    const forged = chainAuditEvents(undefined, events).entries;
    const forgedHead = { partyId: 'soc-alpha', seq: 6, hash: forged[5]?.hash ?? '', at: '' };

    // Act
    const withoutDigest = verifyAuditChain(forged, { partyId: 'soc-alpha', head: forgedHead });
    const withDigest = verifyAuditChain(forged, {
      partyId: 'soc-alpha',
      head: forgedHead,
      checkpoints: new Map([[4, original[3]?.hash ?? '']]),
    });

    // Assert
    expect(withoutDigest.fault).toBeUndefined();
    expect(withDigest.fault).toMatchObject({ kind: 'digest_mismatch', seq: 4 });
  });

  it('reports a chain cut back to before a signed checkpoint', () => {
    const chain = sampleChain();
    const cut = chain.slice(0, 3);
    const cutHead = { partyId: 'soc-alpha', seq: 3, hash: cut[2]?.hash ?? '', at: '' };
    const result = verifyAuditChain(cut, {
      partyId: 'soc-alpha',
      head: cutHead,
      checkpoints: new Map([[5, chain[4]?.hash ?? '']]),
    });
    expect(result.fault).toMatchObject({ kind: 'truncated', seq: 4 });
  });
});
