/**
 * VulnerabilityStore contract on both stores (001 п.13): a report written whole with its
 * clocks and deliveries, the (reporter, reference) claim under concurrency, a revision
 * guarded by the version read, listings per reporter and NCC-wide.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  obligationsAfterVulnerabilityRevision,
  obligationsForNewVulnerability,
} from '../../../functions/core/clocks/obligations.js';
import { DEFAULT_CLOCK_POLICY } from '../../../functions/core/clocks/rules.js';
import type { Vulnerability } from '../../../functions/core/model/messages.js';
import type { NewVulnerabilityWrite } from '../../../functions/core/ports/vulnerabilities.js';
import { ClaimTakenError, StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { delivery, partyId, uid } from '../../support/records.js';
import { type ContractStore, STORES } from './stores.js';

const RECEIVED = '2026-11-21T07:00:00Z';

function form(overrides: Partial<Vulnerability> = {}): Vulnerability {
  return {
    reference: uid('VULN'),
    detectedAt: '2026-11-20T14:20:00+05:00',
    scanResultsAt: '2026-11-21T09:00:00+05:00',
    contour: 'external',
    objectName: 'Billing server',
    component: 'billing.example.kz',
    description: 'CVE-2021-23017',
    ...overrides,
  };
}

function newVulnerability(
  reporterId: string,
  message = form(),
  createdAt = RECEIVED,
): NewVulnerabilityWrite {
  const id = uid('vul');
  const obligations = obligationsForNewVulnerability({
    vulnerabilityId: id,
    reporterId,
    message,
    messageId: `${id}#v1`,
    receivedAtMs: Date.parse(createdAt),
    policy: DEFAULT_CLOCK_POLICY,
  });
  const receipt = {
    id,
    receivedAt: createdAt,
    version: 1,
    sha256: 'a'.repeat(64),
    warnings: [],
    obligations: [],
  };
  return {
    vulnerability: {
      id,
      reporterId,
      reporterRole: 'owner',
      reference: message.reference,
      status: 'reported',
      detectedAt: message.detectedAt,
      version: 1,
      vulnerability: message,
      createdAt,
      updatedAt: createdAt,
    },
    version: {
      vulnerabilityId: id,
      version: 1,
      messageId: `${id}#v1`,
      receivedAt: createdAt,
      sha256: 'a'.repeat(64),
      format: 'json',
      vulnerability: message,
      warnings: [],
    },
    obligations,
    deliveries: [delivery({ subjectId: id, event: 'vulnerability.reported' })],
    receipt,
    requestSha256: 'b'.repeat(64),
  };
}

describe.each(STORES)('VulnerabilityStore on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  it('writes a report whole: record, version 1, its open clock and its deliveries', async () => {
    const write = newVulnerability(partyId('owner'));
    await store.vulnerabilities.saveNewVulnerability(write);
    const detail = await store.vulnerabilities.getVulnerability(write.vulnerability.id);
    expect(detail?.vulnerability).toEqual(write.vulnerability);
    expect(detail?.versions).toEqual([write.version]);
    expect(detail?.obligations).toEqual(write.obligations);
    expect(detail?.obligations.map((o) => [o.kind, o.state])).toEqual([
      ['vulnerability_measures', 'open'],
    ]);
    const [d] = write.deliveries;
    expect(d && (await store.deliveries.getDelivery(d.id))).toEqual(d);
    // The open clock is what the sweep reads: due, listed for the reporter.
    const owed = await store.obligations.listObligations(
      { owedBy: write.vulnerability.reporterId },
      { limit: 10 },
    );
    expect(owed.items.map((o) => o.kind)).toEqual(['vulnerability_measures']);
  });

  it('of concurrent reports with one (reporter, reference), exactly one lands; the others learn its receipt', async () => {
    const reporter = partyId('owner');
    const message = form();
    const writes = Array.from({ length: 5 }, () => newVulnerability(reporter, message));
    const outcomes = await Promise.allSettled(
      writes.map((w) => store.vulnerabilities.saveNewVulnerability(w)),
    );
    const landed = outcomes.filter((o) => o.status === 'fulfilled');
    expect(landed).toHaveLength(1);
    const winner = writes[outcomes.findIndex((o) => o.status === 'fulfilled')];
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
      const error = (lost as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(ClaimTakenError);
      expect((error as ClaimTakenError).claim).toBe('vulnerabilityReference');
      expect((error as ClaimTakenError).existing.subjectId).toBe(winner?.vulnerability.id);
    }
  });

  it('writes a revision only over the version read (else StaleWriteError), with its clock changes', async () => {
    const write = newVulnerability(partyId('owner'));
    await store.vulnerabilities.saveNewVulnerability(write);
    const revisedForm = { ...write.version.vulnerability, measuresTaken: 'Patched.' };
    const changed = obligationsAfterVulnerabilityRevision(write.obligations, {
      vulnerabilityId: write.vulnerability.id,
      reporterId: write.vulnerability.reporterId,
      message: revisedForm,
      messageId: `${write.vulnerability.id}#v2`,
      receivedAtMs: Date.parse('2026-11-22T07:00:00Z'),
      policy: DEFAULT_CLOCK_POLICY,
    });
    const update = (expectedVersion: number) => ({
      vulnerability: { ...write.vulnerability, version: 2, vulnerability: revisedForm },
      expectedVersion,
      newVersion: { ...write.version, version: 2, vulnerability: revisedForm },
      obligations: changed.map((next) => ({ next, expectedState: 'open' as const })),
      deliveries: [],
    });
    await expect(store.vulnerabilities.saveVulnerabilityUpdate(update(5))).rejects.toBeInstanceOf(
      StaleWriteError,
    );
    await store.vulnerabilities.saveVulnerabilityUpdate(update(1));
    const detail = await store.vulnerabilities.getVulnerability(write.vulnerability.id);
    expect(detail?.vulnerability.version).toBe(2);
    expect(detail?.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(detail?.obligations.map((o) => o.state)).toEqual(['satisfied']);
    // A version names its sender when the writer says (an owner revising its SOC's report);
    // one stored without it reads back without it (the use case reads it as the reporter's).
    const sender = partyId('owner');
    await store.vulnerabilities.saveVulnerabilityUpdate({
      ...update(2),
      vulnerability: { ...write.vulnerability, version: 3, vulnerability: revisedForm },
      newVersion: { ...write.version, version: 3, vulnerability: revisedForm, sentBy: sender },
      obligations: [],
    });
    const three = await store.vulnerabilities.getVulnerability(write.vulnerability.id);
    expect(three?.versions.map((v) => [v.version, v.sentBy])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, sender],
    ]);
  });

  it("lists a reporter's own newest first, every one NCC-wide, by status and window", async () => {
    const reporter = partyId('owner');
    const older = newVulnerability(reporter, form(), '2026-11-21T01:00:00Z');
    const newer = newVulnerability(reporter, form(), '2026-11-21T02:00:00Z');
    newer.vulnerability.status = 'not_eliminated';
    await store.vulnerabilities.saveNewVulnerability(older);
    await store.vulnerabilities.saveNewVulnerability(newer);
    const own = await store.vulnerabilities.listVulnerabilities(
      { reporterId: reporter },
      { limit: 10 },
    );
    expect(own.items.map((v) => v.id)).toEqual([newer.vulnerability.id, older.vulnerability.id]);
    const notEliminated = await store.vulnerabilities.listVulnerabilities(
      { reporterId: reporter, status: 'not_eliminated' },
      { limit: 10 },
    );
    expect(notEliminated.items.map((v) => v.id)).toEqual([newer.vulnerability.id]);
    const window = await store.vulnerabilities.listVulnerabilities(
      { createdFrom: '2026-11-21T00:30:00Z', createdTo: '2026-11-21T01:30:00Z' },
      { limit: 100 },
    );
    expect(window.items.map((v) => v.id)).toContain(older.vulnerability.id);
    expect(window.items.map((v) => v.id)).not.toContain(newer.vulnerability.id);
    const paged = await store.vulnerabilities.listVulnerabilities(
      { reporterId: reporter },
      { limit: 1 },
    );
    expect(paged.items).toHaveLength(1);
    const rest = await store.vulnerabilities.listVulnerabilities(
      { reporterId: reporter },
      { limit: 1, ...(paged.nextCursor ? { cursor: paged.nextCursor } : {}) },
    );
    expect(rest.items.map((v) => v.id)).toEqual([older.vulnerability.id]);
  });

  it('answers undefined for an id that names nothing', async () => {
    expect(await store.vulnerabilities.getVulnerability(uid('vul'))).toBeUndefined();
  });
});
