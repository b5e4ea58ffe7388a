/**
 * A table written before the audit table existed (issue #9): its audit items — entries with
 * gsi1 keys, heads without a day, digests — lie in the item table. After the move
 * (`migrateLegacyAudit`, run by the local runtime at start and by `npm run audit:migrate`)
 * the chain verifies with its old digest, an old day exports byte for byte as before, new
 * appends chain onto the old head, and a second run moves nothing.
 */
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKeyAuditSigner,
  generateAuditSigningKeyPem,
} from '../../../functions/adapters/crypto/key-audit-signer.js';
import { migrateLegacyAudit } from '../../../functions/adapters/dynamodb/audit-migration.js';
import { createAuditTrail } from '../../../functions/adapters/dynamodb/audit-trail.js';
import { createStoreContext } from '../../../functions/adapters/dynamodb/context.js';
import { ENTITY, KEY, sortableInstant } from '../../../functions/adapters/dynamodb/keys.js';
import { INDEX } from '../../../functions/adapters/dynamodb/table-definition.js';
import { type AuditEvent, chainAuditEvents } from '../../../functions/core/audit/audit-entry.js';
import type { AuditTrail } from '../../../functions/core/ports/audit-trail.js';
import { closeAuditDay } from '../../../functions/core/use-cases/audit/close-audit-day.js';
import {
  auditDayFile,
  verifyAuditTrail,
} from '../../../functions/core/use-cases/audit/read-audit.js';
import { runAuditMigrate } from '../../../scripts/audit-migrate.js';
import { SAMPLE_EVENTS } from '../../core/audit/audit-fixtures.js';
import { dynamoEndpoint } from '../../support/emulators.js';
import { startTestGateway } from '../../support/gateway.js';
import { type FreshStore, freshStore } from './fresh-store.js';

/** The gsi1 partition of a party's entries before the audit table (keys.ts then: PARTITION.auditOf). */
const oldAuditPartition = (partyId: string) => `PARTY#${partyId}#AUDIT`;

const signer = createKeyAuditSigner(generateAuditSigningKeyPem());
let fresh: FreshStore;

/**
 * The audit trail as the gateway kept it before (main at 77232e4): every item in the item
 * table, each entry indexed on gsi1 by time (audit-items.ts then), a day read from gsi1.
 * Heads, digests and reads by seq had the keys they still have.
 */
function legacyTrail(): AuditTrail {
  const ctx = createStoreContext({
    client: fresh.client,
    tableName: fresh.tableName,
    auditTableName: fresh.tableName,
  });
  const doc = DynamoDBDocumentClient.from(fresh.client);
  const current = createAuditTrail(ctx);
  return {
    ...current,
    async append(events: readonly AuditEvent[]) {
      const chained = chainAuditEvents(await current.head('soc-alpha'), events);
      for (const entry of chained.entries)
        await doc.send(
          new PutCommand({
            TableName: fresh.tableName,
            Item: {
              ...KEY.auditEntry(entry.partyId, entry.seq),
              gsi1pk: oldAuditPartition(entry.partyId),
              gsi1sk: `${sortableInstant(entry.at)}#${String(entry.seq).padStart(12, '0')}`,
              entity: ENTITY.auditEntry,
              data: entry,
            },
          }),
        );
      const head = chained.head;
      if (head)
        await doc.send(
          new PutCommand({
            TableName: fresh.tableName,
            Item: {
              ...KEY.auditHead(head.partyId),
              entity: ENTITY.auditHead,
              data: head,
              seq: head.seq,
            },
          }),
        );
      return chained.entries;
    },
    async entriesBetween(partyId, start, end) {
      const { Items = [] } = await doc.send(
        new QueryCommand({
          TableName: fresh.tableName,
          IndexName: INDEX.gsi1,
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': oldAuditPartition(partyId),
            ':from': sortableInstant(start),
            ':to': `${sortableInstant(end)}!`,
          },
        }),
      );
      return Items.map((item) => item.data)
        .filter((e) => Date.parse(e.at) < Date.parse(end))
        .sort((a, b) => a.seq - b.seq);
    },
  };
}

const newTrail = () =>
  createAuditTrail(
    createStoreContext({
      client: fresh.client,
      tableName: fresh.tableName,
      auditTableName: fresh.auditTableName,
    }),
  );

function deps(audit: AuditTrail) {
  return {
    audit,
    signer,
    parties: fresh.store,
    now: () => new Date('2026-11-21T19:05:00Z'),
    newId: (p: string) => `${p}_1`,
    log: { warn: () => {} },
  };
}

