/**
 * `npm run audit:verify -- --party <id> [--from <instant>] [--to <instant>] [--json]
 *   [--table <name>] [--audit-table <name>] [--endpoint <url>] [--region <region>] [--key-file <pem> | --data-dir <dir>]`
 *
 * Verifies one party's audit hash chain (п.90-1(7)) with the same core as
 * GET /v1/audit/verify (`verifyAuditTrail`), straight from the table, so an auditor can
 * check the trail without the API and without an admin token. Prints one line naming
 * the first broken or missing link (and the first daily digest that does not verify);
 * `--json` prints the whole report instead.
 *
 * Where it reads:
 * - DynamoDB Local (the embedded stack) or LocalStack: `--endpoint` or AWS_ENDPOINT_URL;
 * - AWS: the table `--table` or TABLE_NAME (default `ncc-gateway`; the party registry) and
 *   the audit table `--audit-table` or AUDIT_TABLE_NAME (default `<table>-audit`; chains,
 *   heads, digests) in `--region` or AWS_REGION, with the usual AWS credentials.
 * Digests are verified with the local signing key (`<data-dir>/audit-signing-key.pem`,
 * or `--key-file`) when it exists; without a key only the chain links are checked, and
 * the report says so.
 *
 * Exit codes: 0 the chain verifies; 1 a fault was found; 2 bad arguments or an unknown
 * party; 3 the table could not be read.
 */
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AUDIT_KEY_FILE,
  createKeyAuditSigner,
} from '../functions/adapters/crypto/key-audit-signer.js';
import { createDynamoDbClient } from '../functions/adapters/dynamodb/client.js';
import { createDynamoStorePorts } from '../functions/adapters/dynamodb/index.js';
import { DependencyUnavailableError } from '../functions/core/errors.js';
import type { AuditSigner } from '../functions/core/ports/audit-signer.js';
import type { AuditTrail } from '../functions/core/ports/audit-trail.js';
import type { PartyStore } from '../functions/core/ports/parties.js';
import {
  type AuditVerifyReport,
  verifyAuditTrail,
} from '../functions/core/use-cases/audit/read-audit.js';
import { newGatewayId } from '../functions/core/use-cases/context.js';
import { type Environment, regionOf } from '../functions/handlers/config.js';
import { DEFAULT_DATA_DIR } from '../functions/local/data-dir.js';
import { EMULATOR_REQUEST_TIMEOUT_MS } from '../functions/local/emulators.js';

export const USAGE = `Usage: npm run audit:verify -- --party <id> [--from <instant>] [--to <instant>] [--json]
       [--table <name>] [--audit-table <name>] [--endpoint <url>] [--region <region>] [--key-file <pem> | --data-dir <dir>]`;

export const EXIT = { ok: 0, fault: 1, usage: 2, unavailable: 3 } as const;

/** Where the command writes (process streams, or a test's buffers). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** The stores the command reads; built from the options unless a test passes its own. */
export interface AuditVerifyStores {
  audit: AuditTrail;
  parties: PartyStore;
}

class UsageError extends Error {}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function instantOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!INSTANT.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`${name} must be an RFC 3339 instant with an offset, got "${value}".`);
  return new Date(value).toISOString();
}

async function signerFrom(path: string, explicit: boolean): Promise<AuditSigner | undefined> {
  try {
    await access(path);
  } catch {
    if (explicit) throw new UsageError(`No key file at ${path}.`);
    return undefined;
  }
  return createKeyAuditSigner(await readFile(path, 'utf8'));
}

/** One line for people: verdict, what was checked, and the first fault. */
export function summaryOf(report: AuditVerifyReport, signed: boolean): string {
  const range =
    report.firstSeq === undefined ? 'no entries' : `seq ${report.firstSeq}–${report.lastSeq}`;
  const digests = signed
    ? `${report.digestsVerified} signed digest(s), ${report.digestCheckpoints} checkpoint(s)`
    : 'digests NOT checked (no signing key)';
  const verdict = report.ok ? 'OK' : 'BROKEN';
  const faults = [
    ...(report.fault
      ? [`first fault: ${report.fault.kind} at seq ${report.fault.seq}: ${report.fault.message}`]
      : []),
    ...(report.digestFault
      ? [
          `digest fault: ${report.digestFault.kind} on ${report.digestFault.day}: ${report.digestFault.message}`,
        ]
      : []),
  ];
  return [
    `${verdict} ${report.partyId}: ${report.checked} entries checked (${range}); ${digests}`,
    ...faults,
  ].join('\n');
}

/** Runs the command; resolves the exit code. */
export async function runAuditVerify(
  argv: readonly string[],
  env: Environment,
  io: Output,
  stores?: AuditVerifyStores,
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        party: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean' },
        table: { type: 'string' },
        'audit-table': { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        'key-file': { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  const text = (name: string) => {
    const value = values[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  try {
    const party = text('party');
    if (party === undefined) throw new UsageError('Name the party: --party <id>.');
    const window = {
      ...(text('from') === undefined ? {} : { from: instantOption(text('from'), '--from') }),
      ...(text('to') === undefined ? {} : { to: instantOption(text('to'), '--to') }),
    } as { from?: string; to?: string };
    const keyFile = text('key-file');
    const signer = await signerFrom(
      keyFile ?? join(resolve(text('data-dir') ?? DEFAULT_DATA_DIR), AUDIT_KEY_FILE),
      keyFile !== undefined,
    );
    const read = stores ?? storesFrom(text, env);
    if (!(await read.parties.getParty(party))) {
      io.err(`No party "${party}" is registered in this table.`);
      return EXIT.usage;
    }
    const report = await verifyAuditTrail(
      {
        ...read,
        ...(signer ? { signer } : {}),
        now: () => new Date(),
        newId: newGatewayId,
        // The fault is the command's output; no second copy as a log line.
        log: { warn: () => {} },
      },
      party,
      window,
    );
    io.out(
      json(values) ? JSON.stringify(report, null, 2) : summaryOf(report, signer !== undefined),
    );
    return report.ok ? EXIT.ok : EXIT.fault;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof DependencyUnavailableError) {
      io.err(`The table could not be read: ${error.message}`);
      return EXIT.unavailable;
    }
    throw error;
  }
}

const json = (values: Record<string, unknown>) => values.json === true;

function storesFrom(
  text: (name: string) => string | undefined,
  env: Environment,
): AuditVerifyStores {
  const endpoint = text('endpoint') ?? env.AWS_ENDPOINT_URL;
  const client = createDynamoDbClient({
    region: text('region') ?? regionOf(env),
    ...(endpoint === undefined ? {} : { endpoint, requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS }),
  });
  const auditTableName = text('audit-table') ?? env.AUDIT_TABLE_NAME;
  const ports = createDynamoStorePorts({
    client,
    tableName: text('table') ?? env.TABLE_NAME ?? 'ncc-gateway',
    ...(auditTableName === undefined ? {} : { auditTableName }),
  });
  return { audit: ports.audit, parties: ports.parties };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runAuditVerify(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = EXIT.unavailable;
    },
  );
}
