/**
 * Fault test for issue #14 item 5: a notice to 600 SOCs, the process expanding it killed
 * with SIGKILL mid-way — twice: the accepting process (its request, then its worker on the
 * "continue fan-out" message), then the restarted process's sweep that took it over — and a
 * third process's sweep finishes it. Every recipient ends with exactly one inbox entry, two
 * clocks and one delivery; nothing of the notice is lost or written twice. The processes run
 * the real use cases on the run's DynamoDB Local (a table of this test's own), as node
 * processes with tsx's loader.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { fanoutDeliveryId } from '../../functions/core/use-cases/notices/fanout.js';
import { type FreshStore, freshStore } from '../adapters/dynamodb/fresh-store.js';
import { dynamoEndpoint } from '../support/emulators.js';
import { party, partyId, uid } from '../support/records.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RECIPIENTS = 600;
const SECTOR = 'water';

/** Starts the child gateway process (test/support/fanout-child.ts) in `mode`. */
function child(mode: 'issue' | 'sweep', ...args: string[]): ChildProcess {
  // One process (node with tsx's loader), not tsx's CLI: SIGKILL must reach the gateway itself.
  return spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/fanout-child.ts', mode, dynamoEndpoint(), ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function exited(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve(proc.exitCode);
    else proc.once('exit', (code) => resolve(code));
  });
}

/** Kills `process` with SIGKILL as soon as the fan-out has passed `atLeast`; returns where it stood. */
async function killOnceExpanded(
  fresh: FreshStore,
  proc: ChildProcess,
  noticeId: string,
  atLeast: number,
): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const expanded = (await fresh.store.getFanout(noticeId))?.expanded ?? 0;
    if (expanded >= atLeast) {
      proc.kill('SIGKILL');
      await exited(proc);
      return (await fresh.store.getFanout(noticeId))?.expanded ?? 0;
    }
    if (proc.exitCode !== null) throw new Error(`the child exited (${proc.exitCode}) first`);
    await sleep(10);
  }
  throw new Error(`the fan-out never reached ${atLeast}`);
}

/** Every item of the table (this test's own), by entity. */
async function itemsByEntity(
  fresh: FreshStore,
): Promise<Map<string, Record<string, AttributeValue>[]>> {
  const byEntity = new Map<string, Record<string, AttributeValue>[]>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await fresh.client.send(
      new ScanCommand({
        TableName: fresh.tableName,
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      const entity = item.entity?.S ?? '?';
      byEntity.set(entity, [...(byEntity.get(entity) ?? []), item]);
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return byEntity;
}

describe('a notice to 600 SOCs, its expanding process killed mid-way', () => {
  it('is finished by the restarted process: deliveries = inbox entries = recipients, none twice', async () => {
    // Arrange: 600 SOCs of one sector in a table of this test's own.
    const fresh = await freshStore();
    const socs = Array.from({ length: RECIPIENTS }, () => partyId());
    for (let i = 0; i < socs.length; i += 20) {
      await Promise.all(
        socs.slice(i, i + 20).map((id) => fresh.store.putParty(party(id, { sectors: [SECTOR] }))),
      );
    }
    const noticeId = uid('ntc');

    // Act 1: the accepting process, killed once two batches are written after the notice.
    const issuing = child('issue', fresh.tableName, noticeId, SECTOR);
    const firstKill = await killOnceExpanded(fresh, issuing, noticeId, 60);
    // Act 2: a restarted process's sweep takes it over, and is killed too.
    const resuming = child('sweep', fresh.tableName);
    const secondKill = await killOnceExpanded(fresh, resuming, noticeId, firstKill + 60);
    // Act 3: the next restart's sweep finishes it.
    const finishing = child('sweep', fresh.tableName);
    let output = '';
    finishing.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const code = await exited(finishing);

    // Assert: the kills landed mid-expansion.
    expect(firstKill).toBeGreaterThanOrEqual(60);
    expect(firstKill).toBeLessThan(RECIPIENTS);
    expect(secondKill).toBeGreaterThan(firstKill);
    expect(secondKill).toBeLessThan(RECIPIENTS);
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ fannedOut: RECIPIENTS - secondKill });
    // Everything of the notice, once: one head, one complete fan-out, and per recipient
    // one inbox entry, two clocks and one delivery with the id derived for it.
    const items = await itemsByEntity(fresh);
    const partyOf = (item: Record<string, AttributeValue>) => item.data?.M?.partyId?.S ?? '';
    const sorted = [...socs].sort();
    expect(items.get('notice')).toHaveLength(1);
    expect(await fresh.store.getFanout(noticeId)).toMatchObject({
      expanded: RECIPIENTS,
      completedAt: expect.any(String),
    });
    const entries = items.get('noticeRecipient') ?? [];
    expect(entries.map(partyOf).sort()).toEqual(sorted);
    const deliveries = items.get('delivery') ?? [];
    expect(deliveries.map(partyOf).sort()).toEqual(sorted);
    expect(deliveries.map((d) => d.data?.M?.id?.S).sort()).toEqual(
      socs.map((id) => fanoutDeliveryId(noticeId, id)).sort(),
    );
    expect(items.get('obligation')).toHaveLength(2 * RECIPIENTS);
    for (const id of [socs[0], socs[299], socs[599]]) {
      const inbox = await fresh.store.listInbox(id ?? '', { limit: 10 });
      expect(inbox.items.map((e) => e.noticeId)).toEqual([noticeId]);
    }
  }, 180_000);
});
