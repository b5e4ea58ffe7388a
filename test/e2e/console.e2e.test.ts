/**
 * Issue #14 item 8 over the local runtime: the console shows one line per delivery and
 * one per escalation, beside the access log's line per request (`npm start` prints them;
 * `--quiet` passes no console, so none).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../functions/core/ports/records.js';
import { formatDeliveryLine } from '../../functions/local/console-lines.js';
import {
  startTestGateway,
  type TestGateway,
  type WebhookReceiver,
  webhookReceiver,
} from '../support/gateway.js';
import { client, eventually } from '../support/http.js';
import { partyBody } from '../support/messages.js';

const SECRET = 'soc-secret-soc-secret-soc-secret-0001';

let gateway: TestGateway;
let hook: WebhookReceiver;
const lines: string[] = [];

beforeAll(async () => {
  gateway = await startTestGateway({ accessLog: (line) => lines.push(line) });
  hook = await webhookReceiver();
  await gateway.registerParty(
    'ncc-console',
    partyBody('ncc', { webhook: { url: hook.url, secret: SECRET } }),
  );
  await gateway.registerParty(
    'soc-console',
    partyBody('soc', { webhook: { url: hook.url, secret: SECRET } }),
  );
  await gateway.registerParty('soc-quiet', partyBody('soc'));
});

afterAll(async () => {
  await gateway?.stop();
  await hook?.close();
});

describe('the local console', () => {
  it('prints a line per request, per delivery and per escalation', async () => {
    // Arrange
    const ncc = client(gateway.url, await gateway.token('ncc-console', 'ncc'));
    const { id } = (
      await ncc.post('/v1/notices', {
        kind: 'threat',
        registeredAt: new Date().toISOString().slice(0, 10),
        description: 'Консоль сынағы',
        tlp: 'amber',
        recipients: { parties: ['soc-console', 'soc-quiet'] },
      })
    ).json<{ id: string }>();

    // Act: the notice is delivered, then its ack clocks run out and are escalated.
    const delivered = await eventually(
      () =>
        lines.find((l) => / delivery dlv_\S+ notice\.issued soc-console delivered 200$/.test(l)),
      15_000,
    );
    await gateway.sweepAt(Date.now() + 16 * 60_000);
    const escalated = await eventually(
      () =>
        lines.find(
          (l) =>
            l.includes(`escalation dlv_`) &&
            l.includes(
              `notice_ack of ${id} owed by soc-console, level 1 → ncc-console delivered 200`,
            ),
        ),
      15_000,
    );

    // Assert
    expect(lines.some((l) => / ncc-console POST \/v1\/notices 201 \d+ ms$/.test(l))).toBe(true);
    expect(delivered).toMatch(/^\d{4}-\d\d-\d\dT\S+Z delivery /);
    expect(escalated).toMatch(/^\d{4}-\d\d-\d\dT\S+Z escalation /);
    // A party without a webhook reads its inbox: its delivery gets a line all the same.
    expect(
      lines.some((l) =>
        / delivery dlv_\S+ notice\.issued soc-quiet inbox only \(no webhook\)$/.test(l),
      ),
    ).toBe(true);
    // One line per delivery: the notice's two deliveries, one line each.
    expect(lines.filter((l) => / delivery \S+ notice\.issued /.test(l))).toHaveLength(2);
  });

  it('says what became of an attempt: a retry, a scheduled retry, a failure', () => {
    const delivery = {
      id: 'dlv_X',
      partyId: 'soc-a',
      event: 'incident.card',
      subjectId: 'inc_Y',
    } as DeliveryRecord;
    const at = new Date('2026-12-07T10:00:00Z');
    expect(
      formatDeliveryLine(
        delivery,
        { outcome: 'retry', retryAfterSeconds: 10, nextAttemptAt: 'x', error: 'HTTP 500' },
        at,
      ),
    ).toBe('2026-12-07T10:00:00.000Z delivery dlv_X incident.card soc-a retry in 10 s (HTTP 500)');
    expect(
      formatDeliveryLine(
        delivery,
        { outcome: 'scheduled', nextAttemptAt: '2026-12-07T10:30:00Z', error: 'timeout' },
        at,
      ),
    ).toContain('retry at 2026-12-07T10:30:00Z (timeout)');
    expect(
      formatDeliveryLine(delivery, { outcome: 'failed', error: 'HTTP 503', escalations: 1 }, at),
    ).toContain('soc-a failed (HTTP 503)');
  });
});
