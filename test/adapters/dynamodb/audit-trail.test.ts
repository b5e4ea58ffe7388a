/**
 * The audit trail on DynamoDB Local (docs/contract.md §6), in the audit table of its own:
 * tampering with the stored rows directly — one changed, one deleted, a whole day rewritten
 * consistently — is found by verification, the last only through the signed daily digest.
 */
import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKeyAuditSigner,
  generateAuditSigningKeyPem,
} from '../../../functions/adapters/crypto/key-audit-signer.js';
import { createAuditTrail } from '../../../functions/adapters/dynamodb/audit-trail.js';
import { createStoreContext } from '../../../functions/adapters/dynamodb/context.js';
import { KEY } from '../../../functions/adapters/dynamodb/keys.js';
import { chainAuditEvents } from '../../../functions/core/audit/audit-entry.js';
import type { AuditTrail } from '../../../functions/core/ports/audit-trail.js';
import { closeAuditDay } from '../../../functions/core/use-cases/audit/close-audit-day.js';
import {
  auditDayFile,
  verifyAuditTrail,
} from '../../../functions/core/use-cases/audit/read-audit.js';
import { SAMPLE_EVENTS } from '../../core/audit/audit-fixtures.js';
import { type FreshStore, freshStore } from './fresh-store.js';

const signer = createKeyAuditSigner(generateAuditSigningKeyPem());
let fresh: FreshStore;
let audit: AuditTrail;

function deps() {
  return {
    audit,
    signer,
    parties: fresh.store,
    now: () => new Date('2026-11-21T19:05:00Z'),
    newId: (p: string) => `${p}_1`,
    log: { warn: () => {} },
  };
}

beforeEach(async () => {
  fresh = await freshStore();
  audit = createAuditTrail(
    createStoreContext({
      client: fresh.client,
      tableName: fresh.tableName,
      auditTableName: fresh.auditTableName,
    }),
  );
  // The sample: six entries of soc-alpha over two national days, appended in three writes.
  await audit.append(SAMPLE_EVENTS.slice(0, 2));
  await audit.append(SAMPLE_EVENTS.slice(2, 3));
  await audit.append(SAMPLE_EVENTS.slice(3));
});

const dataKey = (seq: number) => KEY.auditEntry('soc-alpha', seq);
const raw = () => DynamoDBDocumentClient.from(fresh.client);

