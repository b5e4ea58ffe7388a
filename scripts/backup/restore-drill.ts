/**
 * The restore drill (issue #15 item 6, 003 checks M4/M5): restore the gateway's two tables
 * (items, and the audit trail's table of its own) into new tables and prove that what matters came back — every item, by kind, and
 * every party's audit hash chain verifying on the restored copy.
 *
 * Two ways to restore, one verification:
 * - `snapshot` (the embedded stack): the table is read item by item into a JSON-lines
 *   snapshot file (a logical backup, consistent per item; DynamoDB Local's own file is
 *   not safe to copy while it runs), then written into a new table.
 * - `pitr` (AWS): DynamoDB point-in-time recovery restores the table as it was at an
 *   instant into a new table (`RestoreTableToPointInTime`); the drill waits for it.
 *
 * An operator's tool, run with the operator's credentials: it scans, which no function
 * of the gateway may do.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DescribeContinuousBackupsCommand,
  type DynamoDBClient,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { createDynamoStorePorts } from '../../functions/adapters/dynamodb/index.js';
import {
  TABLE_DEFINITION,
  type TableDefinition,
} from '../../functions/adapters/dynamodb/table-definition.js';
import {
  type AuditReadDeps,
  verifyAuditTrail,
} from '../../functions/core/use-cases/audit/read-audit.js';
import { newGatewayId } from '../../functions/core/use-cases/context.js';
import { ensureTable } from '../../functions/local/provision.js';

type Item = Record<string, AttributeValue>;

/** Items by kind (`entity`), as counted in the source and in the restored table. */
export type KindCounts = Record<string, number>;

export interface DrillReport {
  source: string;
  restored: string;
  /** The audit tables: the source's and its restored copy. */
  auditSource: string;
  auditRestored: string;
  /** Items by kind in the source (the snapshot) and in the restored table. */
  sourceCounts: KindCounts;
  restoredCounts: KindCounts;
  /** Kinds whose counts differ (empty when everything came back). */
  missing: string[];
  /** Each party's audit chain on the restored table: entries checked and the first fault. */
  auditChains: Array<{ partyId: string; entries: number; ok: boolean; fault?: string }>;
  ok: boolean;
}

/** Every item of a table, page by page (a consistent read of each page). */
export async function* scanTable(client: DynamoDBClient, tableName: string): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) yield item;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

function kindOf(item: Item): string {
  return item.entity?.S ?? '(no entity)';
}

function countInto(counts: KindCounts, item: Item): void {
  const kind = kindOf(item);
  counts[kind] = (counts[kind] ?? 0) + 1;
}

/** Writes every item of `tableName` to a JSON-lines file (DynamoDB JSON); returns counts by kind. */
export async function snapshotTable(
  client: DynamoDBClient,
  tableName: string,
  file: string,
): Promise<KindCounts> {
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file, { encoding: 'utf8', mode: 0o600 });
  const counts: KindCounts = {};
  for await (const item of scanTable(client, tableName)) {
    countInto(counts, item);
    if (!out.write(`${JSON.stringify(item)}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return counts;
}

/**
 * Creates `tableName` as one of the gateway's tables (the item table's definition unless
 * told: the audit table has its own) and writes every item of the snapshot into it.
 */
export async function restoreSnapshot(
  client: DynamoDBClient,
  file: string,
  tableName: string,
  definition: TableDefinition = TABLE_DEFINITION,
): Promise<KindCounts> {
  await ensureTable(client, tableName, definition);
  const counts: KindCounts = {};
  let batch: Item[] = [];
  const flush = async () => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    batch = [];
    // BatchWriteItem may leave some requests unprocessed; they are sent again.
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error(`Could not write ${requests.length} items to ${tableName}.`);
      const result = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as Item;
    countInto(counts, item);
    batch.push(item);
    if (batch.length === 25) await flush();
  }
  if (batch.length > 0) await flush();
  return counts;
}

/**
 * AWS: the latest instant both tables can be restored to. The item table and the audit
 * table are restored to one instant, so a write and the audit entry recording it (one
 * transaction) come back together or not at all.
 */
export async function latestRestorableTime(
  client: DynamoDBClient,
  tableNames: readonly string[],
): Promise<Date> {
  const times = await Promise.all(
    tableNames.map(async (TableName) => {
      const { ContinuousBackupsDescription: d } = await client.send(
        new DescribeContinuousBackupsCommand({ TableName }),
      );
      const latest = d?.PointInTimeRecoveryDescription?.LatestRestorableDateTime;
      if (latest === undefined) throw new Error(`${TableName} has no point-in-time recovery.`);
      return latest.getTime();
    }),
  );
  return new Date(Math.min(...times));
}

/** AWS: restores `source` as it was at `at` (or the latest restorable time) into `target`. */
export async function restorePointInTime(
  client: DynamoDBClient,
  source: string,
  target: string,
  at?: Date,
): Promise<void> {
  await client.send(
    new RestoreTableToPointInTimeCommand({
      SourceTableName: source,
      TargetTableName: target,
      ...(at ? { RestoreDateTime: at } : { UseLatestRestorableTime: true }),
    }),
  );
  // A restore of a large table takes a while; an hour bounds the drill, not the restore.
  await waitUntilTableExists(
    { client, minDelay: 10, maxDelay: 60, maxWaitTime: 3_600 },
    { TableName: target },
  );
}

/**
 * Counts the restored tables by kind (their kinds are apart: audit kinds only in the audit
 * table) and walks every party's audit chain on them.
 */
export async function verifyRestored(
  client: DynamoDBClient,
  tableName: string,
  auditTableName: string,
): Promise<Pick<DrillReport, 'restoredCounts' | 'auditChains'>> {
  const restoredCounts: KindCounts = {};
  for (const table of [tableName, auditTableName])
    for await (const item of scanTable(client, table)) countInto(restoredCounts, item);
  const ports = createDynamoStorePorts({ client, tableName, auditTableName });
  const deps: AuditReadDeps = {
    audit: ports.audit,
    parties: ports.parties,
    now: () => new Date(),
    newId: newGatewayId,
    // The drill reports faults itself; the use case's warning would only repeat them.
    log: { warn() {} },
  };
  const auditChains: DrillReport['auditChains'] = [];
  for (const party of await ports.parties.listParties()) {
    const report = await verifyAuditTrail(deps, party.id);
    auditChains.push({
      partyId: party.id,
      entries: report.checked,
      ok: report.ok,
      ...(report.fault ? { fault: JSON.stringify(report.fault) } : {}),
    });
  }
  return { restoredCounts, auditChains };
}

/** Adds the counts of `more` into `counts` (two tables' counts as one). */
export function addCounts(counts: KindCounts, more: KindCounts): KindCounts {
  for (const [kind, n] of Object.entries(more)) counts[kind] = (counts[kind] ?? 0) + n;
  return counts;
}

/** The kinds whose counts differ between source and restored table. */
export function differingKinds(source: KindCounts, restored: KindCounts): string[] {
  const kinds = new Set([...Object.keys(source), ...Object.keys(restored)]);
  return [...kinds].filter((kind) => (source[kind] ?? 0) !== (restored[kind] ?? 0)).sort();
}
