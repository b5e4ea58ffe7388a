/** `npm run audit:verify`: the verify core over the stores, one line per verdict and a documented exit code. */
import { describe, expect, it } from 'vitest';
import { auditEntryKey } from '../../functions/adapters/memory/audit-trail.js';
import { createMemoryAdapters } from '../../functions/adapters/memory/create-memory-adapters.js';
import type { AuditEntry } from '../../functions/core/audit/audit-entry.js';
import { EXIT, runAuditVerify } from '../../scripts/audit-verify.js';
import { SAMPLE_EVENTS } from '../core/audit/audit-fixtures.js';
import { party } from '../support/records.js';

async function trail() {
  const adapters = createMemoryAdapters();
  await adapters.parties.putParty(party('soc-alpha'));
  await adapters.audit.append(SAMPLE_EVENTS);
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
  const run = (...argv: string[]) =>
    runAuditVerify(argv, {}, io, { audit: adapters.audit, parties: adapters.parties });
  return { adapters, lines, run };
}

describe('npm run audit:verify', () => {
  it('exits 0 with one OK line for an intact chain', async () => {
    const { lines, run } = await trail();

    const code = await run('--party', 'soc-alpha', '--key-file', '/dev/null/none');

    expect(code).toBe(EXIT.usage); // an explicit key file that does not exist is a usage error
    const ok = await run('--party', 'soc-alpha', '--data-dir', '/nonexistent-dir');
    expect(ok).toBe(EXIT.ok);
    expect(lines.at(-1)).toMatch(
      /^OK soc-alpha: 6 entries checked \(seq 1–6\); digests NOT checked/,
    );
  });

  it('exits 1 naming the first altered row', async () => {
    const { adapters, lines, run } = await trail();
    const key = auditEntryKey('soc-alpha', 3);
    const row = adapters.db.tables.auditEntries.get(key) as AuditEntry;
    adapters.db.tables.auditEntries.set(key, { ...row, description: 'rewritten' });

    const code = await run('--party', 'soc-alpha', '--data-dir', '/nonexistent-dir');

    expect(code).toBe(EXIT.fault);
    expect(lines.join('\n')).toMatch(/BROKEN soc-alpha[\s\S]*first fault: altered at seq 3/);
  });

  it('exits 2 for an unknown party or a bad instant', async () => {
    const { run } = await trail();

    expect(await run('--party', 'soc-nobody', '--data-dir', '/nonexistent-dir')).toBe(EXIT.usage);
    expect(await run('--party', 'soc-alpha', '--from', 'yesterday')).toBe(EXIT.usage);
    expect(await run()).toBe(EXIT.usage);
  });
});
