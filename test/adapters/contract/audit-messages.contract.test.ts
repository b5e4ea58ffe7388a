/**
 * Messages and their audit entries (п.90-1(7)), the same on the memory store and on
 * DynamoDB Local: the entry is written in the transaction of the message it records,
 * so two messages of one party racing both commit on a gapless chain that verifies,
 * and a write whose entry cannot be appended is refused whole (503), storing nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../functions/core/audit/audit-entry.js';
import { sentAudit } from '../../../functions/core/audit/message-audit.js';
import { verifyAuditChain } from '../../../functions/core/audit/verify-chain.js';
import {
  DependencyUnavailableError,
  NotFoundError,
  OutcomeUnknownError,
} from '../../../functions/core/errors.js';
import type { DeliveryRecord } from '../../../functions/core/ports/records.js';
import { acceptIncident } from '../../../functions/core/use-cases/incidents/accept-incident.js';
import { readBody } from '../../../functions/core/wire/read-body.js';
import { notification } from '../../support/messages.js';
import { party, partyId } from '../../support/records.js';
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
});
