/**
 * Issue #14 items 3 and 4 over real HTTP on the embedded stack: dates that contradict
 * what they answer are 422 naming both values; a sender clock a little ahead is a
 * receipt warning; every list route reads one query-parameter scheme and refuses
 * the rest with 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { client } from '../support/http.js';
import { agoWithOffset, completeCard, notification, partyBody } from '../support/messages.js';

const MIN = 60_000;
const HOUR = 3_600_000;

interface Problem {
  status: number;
  code: string;
  errors?: { pointer: string; code: string; message: string }[];
}
interface Receipt {
  id: string;
  warnings: { pointer?: string; code: string; message: string }[];
  obligations: {
    kind: string;
    state: string;
    dueAt: string;
    dueAtNational: string;
    lateBySeconds?: number;
    lateBy?: string;
  }[];
}

let gateway: TestGateway;
let soc: ReturnType<typeof client>;
let ncc: ReturnType<typeof client>;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.registerParty('ncc-duty', partyBody('ncc'));
  await gateway.registerParty('soc-dates', partyBody('soc', { sectors: ['electricity'] }));
  soc = client(gateway.url, await gateway.token('soc-dates', 'soc'));
  ncc = client(gateway.url, await gateway.token('ncc-duty', 'ncc'));
});

afterAll(async () => {
  await gateway?.stop();
});

describe('date sanity (item 3)', () => {
  it('refuses a closure eliminated days before the incident was confirmed, naming both values', async () => {
    // Arrange
    const card = completeCard({ confirmedAgoMs: 10 * MIN });
    const created = (await soc.post('/v1/incidents', card)).json<Receipt>();
    const eliminatedAt = agoWithOffset(3 * 24 * HOUR);

    // Act
    const response = await soc.post(`/v1/incidents/${created.id}/close`, { eliminatedAt });

    // Assert
    const problem = response.json<Problem>();
    expect(response.status).toBe(422);
    expect(problem.errors?.map((e) => `${e.pointer} ${e.code}`)).toEqual([
      '/eliminatedAt eliminated_before_confirmed',
    ]);
    expect(problem.errors?.[0]?.message).toContain(eliminatedAt);
    expect(problem.errors?.[0]?.message).toContain(card.details.confirmedAt);
    const incident = (await soc.get(`/v1/incidents/${created.id}`)).json<{ status: string }>();
    expect(incident.status).toBe('open');
  });

  it('accepts a confirmedAt two minutes ahead with a clock_ahead warning, and refuses ten minutes ahead', async () => {
    // Arrange
    const ahead = notification({ confirmedAgoMs: -2 * MIN });
    const farAhead = notification({ confirmedAgoMs: -10 * MIN });

    // Act
    const accepted = await soc.post('/v1/incidents', ahead);
    const refused = await soc.post('/v1/incidents', farAhead);

    // Assert
    expect(accepted.status).toBe(201);
    const warning = accepted
      .json<Receipt>()
      .warnings.find((w) => w.code === 'clock_ahead' && w.pointer === '/details/confirmedAt');
    expect(warning?.message).toMatch(/PT(1M5\dS|2M)/);
    expect(refused.status).toBe(422);
    expect(refused.json<Problem>().errors?.map((e) => `${e.pointer} ${e.code}`)).toEqual([
      '/details/confirmedAt in_future',
    ]);
  });
});

describe('query parameters and national time (item 4)', () => {
  it('refuses the old dueFrom on the compliance report with 400 naming it', async () => {
    // Act
    const response = await ncc.get('/v1/reports/compliance?dueFrom=2026-11-20T00:00:00Z');

    // Assert
    const problem = response.json<Problem>();
    expect(response.status).toBe(400);
    expect(problem.code).toBe('unknown_parameter');
    expect(problem.errors?.[0]).toMatchObject({ pointer: '/query/dueFrom' });
    expect(problem.errors?.[0]?.message).toContain('"from"');
  });

  it('refuses an unknown parameter on every list route', async () => {
    // Act
    const statuses = await Promise.all(
      ['/v1/incidents', '/v1/obligations', '/v1/notices', '/v1/deliveries'].map(
        async (path) => (await soc.get(`${path}?bogus=1`)).status,
      ),
    );

    // Assert
    expect(statuses).toEqual([400, 400, 400, 400]);
  });

  it('lists what falls due within the hour, and what is overdue, with due times in UTC and +05:00', async () => {
    // Arrange: confirmed 5 min ago → card and elimination due in 71 h 55 min.
    const fresh = (
      await soc.post('/v1/incidents', notification({ confirmedAgoMs: 5 * MIN }))
    ).json<Receipt>();
    // Confirmed 3 h ago: notify_ncc satisfied late, card and elimination still open.
    const late = (
      await soc.post('/v1/incidents', notification({ confirmedAgoMs: 3 * HOUR }))
    ).json<Receipt>();

    // Act
    const within = (await soc.get('/v1/obligations?dueWithin=P3D')).json<{
      items: {
        subjectId: string;
        kind: string;
        state: string;
        dueAt: string;
        dueAtNational: string;
      }[];
    }>();
    const withinHour = (await soc.get('/v1/obligations?dueWithin=PT1H')).json<{
      items: { subjectId: string }[];
    }>();
    const byState = (await ncc.get('/v1/obligations?soc=soc-dates&state=satisfied_late')).json<{
      items: { subjectId: string; kind: string; lateBy?: string }[];
    }>();

    // Assert
    expect(within.items.length).toBeGreaterThan(0);
    for (const item of within.items) {
      expect(item.state).toBe('open');
      expect(Date.parse(item.dueAt) - Date.now()).toBeLessThanOrEqual(72 * HOUR);
      expect(Date.parse(item.dueAtNational)).toBe(Date.parse(item.dueAt));
      expect(item.dueAtNational).toMatch(/\+05:00$/);
    }
    expect(within.items.map((i) => i.subjectId)).toContain(fresh.id);
    expect(withinHour.items.map((i) => i.subjectId)).not.toContain(fresh.id);
    const lateNotify = late.obligations.find((o) => o.kind === 'notify_ncc');
    expect(lateNotify).toMatchObject({
      state: 'satisfied_late',
      lateBy: expect.stringMatching(/^PT2H4\dM/),
    });
    expect(byState.items.find((i) => i.subjectId === late.id)?.lateBy).toMatch(/^PT2H4\dM/);
  });

  it('filters incidents by state and from/to, and refuses the old status name', async () => {
    // Arrange
    const before = new Date().toISOString();
    const created = (
      await soc.post('/v1/incidents', notification({ confirmedAgoMs: MIN }))
    ).json<Receipt>();

    // Act
    const inWindow = (
      await ncc.get(`/v1/incidents?soc=soc-dates&state=open&from=${encodeURIComponent(before)}`)
    ).json<{ items: { id: string }[] }>();
    const beforeWindow = (
      await ncc.get(`/v1/incidents?soc=soc-dates&to=${encodeURIComponent('2026-01-01T00:00:00Z')}`)
    ).json<{ items: { id: string }[] }>();
    const oldName = await ncc.get('/v1/incidents?status=open');

    // Assert
    expect(inWindow.items.map((i) => i.id)).toEqual([created.id]);
    expect(beforeWindow.items).toEqual([]);
    expect(oldName.status).toBe(400);
    expect(oldName.json<Problem>().errors?.[0]?.message).toContain('"state"');
  });
});