describe('the audit trail on DynamoDB', () => {
  it('appends a chain that verifies, with the expected hashes', async () => {
    const report = await verifyAuditTrail(deps(), 'soc-alpha');
    const stored = await audit.entries('soc-alpha', 1, 100);

    expect(report).toMatchObject({ ok: true, checked: 6, firstSeq: 1, lastSeq: 6 });
    expect(stored).toEqual(chainAuditEvents(undefined, SAMPLE_EVENTS).entries);
  });

  it('reports exactly the row changed in place', async () => {
    await raw().send(
      new UpdateCommand({
        TableName: fresh.auditTableName,
        Key: dataKey(4),
        UpdateExpression: 'SET #data.#outcome = :forged',
        ExpressionAttributeNames: { '#data': 'data', '#outcome': 'outcome' },
        ExpressionAttributeValues: { ':forged': 'unblocked' },
      }),
    );

    const report = await verifyAuditTrail(deps(), 'soc-alpha');

    expect(report.ok).toBe(false);
    expect(report.fault).toMatchObject({ kind: 'altered', seq: 4 });
  });

  it('reports a deleted row as missing', async () => {
    await raw().send(new DeleteCommand({ TableName: fresh.auditTableName, Key: dataKey(2) }));

    const report = await verifyAuditTrail(deps(), 'soc-alpha');

    expect(report.fault).toMatchObject({ kind: 'missing', seq: 2 });
  });

  it('catches a whole chain rewritten consistently only through the signed digest', async () => {
    // Arrange: the day closes with a signed digest of the head (seq 6)
    await closeAuditDay({ ...deps(), partyIds: async () => ['soc-alpha'] }, '2026-11-21');
    // …then every row is rewritten with valid links and hashes, head included
    const forged = chainAuditEvents(
      undefined,
      SAMPLE_EVENTS.map((e) => ({ ...e, outcome: 'nothing happened' })),
    ).entries;
    for (const entry of forged) {
      await raw().send(
        new UpdateCommand({
          TableName: fresh.auditTableName,
          Key: dataKey(entry.seq),
          UpdateExpression: 'SET #data = :entry',
          ExpressionAttributeNames: { '#data': 'data' },
          ExpressionAttributeValues: { ':entry': entry },
        }),
      );
    }
    const last = forged.at(-1);
    await raw().send(
      new PutCommand({
        TableName: fresh.auditTableName,
        Item: {
          ...KEY.auditHead('soc-alpha'),
          entity: 'auditHead',
          data: { partyId: 'soc-alpha', seq: 6, hash: last?.hash, at: last?.at },
          seq: 6,
        },
      }),
    );

    // Act
    const withoutDigest = await verifyAuditTrail(
      { ...deps(), signer: undefined as never },
      'soc-alpha',
    );
    const withDigest = await verifyAuditTrail(deps(), 'soc-alpha');

    // Assert
    expect(withoutDigest.fault).toBeUndefined();
    expect(withDigest.ok).toBe(false);
    expect(withDigest.fault).toMatchObject({ kind: 'digest_mismatch', seq: 6 });
  });

  it('exports a national day, and a day without entries as the header alone', async () => {
    const day = await auditDayFile(audit, 'soc-alpha', '2026-11-20', 'annex4');
    const empty = await auditDayFile(audit, 'soc-alpha', '2026-11-25', 'annex4');

    expect(day.entries).toBe(3);
    expect(day.body.split('\n')[1]).toMatch(/^20:11:2026;09:25:00;ncc-gateway\/post-incident;/);
    expect(empty.body).toBe(
      'date;time;source;user_id;user_ip;operation_start;operation_end;description\n',
    );
  });

  it('keeps every audit item in the audit table, a table without indexes', async () => {
    await closeAuditDay({ ...deps(), partyIds: async () => ['soc-alpha'] }, '2026-11-21');
    const kinds = async (TableName: string) =>
      ((await fresh.client.send(new ScanCommand({ TableName }))).Items ?? [])
        .map((item) => item.entity?.S)
        .sort();
    const { Table } = await fresh.client.send(
      new DescribeTableCommand({ TableName: fresh.auditTableName }),
    );

    expect(await kinds(fresh.tableName)).toEqual([]);
    expect(new Set(await kinds(fresh.auditTableName))).toEqual(
      new Set(['auditEntry', 'auditHead', 'auditDay', 'auditDigest']),
    );
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
  });

  it("writes no index keys on an entry; a national day's first seq once, in the append", async () => {
    const entry = await raw().send(
      new GetCommand({ TableName: fresh.auditTableName, Key: dataKey(3) }),
    );
    const days = await raw().send(
      new QueryCommand({
        TableName: fresh.auditTableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': KEY.auditDay('soc-alpha', '').pk },
      }),
    );
    const head = await raw().send(
      new GetCommand({ TableName: fresh.auditTableName, Key: KEY.auditHead('soc-alpha') }),
    );

    expect(Object.keys(entry.Item ?? {}).sort()).toEqual(['data', 'entity', 'pk', 'sk']);
    // The sample: seq 1–3 on 2026-11-20, 4–6 on 2026-11-21 (national days).
    expect(days.Items?.map((item) => [item.sk, item.seq])).toEqual([
      ['DAY#2026-11-20', 1],
      ['DAY#2026-11-21', 4],
    ]);
    expect(head.Item).toMatchObject({ seq: 6, day: '2026-11-21' });
  });

  it('appends onto a head written before days were kept, and exports that day', async () => {
    // A head without `day`, and no markers: as a chain written by an earlier version.
    const stored = await raw().send(
      new GetCommand({ TableName: fresh.auditTableName, Key: KEY.auditHead('soc-alpha') }),
    );
    const { day: _day, ...legacy } = stored.Item ?? {};
    await raw().send(new PutCommand({ TableName: fresh.auditTableName, Item: legacy }));
    await raw().send(
      new DeleteCommand({
        TableName: fresh.auditTableName,
        Key: KEY.auditDay('soc-alpha', '2026-11-21'),
      }),
    );
    const later = {
      ...SAMPLE_EVENTS[5],
      at: '2026-11-21T10:00:00Z',
    } as (typeof SAMPLE_EVENTS)[number];

    const [appended] = await audit.append([later]);
    const day = await auditDayFile(audit, 'soc-alpha', '2026-11-21', 'jsonl');

    expect(appended?.seq).toBe(7);
    expect(
      day.body
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).seq),
    ).toEqual([7]);
  });
});
