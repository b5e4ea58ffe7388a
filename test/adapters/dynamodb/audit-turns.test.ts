import { beforeEach, describe, expect, it } from 'vitest';
import { KEY } from '../../../functions/adapters/dynamodb/keys.js';
import type { AuditEvent } from '../../../functions/core/audit/audit-entry.js';
import { verifyAuditChain } from '../../../functions/core/audit/verify-chain.js';
import type { StorePorts } from '../../../functions/core/ports/ports.js';
import { acceptIncident } from '../../../functions/core/use-cases/incidents/accept-incident.js';
import { readBody } from '../../../functions/core/wire/read-body.js';
import { notification } from '../../support/messages.js';
import { observedTable, type Sent } from '../../support/observed-client.js';
import { newIncident, party, partyId } from '../../support/records.js';

let table: Awaited<ReturnType<typeof observedTable>>;
beforeEach(async () => {
  table = await observedTable();
});

const process = (options: { singleWriter?: boolean } = {}) => table.process(options);

function depsOf(ports: StorePorts) {
  return {
    ...ports,
    queue: { enqueue: async () => {}, enqueueFanout: async () => {} },
    now: () => new Date(),
    newId: (prefix: string) => `${prefix}_${crypto.randomUUID()}`,
    log: { warn: () => {} },
  };
}

async function registeredSoc(ports: StorePorts) {
  const id = partyId();
  const record = party(id);
  await ports.parties.putParty(record);
  return { partyId: id, role: 'soc' as const, party: record, clientId: id };
}

const body = () =>
  readBody(new TextEncoder().encode(JSON.stringify(notification())), 'application/json');

async function expectGaplessChain(ports: StorePorts, socId: string, length: number) {
  const entries = await ports.audit.entries(socId, 1, 100);
  const head = await ports.audit.head(socId);
  expect(entries.map((e) => e.seq)).toEqual(Array.from({ length }, (_, i) => i + 1));
  expect(verifyAuditChain(entries, { partyId: socId, ...(head ? { head } : {}) }).fault).toBe(
    undefined,
  );
}

const transactions = (sent: Sent) =>
  sent.commands.filter((c) => c === 'TransactWriteItemsCommand').length;

describe('audit appends of one party', () => {
  it('take turns within one process: eight parallel incidents, eight transactions, no retries', async () => {
    const one = process();
    const soc = await registeredSoc(one.ports);
    one.sent.commands.length = 0;

    const answers = await Promise.all(
      Array.from({ length: 8 }, () => acceptIncident(depsOf(one.ports), soc, body())),
    );

    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(transactions(one.sent)).toBe(8);
    await expectGaplessChain(one.ports, soc.partyId, 8);
  });

  it("write a client's parallel copies of one new incident once: the copies answer from its claim", async () => {
    const one = process();
    const soc = await registeredSoc(one.ports);
    const same = body();
    one.sent.commands.length = 0;

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => acceptIncident(depsOf(one.ports), soc, same)),
    );

    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.receipt.id)).size).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect(transactions(one.sent)).toBe(1);
    await expectGaplessChain(one.ports, soc.partyId, 1);
  });

  it('race across processes and still commit every write on one gapless chain', async () => {
    const a = process();
    const b = process();
    const soc = await registeredSoc(a.ports);

    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        acceptIncident(depsOf(i % 2 === 0 ? a.ports : b.ports), soc, body()),
      ),
    );

    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    await expectGaplessChain(a.ports, soc.partyId, 8);
  });

  it('build on the head the only writer wrote, and recover with one retry when another moved it', async () => {
    const only = process({ singleWriter: true });
    const soc = await registeredSoc(only.ports);
    const headKey = `${KEY.auditHead(soc.partyId).pk}|${KEY.auditHead(soc.partyId).sk}`;
    const headReads = () => only.sent.getKeys.filter((k) => k === headKey).length;
    only.sent.commands.length = 0;

    for (let i = 0; i < 3; i++) await acceptIncident(depsOf(only.ports), soc, body());
    // The head is read for the first append only.
    expect(headReads()).toBe(1);
    expect(transactions(only.sent)).toBe(3);

    // Another writer (an admin tool, a second process) moves the head meanwhile.
    const other = process();
    await acceptIncident(depsOf(other.ports), soc, body());
    only.sent.commands.length = 0;
    only.sent.getKeys.length = 0;
    const answer = await acceptIncident(depsOf(only.ports), soc, body());

    expect(answer.statusCode).toBe(201);
    // The remembered head was stale: one cancelled transaction, one read, one commit.
    expect(transactions(only.sent)).toBe(2);
    expect(headReads()).toBe(1);
    await expectGaplessChain(only.ports, soc.partyId, 5);
  });

  it('never build on a head whose write did not commit: a no-op ack, then another writer, is no fork', async () => {
    const only = process({ singleWriter: true });
    const other = process();
    const owner = partyId('owner');
    const incident = newIncident({ deliveries: 2 });
    const [first, second] = incident.deliveries.map((d) => ({ ...d, partyId: owner }));
    if (!first || !second) throw new Error('two deliveries expected');
    await only.ports.incidents.saveNewIncident({ ...incident, deliveries: [first, second] });
    const event = (subjectId: string): AuditEvent => {
      const at = new Date().toISOString();
      return {
        partyId: owner,
        at,
        startedAt: at,
        connectionPoint: '127.0.0.1',
        userId: owner,
        source: 'ack-delivery',
        action: 'message.received',
        outcome: 'accepted',
        subjectId,
        sha256: 'c'.repeat(64),
        description: `Delivery ${subjectId} acknowledged`,
      };
    };
    const ack = (d: typeof first) =>
      only.ports.deliveries.saveAcknowledgement(
        { ...d, acknowledgedAt: new Date().toISOString() },
        [],
        [event(d.id)],
      );

    await ack(first); // seq 1
    // Two acks raced: the second one's transaction is cancelled by the set-once ack and
    // resolves as a no-op, so the head it built (seq 2) was never written.
    await ack(first);
    // Another writer (a second process, or an append that does not take turns) writes seq 2.
    await other.ports.audit.append([event('other-writer')]);
    await ack(second); // seq 3, on the seq 2 that was written

    await expectGaplessChain(only.ports, owner, 3);
  });
});
