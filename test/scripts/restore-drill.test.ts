/**
 * `npm run restore-drill` on DynamoDB Local (issue #15 item 6): a table with parties,
 * incidents, obligations, deliveries and an audit chain is snapshotted and restored into
 * a new table; every kind comes back in full and the chain verifies on the copy. A
 * snapshot missing a row, or with an audit row altered, fails the drill's checks.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDynamoGatewayStore,
  createDynamoStorePorts,
} from '../../functions/adapters/dynamodb/index.js';
import { AUDIT_TABLE_DEFINITION } from '../../functions/adapters/dynamodb/table-definition.js';
import {
  differingKinds,
  restoreSnapshot,
  snapshotTable,
  verifyRestored,
} from '../../scripts/backup/restore-drill.js';
import { EXIT, runRestoreDrill } from '../../scripts/restore-drill.js';
import { SAMPLE_EVENTS } from '../core/audit/audit-fixtures.js';
import { writeIncident } from '../support/delivery-harness.js';
import { dynamoEndpoint, type FreshStack, provisionFresh } from '../support/emulators.js';
import { delivery, openObligation, party } from '../support/records.js';

let stack: FreshStack;
let dataDir: string;

beforeAll(async () => {
  stack = await provisionFresh();
  dataDir = await mkdtemp(join(tmpdir(), 'restore-drill-'));
  const tables = { tableName: stack.tableName, auditTableName: stack.auditTableName };
  const ports = createDynamoStorePorts({ client: stack.dynamodb, ...tables });
  const store = createDynamoGatewayStore({ client: stack.dynamodb, ...tables });
  await ports.parties.putParty(party('soc-alpha'));
  await ports.parties.putParty(party('ncc-duty', { role: 'ncc' }));
  for (let i = 0; i < 3; i += 1) {
    await writeIncident(store, 'soc-alpha', {
      obligations: (id) => [
        openObligation(new Date(Date.now() + 3_600_000).toISOString(), {
          subjectId: id,
          kind: 'card',
          owedBy: 'soc-alpha',
        }),
      ],
      deliveries: [delivery({ partyId: 'ncc-duty' })],
    });
  }
  await ports.audit.append(SAMPLE_EVENTS);
});

describe('npm run restore-drill (embedded stack)', () => {
  it('restores every item of both tables into new ones and verifies every audit chain there', async () => {
    const lines: string[] = [];
    const code = await runRestoreDrill(
      [
        '--endpoint',
        dynamoEndpoint(),
        '--table',
        stack.tableName,
        '--audit-table',
        stack.auditTableName,
        '--data-dir',
        dataDir,
      ],
      { out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`) },
      {},
    );

    expect(code, lines.join('\n')).toBe(EXIT.ok);
    const text = lines.join('\n');
    expect(text).toMatch(/incident 3\b/);
    expect(text).toMatch(/obligation 3\b/);
    expect(text).toMatch(/delivery 3\b/);
    expect(text).toMatch(new RegExp(`auditEntry ${SAMPLE_EVENTS.length}\\b`));
    expect(text).toMatch(
      new RegExp(`audit chain soc-alpha: ${SAMPLE_EVENTS.length} entries, verifies`),
    );
    // The audit items come back from the audit table's own snapshot, and only from it.
    const auditSnapshot = lines.find((l) => l.includes(`${stack.auditTableName}-`));
    expect(auditSnapshot).toMatch(new RegExp(`auditEntry ${SAMPLE_EVENTS.length}\\b`));
    expect(auditSnapshot).not.toMatch(/incident/);
    expect(lines.find((l) => l.startsWith(`snapshot `) && !l.includes('-audit'))).not.toMatch(
      /audit/,
    );
    expect(lines.at(-1)).toMatch(/^restore drill passed in [\d.]+ s: every item back/);
  });

  it('names the kind a snapshot lost, and the audit chain a snapshot altered', async () => {
    const file = join(dataDir, 'tampered.jsonl');
    const auditFile = join(dataDir, 'tampered-audit.jsonl');
    const source = {
      ...(await snapshotTable(stack.dynamodb, stack.tableName, file)),
      ...(await snapshotTable(stack.dynamodb, stack.auditTableName, auditFile)),
    };
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const firstDelivery = lines.findIndex((l) => l.includes('"S":"delivery"'));
    await writeFile(
      file,
      `${lines.filter((_line, index) => index !== firstDelivery).join('\n')}\n`,
    );
    const auditLines = (await readFile(auditFile, 'utf8')).trim().split('\n');
    const altered = auditLines.map((line) =>
      line.includes('"S":"auditEntry"') && line.includes('"seq":{"N":"2"}')
        ? line.replace(/"description":\{"S":"[^"]*"\}/, '"description":{"S":"rewritten"}')
        : line,
    );
    expect(altered.join('\n')).toContain('rewritten');
    await writeFile(auditFile, `${altered.join('\n')}\n`);

    const target = `${stack.tableName}-tampered`;
    await restoreSnapshot(stack.dynamodb, file, target);
    await restoreSnapshot(stack.dynamodb, auditFile, `${target}-audit`, AUDIT_TABLE_DEFINITION);
    const { restoredCounts, auditChains } = await verifyRestored(
      stack.dynamodb,
      target,
      `${target}-audit`,
    );

    expect(differingKinds(source, restoredCounts)).toEqual(['delivery']);
    const chain = auditChains.find((c) => c.partyId === 'soc-alpha');
    expect(chain?.ok).toBe(false);
    expect(chain?.fault).toContain('2');
  });

  it('refuses arguments that do not make a drill (exit 2)', async () => {
    const io = { out: () => undefined, err: () => undefined };
    expect(await runRestoreDrill(['--pitr'], io, {})).toBe(EXIT.usage);
    expect(await runRestoreDrill(['--at', '2026-12-01T00:00:00Z'], io, {})).toBe(EXIT.usage);
    expect(await runRestoreDrill(['--pitr', '--table', 't', '--at', 'yesterday'], io, {})).toBe(
      EXIT.usage,
    );
  });
});
