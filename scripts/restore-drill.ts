/**
 * `npm run restore-drill -- [--endpoint <url>] [--table <name>] [--audit-table <name>] [--data-dir <dir>] [--json]`
 * `npm run restore-drill -- --pitr [--at <instant>] --table <name> [--audit-table <name>] [--region <region>] [--json]`
 *
 * The restore drill of docs/continuity.md (issue #15 item 6): restores the gateway's two
 * tables — items, and the audit table (`--audit-table`, AUDIT_TABLE_NAME, default
 * `<table>-audit`) — into new tables and proves they came back — every item, counted by
 * kind, and every party's audit hash chain verifying on the copies. One line per step,
 * then the verdict.
 *
 * - Embedded stack (default): a JSON-lines snapshot of each table is written under
 *   `<data-dir>/backups/` and restored into `<table>-restore-<stamp>` on the same DynamoDB
 *   Local. Without `--endpoint` the drill starts DynamoDB Local on `<data-dir>/dynamodb`
 *   itself, so stop `npm start` first (or pass the running one's endpoint).
 * - AWS (`--pitr`): point-in-time recovery of each into `<table>-restore-<stamp>` (the latest
 *   restorable time, or `--at`), with the operator's credentials. The source keeps
 *   changing, so its counts are shown, not compared.
 *
 * Exit codes: 0 restored and verified; 1 something did not come back or a chain fails;
 * 2 bad arguments; 3 the table could not be read or written.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../functions/adapters/dynamodb/client.js';
import {
  AUDIT_TABLE_DEFINITION,
  defaultAuditTableName,
} from '../functions/adapters/dynamodb/table-definition.js';
import { regionOf } from '../functions/handlers/config.js';
import { DEFAULT_DATA_DIR } from '../functions/local/data-dir.js';
import { EMULATOR_REQUEST_TIMEOUT_MS, startDynamoDbLocal } from '../functions/local/emulators.js';
import {
  addCounts,
  type DrillReport,
  differingKinds,
  type KindCounts,
  latestRestorableTime,
  restorePointInTime,
  restoreSnapshot,
  snapshotTable,
  verifyRestored,
} from './backup/restore-drill.js';

export const USAGE = `Usage: npm run restore-drill -- [--endpoint <url>] [--table <name>] [--audit-table <name>] [--data-dir <dir>] [--json]
       npm run restore-drill -- --pitr [--at <instant>] --table <name> [--audit-table <name>] [--region <region>] [--json]`;

export const EXIT = { ok: 0, fault: 1, usage: 2, unavailable: 3 } as const;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

const total = (counts: KindCounts) => Object.values(counts).reduce((a, b) => a + b, 0);
const describeCounts = (counts: KindCounts) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');

/** A table-name suffix from the drill's start: sortable, and valid in a DynamoDB name. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

export async function runRestoreDrill(
  argv: readonly string[],
  output: Output,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    output.err(error instanceof Error ? error.message : String(error));
    output.err(USAGE);
    return EXIT.usage;
  }
  const started = new Date();
  const table = options.table ?? env.TABLE_NAME ?? 'ncc-gateway';
  const target = `${table}-restore-${stamp(started)}`;
  const auditTable = options.auditTable ?? env.AUDIT_TABLE_NAME ?? defaultAuditTableName(table);
  const auditTarget = `${auditTable}-restore-${stamp(started)}`;
  const stops: Array<() => Promise<void>> = [];
  try {
    let client: DynamoDBClient;
    const region = options.region ?? regionOf(env);
    if (options.pitr) {
      client = createDynamoDbClient({ region, requestTimeoutMs: 30_000 });
    } else {
      let endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
      if (endpoint === undefined) {
        const dynamo = await startDynamoDbLocal({ dataDir: join(options.dataDir, 'dynamodb') });
        stops.push(() => dynamo.stop());
        endpoint = dynamo.endpoint;
        output.out(`started DynamoDB Local on ${join(options.dataDir, 'dynamodb')}`);
      }
      client = createDynamoDbClient({
        region,
        endpoint,
        requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
      });
    }
    stops.push(async () => client.destroy());

    let sourceCounts: KindCounts;
    if (options.pitr) {
      const at = options.at?.toISOString() ?? 'latest';
      output.out(`restoring ${table} (point in time ${at}) into ${target}…`);
      output.out(`restoring ${auditTable} (point in time ${at}) into ${auditTarget}…`);
      // Both to the same instant: an append and the write it records commit together.
      const instant = options.at ?? (await latestRestorableTime(client, [table, auditTable]));
      await Promise.all([
        restorePointInTime(client, table, target, instant),
        restorePointInTime(client, auditTable, auditTarget, instant),
      ]);
      sourceCounts = {};
    } else {
      sourceCounts = {};
      for (const [source, copy, definition] of [
        [table, target, undefined],
        [auditTable, auditTarget, AUDIT_TABLE_DEFINITION],
      ] as const) {
        const file = join(options.dataDir, 'backups', `${source}-${stamp(started)}.jsonl`);
        const counts = await snapshotTable(client, source, file);
        addCounts(sourceCounts, counts);
        output.out(`snapshot ${file}: ${total(counts)} items (${describeCounts(counts)})`);
        const written = await restoreSnapshot(client, file, copy, definition);
        output.out(`restored ${total(written)} items into ${copy}`);
      }
    }

    const { restoredCounts, auditChains } = await verifyRestored(client, target, auditTarget);
    output.out(
      `restored table ${target}: ${total(restoredCounts)} items (${describeCounts(restoredCounts)})`,
    );
    const missing = options.pitr ? [] : differingKinds(sourceCounts, restoredCounts);
    for (const kind of missing)
      output.out(
        `  ${kind}: ${sourceCounts[kind] ?? 0} in the source, ${restoredCounts[kind] ?? 0} restored`,
      );
    for (const chain of auditChains)
      output.out(
        `audit chain ${chain.partyId}: ${chain.entries} entries, ${chain.ok ? 'verifies' : `FAILS ${chain.fault ?? ''}`}`,
      );
    const report: DrillReport = {
      source: table,
      restored: target,
      auditSource: auditTable,
      auditRestored: auditTarget,
      sourceCounts,
      restoredCounts,
      missing,
      auditChains,
      ok: missing.length === 0 && auditChains.every((c) => c.ok) && total(restoredCounts) > 0,
    };
    if (total(restoredCounts) === 0) output.out('the restored table is empty: nothing was proved');
    if (options.json) output.out(JSON.stringify(report, null, 2));
    const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(1);
    output.out(
      report.ok
        ? `restore drill passed in ${seconds} s: every item back, every audit chain verifies (tables ${target}, ${auditTarget})`
        : `restore drill FAILED in ${seconds} s (tables ${target}, ${auditTarget})`,
    );
    return report.ok ? EXIT.ok : EXIT.fault;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      output.err(
        `restore drill could not run: there is no table ${table} or ${auditTable} there (npm start creates both; or name them with --table, --audit-table).`,
      );
      return EXIT.unavailable;
    }
    output.err(
      `restore drill could not run: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT.unavailable;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

function parse(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      endpoint: { type: 'string' },
      table: { type: 'string' },
      'audit-table': { type: 'string' },
      region: { type: 'string' },
      'data-dir': { type: 'string' },
      pitr: { type: 'boolean', default: false },
      at: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('Restores the table into a new one and verifies it.');
  if (values.pitr && values.endpoint !== undefined)
    throw new UsageError('--pitr restores on AWS; it takes no --endpoint.');
  if (values.pitr && values.table === undefined)
    throw new UsageError('--pitr needs --table (the deployed table, e.g. ncc-gateway-prod).');
  if (!values.pitr && values.at !== undefined)
    throw new UsageError('--at is a point in time for --pitr.');
  const at = values.at === undefined ? undefined : new Date(values.at);
  if (at !== undefined && Number.isNaN(at.getTime()))
    throw new UsageError(`--at must be an instant (RFC 3339), got "${values.at}".`);
  return {
    endpoint: values.endpoint,
    table: values.table,
    auditTable: values['audit-table'],
    region: values.region,
    dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR,
    pitr: values.pitr,
    at,
    json: values.json,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await runRestoreDrill(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  process.exit(code);
}
