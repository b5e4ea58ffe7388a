/**
 * The embedded stack runs the quarterly summary job itself (001 п.17; AWS: EventBridge
 * Scheduler daily at 00:20 UTC): at start and then hourly it delivers the summary of the
 * national quarter that closed to every `authority` party — once, however often it runs.
 * A gateway restarted on the same table shows both: the first start after the authority
 * registered delivers, the next one does not again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  quarterlyDeliveryId,
  quarterThatClosed,
} from '../../functions/core/use-cases/reports/deliver-quarterly-summary.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client, eventually } from '../support/http.js';
import { partyBody } from '../support/messages.js';

type Inbox = {
  items: { deliveryId: string; event: string; payload: Record<string, unknown> }[];
};

const running: TestGateway[] = [];

afterAll(async () => {
  for (const gateway of running) await gateway.stop();
});

describe('the local quarterly summary job (001 п.17)', () => {
  it('delivers the closed quarter to ҰҚК at the next start, and only once', async () => {
    const first = await startTestGateway();
    running.push(first);
    await first.registerParty('knb', partyBody('authority'));
    await first.registerParty('ncc-duty', partyBody('ncc'));
    await first.stop();
    running.pop();

    // The job runs at start: the authority registered before it now gets the quarter.
    const second = await startTestGateway({ tableName: first.tableName });
    running.push(second);
    const knb = client(second.url, await second.token('knb', 'authority'));
    const quarter = quarterThatClosed(Date.now());
    const summaries = async () =>
      (await knb.get('/v1/deliveries'))
        .json<Inbox>()
        .items.filter((d) => d.event === 'report.quarterly');
    const delivered = await eventually(
      async () => ((await summaries()).length > 0 ? summaries() : undefined),
      20_000,
    );
    expect(delivered.map((d) => d.deliveryId)).toEqual([quarterlyDeliveryId(quarter, 'knb')]);
    expect(delivered[0]?.payload).toMatchObject({ year: quarter.year, quarter: quarter.quarter });
    const ncc = client(second.url, await second.token('ncc-duty', 'ncc'));
    const read = (
      await ncc.get(`/v1/reports/quarterly?year=${quarter.year}&quarter=${quarter.quarter}`)
    ).json<Record<string, unknown>>();
    expect(delivered[0]?.payload).toMatchObject({ from: read.from, to: read.to });
    await second.stop();
    running.pop();

    // Another start runs the job again: nothing more for the same quarter.
    const third = await startTestGateway({ tableName: first.tableName });
    running.push(third);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const again = client(third.url, await third.token('knb', 'authority'));
    const items = (await again.get('/v1/deliveries')).json<Inbox>().items;
    expect(items.filter((d) => d.event === 'report.quarterly').map((d) => d.deliveryId)).toEqual([
      quarterlyDeliveryId(quarter, 'knb'),
    ]);
  });
});
