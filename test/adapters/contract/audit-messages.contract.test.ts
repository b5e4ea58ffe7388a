/**
 * Messages and their audit entries (п.90-1(7)), the same on the memory store and on
 * DynamoDB Local: the entry is written in the transaction of the message it records,
 * so two messages of one party racing both commit on a gapless chain that verifies,
 * and a write whose entry cannot be appended is refused whole (503), storing nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../functions/core/audit/audit-entry.js';
import { receivedAudit, sentAudit } from '../../../functions/core/audit/message-audit.js';
import { verifyAuditChain } from '../../../functions/core/audit/verify-chain.js';
import {
  DependencyUnavailableError,
  NotFoundError,
  OutcomeUnknownError,
} from '../../../functions/core/errors.js';
import type { DeliveryRecord } from '../../../functions/core/ports/records.js';
import { StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { acceptIncident } from '../../../functions/core/use-cases/incidents/accept-incident.js';
import { readBody } from '../../../functions/core/wire/read-body.js';
import { notification } from '../../support/messages.js';
import { delivery as deliveryRecord, party, partyId } from '../../support/records.js';
import { type ContractStore, STORES } from './stores.js';

describe.each(STORES)('messages audited on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  function deps() {
    return {
      ...store,
      queue: { enqueue: async () => {}, enqueueFanout: async () => {} },
      now: () => new Date(),
      newId: (prefix: string) => `${prefix}_${crypto.randomUUID()}`,
      log: { warn: () => {} },
    };
  }

  async function soc() {
    const id = partyId();
    const record = party(id);
    await store.parties.putParty(record);
    return {
      partyId: id,
      role: 'soc' as const,
      party: record,
      clientId: record.clientId ?? id,
      connectionPoint: '198.51.100.7',
    };
  }

  const bodyOf = (message: unknown) =>
    readBody(new TextEncoder().encode(JSON.stringify(message)), 'application/json');

  it('commits every one of concurrent incidents of one SOC on one gapless chain that verifies', async () => {
    // Arrange: eight incidents of one SOC at once, all racing for its chain head
    const principal = await soc();
    const bodies = Array.from({ length: 8 }, () => bodyOf(notification()));

    // Act
    const receipts = await Promise.all(bodies.map((b) => acceptIncident(deps(), principal, b)));

    // Assert
    expect(receipts.map((r) => r.statusCode)).toEqual(bodies.map(() => 201));
    const entries = await store.audit.entries(principal.partyId, 1, 100);
    const head = await store.audit.head(principal.partyId);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(head?.seq).toBe(8);
    expect(
      verifyAuditChain(entries, { partyId: principal.partyId, ...(head ? { head } : {}) }).fault,
    ).toBeUndefined();
    expect(new Set(entries.map((e) => e.subjectId))).toEqual(
      new Set(receipts.map((r) => r.receipt.id)),
    );
    expect(new Set(entries.map((e) => e.sha256))).toEqual(new Set(bodies.map((b) => b.sha256)));
    expect(entries[0]).toMatchObject({
      action: 'message.received',
      outcome: 'accepted',
      connectionPoint: '198.51.100.7',
      userId: principal.clientId,
    });
  });

  it('refuses the whole write (503) when the audit trail cannot be appended to, storing nothing', async () => {
    const principal = await soc();
    const body = bodyOf(notification());
    store.failAudit(true);

    let failure: unknown;
    try {
      await acceptIncident(deps(), principal, body);
    } catch (error) {
      failure = error;
    } finally {
      store.failAudit(false);
    }

    // 503 either way: nothing written (dependency_unavailable) or not confirmed (outcome_unknown).
    expect(
      failure instanceof DependencyUnavailableError || failure instanceof OutcomeUnknownError,
    ).toBe(true);
    const listed = await store.incidents.listIncidents({ socId: principal.partyId }, { limit: 10 });
    expect(listed.items).toEqual([]);
    expect(await store.audit.head(principal.partyId)).toBeUndefined();
    // …and the same message is accepted once the trail is back, with its one entry.
    const accepted = await acceptIncident(deps(), principal, body);
    expect(accepted.statusCode).toBe(201);
    const entries = await store.audit.entries(principal.partyId, 1, 10);
    expect(entries).toMatchObject([{ seq: 1, sha256: sha256Hex(body.text) }]);
  });

  it('records a webhook attempt with its message.sent entry in one write, and neither for an unknown delivery', async () => {
    // Arrange: an incident whose notification goes to a newly registered NCC party
    const recipient = partyId('ncc');
    await store.parties.putParty(party(recipient, { role: 'ncc' }));
    await acceptIncident(deps(), await soc(), bodyOf(notification()));
    const [delivery] = (await store.deliveries.listDeliveries(recipient, { limit: 5 })).items;
    if (delivery === undefined) throw new Error('no delivery to the NCC party');
    const at = new Date().toISOString();
    const sent = (subjectId: string) =>
      sentAudit({
        partyId: recipient,
        subjectId,
        sha256: sha256Hex('{"bytes":"sent"}'),
        startedAt: at,
        at,
        outcome: 'delivered',
        description: 'pushed',
      });
    const unknown: DeliveryRecord = { ...delivery, id: `dlv_${crypto.randomUUID()}` };

    // Act
    await store.deliveries.recordAttempt(delivery, { status: 'delivered', attempts: 1, at }, [
      sent(delivery.id),
    ]);
    const missing = store.deliveries.recordAttempt(
      unknown,
      { status: 'delivered', attempts: 1, at },
      [sent(unknown.id)],
    );

    // Assert
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.deliveries.getDelivery(delivery.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      deliveredAt: at,
    });
    expect(await store.audit.entries(recipient, 1, 10)).toMatchObject([
      { seq: 1, action: 'message.sent', outcome: 'delivered', subjectId: delivery.id },
    ]);
  });

  it('writes a party with its entry in one transaction: racing writes chain in turn, a stale one appends nothing (001 п.16)', async () => {
    // Arrange: four owners' contact reports, each audited on one shared chain, racing
    const chain = partyId('owner');
    const now = new Date().toISOString();
    const entry = (subjectId: string) =>
      receivedAudit(
        { partyId: chain, role: 'owner', party: party(chain), connectionPoint: '198.51.100.9' },
        {
          source: 'put-party-contact',
          subjectId,
          sha256: sha256Hex(subjectId),
          startedAt: now,
          at: now,
          description: `Contact of ${subjectId} reported`,
        },
      );
    const owners = Array.from({ length: 4 }, () => party(partyId('owner'), { role: 'owner' }));

    // Act
    await Promise.all(owners.map((o) => store.parties.putParty(o, undefined, [entry(o.id)])));
    const [first] = owners;
    if (first === undefined) throw new Error('no owner');
    const stale = store.parties.putParty(
      { ...first, name: 'Built on an old read' },
      { updatedAt: '2000-01-01T00:00:00Z' },
      [entry(first.id)],
    );

    // Assert
    await expect(stale).rejects.toBeInstanceOf(StaleWriteError);
    const entries = await store.audit.entries(chain, 1, 100);
    const head = await store.audit.head(chain);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(verifyAuditChain(entries, { partyId: chain, ...(head ? { head } : {}) }).fault).toBe(
      undefined,
    );
    expect(new Set(entries.map((e) => e.subjectId))).toEqual(new Set(owners.map((o) => o.id)));
    expect((await store.parties.getParty(first.id))?.name).toBe(first.name);
  });

  it('writes a set-once delivery with its entry, and the second save neither (001 п.17)', async () => {
    const to = partyId('authority');
    const once = deliveryRecord({ partyId: to, event: 'report.quarterly', subjectId: '2026-Q4' });
    const issued = {
      partyId: to,
      at: once.createdAt,
      startedAt: once.createdAt,
      connectionPoint: 'gateway',
      userId: 'gateway',
      source: 'deliver-quarterly-summary',
      action: 'report.quarterly' as const,
      outcome: 'issued',
      subjectId: once.id,
      sha256: sha256Hex(JSON.stringify(once.payload)),
      description: 'issued',
    };

    expect(await store.deliveries.saveDeliveryOnce(once, [issued])).toBe(true);
    expect(await store.deliveries.saveDeliveryOnce(once, [issued])).toBe(false);

    expect(await store.audit.entries(to, 1, 10)).toMatchObject([
      { seq: 1, action: 'report.quarterly', outcome: 'issued', subjectId: once.id },
    ]);
  });
});
