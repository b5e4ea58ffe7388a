import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoStorePorts } from '../../../functions/adapters/dynamodb/index.js';
import type { StorePorts } from '../../../functions/core/ports/ports.js';
import { ensureTables } from '../../../functions/local/provision.js';
import { freshTableName } from '../../support/emulators.js';
import { observedClient } from '../../support/observed-client.js';
import { delivery, newIncident, partyId } from '../../support/records.js';

let ports: StorePorts;
let queries: () => number;

beforeEach(async () => {
  const { client, sent } = observedClient();
  queries = () => sent.commands.filter((c) => c === 'QueryCommand').length;
  const tableName = freshTableName();
  await ensureTables(client, { tableName });
  ports = createDynamoStorePorts({ client, tableName, singleWriter: true });
});

async function written(to: string) {
  const write = newIncident({ deliveries: 0 });
  write.deliveries = [delivery({ partyId: to, subjectId: write.incident.id, queued: true })];
  await ports.incidents.saveNewIncident(write);
  const [stored] = write.deliveries;
  if (!stored) throw new Error('fixture');
  return stored;
}

describe('the undelivered check of a single writer', () => {
  it('queries once while nothing fails, and again once a retry is scheduled for the party', async () => {
    const to = partyId('owner');
    const first = await written(to);
    const start = queries();

    expect(await ports.deliveries.listUndelivered(to, 20)).toEqual([]);
    expect(await ports.deliveries.listUndelivered(to, 20)).toEqual([]);
    expect(queries() - start).toBe(1);

    await ports.deliveries.recordAttempt(first, {
      status: 'pending',
      attempts: 1,
      at: '2026-11-20T04:13:00Z',
      error: 'HTTP 500',
      nextAttemptAt: '2026-11-20T04:14:00Z',
      retryVia: 'queue',
    });
    const after = await ports.deliveries.listUndelivered(to, 20);

    expect(after.map((d) => d.id)).toEqual([first.id]);
    expect(queries() - start).toBe(2);
  });

  it('queries again after a final failure of one of the party’s deliveries', async () => {
    const to = partyId('owner');
    const failing = await written(to);
    expect(await ports.deliveries.listUndelivered(to, 20)).toEqual([]);

    await ports.deliveries.failDelivery(
      failing,
      { attempts: 9, at: '2026-11-20T05:00:00Z', error: 'HTTP 500' },
      [],
    );

    expect((await ports.deliveries.listUndelivered(to, 20)).map((d) => d.id)).toEqual([failing.id]);
  });
});
