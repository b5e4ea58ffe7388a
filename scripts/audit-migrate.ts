/**
 * `npm run audit:migrate -- [--table <name>] [--audit-table <name>] [--endpoint <url>] [--region <region>] [--json]`
 *
 * Moves the audit items a table written before the audit table existed still holds (entries,
 * heads, digests in the item table) into the audit table, with the day markers the old
 * chains lack (functions/adapters/dynamodb/audit-migration.ts). Idempotent: run it again
 * after an interruption. The embedded stack runs it itself at every `npm start`; on AWS it
 * is run once, with the operator's credentials, after the stateful stack has created the
 * audit table and before the new functions take traffic (docs/deploy.md).
 *
 * Where: `--endpoint` or AWS_ENDPOINT_URL (DynamoDB Local, LocalStack), else AWS in
 * `--region`/AWS_REGION; `--table` or TABLE_NAME (default `ncc-gateway`), `--audit-table`
 * or AUDIT_TABLE_NAME (default `<table>-audit`).
 *
 * Exit codes: 0 moved (or nothing to move); 1 conflicts (named; those chains stay where
 * they were); 2 bad arguments; 3 a table could not be read or written.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { migrateLegacyAudit } from '../functions/adapters/dynamodb/audit-migration.js';
import { createDynamoDbClient } from '../functions/adapters/dynamodb/client.js';
import { createStoreContext } from '../functions/adapters/dynamodb/context.js';
import { defaultAuditTableName } from '../functions/adapters/dynamodb/table-definition.js';
import { regionOf } from '../functions/handlers/config.js';
import { EMULATOR_REQUEST_TIMEOUT_MS } from '../functions/local/emulators.js';

export const USAGE =
  'Usage: npm run audit:migrate -- [--table <name>] [--audit-table <name>] [--endpoint <url>] [--region <region>] [--json]';

export const EXIT = { ok: 0, fault: 1, usage: 2, unavailable: 3 } as const;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export async function runAuditMigrate(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: Output,
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        table: { type: 'string' },
        'audit-table': { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return EXIT.usage;
  }
  const text = (name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const tableName = text('table') ?? env.TABLE_NAME ?? 'ncc-gateway';
  const auditTableName =
    text('audit-table') ?? env.AUDIT_TABLE_NAME ?? defaultAuditTableName(tableName);
  const endpoint = text('endpoint') ?? env.AWS_ENDPOINT_URL;
  const client = createDynamoDbClient({
    region: text('region') ?? regionOf(env),
    ...(endpoint === undefined ? {} : { endpoint, requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS }),
  });
  try {
    const report = await migrateLegacyAudit(
      createStoreContext({ client, tableName, auditTableName }),
    );
    if (values.json === true) io.out(JSON.stringify(report, null, 2));
    else {
      io.out(
        `moved ${report.chains} chains (${report.entries} entries) and ${report.digests} digests from ${tableName} into ${auditTableName}`,
      );
      for (const item of report.conflicts)
        io.out(`CONFLICT ${item}: the audit table holds a different item; left in ${tableName}`);
    }
    return report.conflicts.length === 0 ? EXIT.ok : EXIT.fault;
  } catch (error) {
    io.err(
      `audit:migrate could not run: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT.unavailable;
  } finally {
    client.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runAuditMigrate(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