const itemsOf = async (TableName: string, pk: string) =>
  (
    await DynamoDBDocumentClient.from(fresh.client).send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

const oldAuditItems = async () =>
  [
    ...(await itemsOf(fresh.tableName, KEY.auditEntry('soc-alpha', 0).pk)),
    ...(await itemsOf(fresh.tableName, KEY.auditHead('x').pk)),
    ...(await itemsOf(fresh.tableName, KEY.auditDigest('x').pk)),
  ].length;

beforeEach(async () => {
  fresh = await freshStore();
  const legacy = legacyTrail();
  // Six entries over two national days in three writes, and the second day closed.
  await legacy.append(SAMPLE_EVENTS.slice(0, 2));
  await legacy.append(SAMPLE_EVENTS.slice(2, 3));
  await legacy.append(SAMPLE_EVENTS.slice(3));
  await closeAuditDay({ ...deps(legacy), partyIds: async () => ['soc-alpha'] }, '2026-11-21');
});

describe('moving a legacy audit trail into the audit table', () => {
  it('verifies, exports the old days byte for byte, and chains new appends onto the old head', async () => {
    // Arrange: what the old gateway answered
    const legacy = legacyTrail();
    const before = {
      verify: await verifyAuditTrail(deps(legacy), 'soc-alpha'),
      day1: await auditDayFile(legacy, 'soc-alpha', '2026-11-20', 'annex4'),
      day2: await auditDayFile(legacy, 'soc-alpha', '2026-11-21', 'jsonl'),
      head: await legacy.head('soc-alpha'),
    };
    expect(before.verify).toMatchObject({ ok: true, checked: 6 });
    expect([before.day1.entries, before.day2.entries]).toEqual([3, 3]);

    // Act
    const report = await migrateLegacyAudit(
      createStoreContext({
        client: fresh.client,
        tableName: fresh.tableName,
        auditTableName: fresh.auditTableName,
      }),
    );
    const audit = newTrail();
    const after = {
      verify: await verifyAuditTrail(deps(audit), 'soc-alpha'),
      day1: await auditDayFile(audit, 'soc-alpha', '2026-11-20', 'annex4'),
      day2: await auditDayFile(audit, 'soc-alpha', '2026-11-21', 'jsonl'),
    };
    const [appended] = await audit.append([
      { ...(SAMPLE_EVENTS[5] as AuditEvent), at: '2026-11-22T04:00:00Z' },
    ]);
    const afterAppend = await verifyAuditTrail(
      { ...deps(audit), now: () => new Date('2026-11-22T05:00:00Z') },
      'soc-alpha',
    );
    const day3 = await auditDayFile(audit, 'soc-alpha', '2026-11-22', 'jsonl');

    // Assert
    expect(report).toEqual({ chains: 1, entries: 6, digests: 1, conflicts: [] });
    expect(after.verify).toMatchObject({ ok: true, checked: 6 });
    expect([before.verify.digestsVerified, after.verify.digestsVerified]).toEqual([1, 1]);
    expect(Buffer.from(after.day1.body).equals(Buffer.from(before.day1.body))).toBe(true);
    expect(Buffer.from(after.day2.body).equals(Buffer.from(before.day2.body))).toBe(true);
    expect(appended).toMatchObject({ seq: 7, prevHash: before.head?.hash });
    expect(afterAppend).toMatchObject({ ok: true, checked: 7 });
    expect(day3.entries).toBe(1);
    // Nothing audit is left in the item table; the moved entries carry no index keys.
    expect(await oldAuditItems()).toBe(0);
    const moved = await itemsOf(fresh.auditTableName, KEY.auditEntry('soc-alpha', 0).pk);
    expect(moved.every((item) => item.gsi1pk === undefined)).toBe(true);
  });

  it('is run by the local runtime at start (npm start on an old data dir)', async () => {
    const gateway = await startTestGateway({ tableName: fresh.tableName });
    try {
      const report = await verifyAuditTrail(
        { ...deps(newTrail()), signer: undefined as never },
        'soc-alpha',
      );

      expect(report).toMatchObject({ ok: true, checked: 6 });
      expect(await oldAuditItems()).toBe(0);
      // The old digest moved (the runtime may since have closed later days too).
      expect((await newTrail().digests()).map((d) => d.day)).toContain('2026-11-21');
    } finally {
      await gateway.stop();
    }
  });

  it('is idempotent, also when stopped halfway', async () => {
    const ctx = createStoreContext({
      client: fresh.client,
      tableName: fresh.tableName,
      auditTableName: fresh.auditTableName,
    });
    // A run stopped after copying the first two entries (nothing deleted yet).
    const doc = DynamoDBDocumentClient.from(fresh.client);
    for (const item of (await itemsOf(fresh.tableName, KEY.auditEntry('soc-alpha', 0).pk)).slice(
      0,
      2,
    )) {
      const { gsi1pk: _pk, gsi1sk: _sk, ...copy } = item;
      await doc.send(new PutCommand({ TableName: fresh.auditTableName, Item: copy }));
    }

    const first = await migrateLegacyAudit(ctx);
    const second = await migrateLegacyAudit(ctx);

    expect(first).toEqual({ chains: 1, entries: 6, digests: 1, conflicts: [] });
    expect(second).toEqual({ chains: 0, entries: 0, digests: 0, conflicts: [] });
    expect(await verifyAuditTrail(deps(newTrail()), 'soc-alpha')).toMatchObject({
      ok: true,
      checked: 6,
    });
  });

  it('leaves a chain whose copy conflicts in place, and names it (npm run audit:migrate exits 1)', async () => {
    // A chain begun afresh in the audit table before the move: its seq 1 differs.
    await newTrail().append([{ ...(SAMPLE_EVENTS[0] as AuditEvent), description: 'afresh' }]);
    const lines: string[] = [];

    const code = await runAuditMigrate(
      [
        '--endpoint',
        dynamoEndpoint(),
        '--table',
        fresh.tableName,
        '--audit-table',
        fresh.auditTableName,
      ],
      {},
      { out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`) },
    );

    expect(code, lines.join('\n')).toBe(1);
    expect(lines.join('\n')).toContain('CONFLICT AUDIT#soc-alpha/SEQ#000000000001');
    // The old chain is still whole where it was.
    expect(await verifyAuditTrail(deps(legacyTrail()), 'soc-alpha')).toMatchObject({ ok: true });
  });
});
