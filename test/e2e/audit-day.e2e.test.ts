/**
 * The embedded stack runs the daily audit job itself (AWS: EventBridge Scheduler at 00:10
 * UTC, docs/contract.md §6): at start and then hourly it signs the digest of the national
 * day that ended and writes each party's Annex 4 day files under the data dir.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nationalDateOf } from '../../functions/core/time.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client, eventually } from '../support/http.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
});

afterAll(async () => {
  await gateway?.stop();
});

describe('the local daily audit job', () => {
  it('closes the day that ended at start: a signed digest, and the Annex 4 file of every party', async () => {
    const yesterday = nationalDateOf(Date.now() - 24 * 3_600_000);
    const file = join(gateway.dataDir, 'audit-logs', 'audit', 'admin', `${yesterday}.log`);

    const annex4 = await eventually(() => readFile(file, 'utf8').catch(() => undefined), 20_000);
    const admin = client(gateway.url, await gateway.token('admin', 'admin'));
    const verified = await admin.get('/v1/audit/verify?party=admin');

    // The seeded admin did nothing yesterday: its file is the Annex 4 header alone.
    expect(annex4).toBe(
      'date;time;source;user_id;user_ip;operation_start;operation_end;description\n',
    );
    expect(verified.status).toBe(200);
    expect(verified.json()).toMatchObject({ ok: true });
    expect(verified.json<{ digestsVerified: number }>().digestsVerified).toBeGreaterThanOrEqual(1);
  });
});
