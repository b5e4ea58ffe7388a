/** ObligationStore contract on both stores: the sweep's reads, exactly-once transitions, listings. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Obligation } from '../../../functions/core/clocks/obligations.js';
import { DependencyUnavailableError, MalformedBodyError } from '../../../functions/core/errors.js';
import { delivery, newIncident, openObligation, partyId, uid } from '../../support/records.js';
import { type ContractStore, STORES } from './stores.js';

/** Writes open notice obligations (their subject needs no head) through a notice-less incident-free path. */
async function seed(store: ContractStore, obligations: Obligation[]): Promise<void> {
  // A notice write is the one path that writes bare obligations; its head and inbox are incidental.
  const noticeId = uid('ntc');
  const issuedAt = '2026-11-20T05:00:00Z';
  await store.notices.saveNewNotice({
    notice: {
      id: noticeId,
      issuedBy: 'ncc-main',
      issuedAt,
      notifiedAt: issuedAt,
      sha256: 'c'.repeat(64),
      notice: {
        kind: 'threat',
        registeredAt: issuedAt,
        description: 'x',
        tlp: 'amber',
        recipients: { parties: [] },
      },
      recipients: [],
    } as never,
    fanout: {
      noticeId,
      recipients: [],
      expanded: 0,
      createdAt: issuedAt,
      updatedAt: issuedAt,
    },
    shares: [],
    obligations,
    deliveries: [],
  });
}

const missedFrom = (o: Obligation, at: string): Obligation => {
  const { remindAt: _dropped, ...rest } = o;
  return { ...rest, state: 'missed', missedAt: at };
};

describe.each(STORES)('ObligationStore on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  it('returns open obligations due by `until` (inclusive), soonest first, up to the limit', async () => {
    const due = ['2001-01-01T03:00:00Z', '2001-01-01T01:00:00Z', '2001-01-01T02:00:00+00:00'];
    const obligations = due.map((dueAt) => openObligation(dueAt));
    const later = openObligation('2001-01-01T05:00:00Z');
    await seed(store, [...obligations, later]);

    const two = await store.obligations.listDue('2001-01-01T03:00:00Z', 2);
    const all = await store.obligations.listDue('2001-01-01T03:00:00Z', 10);

    expect(two.map((o) => o.id)).toEqual([obligations[1]?.id, obligations[2]?.id]);
    expect(all.map((o) => o.id)).toEqual([
      obligations[1]?.id,
      obligations[2]?.id,
      obligations[0]?.id,
    ]);
  });

  it('returns pending reminders by reminder time', async () => {
    const withReminder = openObligation('2002-01-01T05:00:00Z', {
      remindAt: '2002-01-01T04:00:00Z',
    });
    const without = openObligation('2002-01-01T05:00:00Z');
    await seed(store, [withReminder, without]);

    const reminders = await store.obligations.listRemindersDue('2002-01-01T04:30:00Z', 10);

    expect(reminders.map((o) => o.id)).toEqual([withReminder.id]);
  });

  it('of concurrent transitions of one obligation exactly one wins, and only its escalation is written', async () => {
    const open = openObligation('2003-01-01T01:00:00Z');
    await seed(store, [open]);
    const missed = missedFrom(open, '2003-01-01T01:00:01Z');
    const escalations = Array.from({ length: 6 }, () => delivery({ subjectId: open.subjectId }));

    const results = await Promise.all(
      escalations.map((e) => store.obligations.transitionOpen(missed, open, [e])),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = escalations[results.indexOf(true)];
    const written = await Promise.all(escalations.map((e) => store.deliveries.getDelivery(e.id)));
    expect(written.filter((d) => d !== undefined).map((d) => d?.id)).toEqual([winner?.id]);
    expect(
      (await store.obligations.listDue('2003-01-01T02:00:00Z', 100)).map((o) => o.id),
    ).not.toContain(open.id);
  });

  it('a reminder is sent once: the obligation stays due but its reminder is gone', async () => {
    const open = openObligation('2004-01-01T05:00:00Z', { remindAt: '2004-01-01T04:00:00Z' });
    await seed(store, [open]);
    const { remindAt: _sent, ...reminded } = open;

    expect(await store.obligations.transitionOpen(reminded, open, [])).toBe(true);
    expect(await store.obligations.transitionOpen(reminded, open, [])).toBe(false);
    const reminders = await store.obligations.listRemindersDue('2004-01-01T04:30:00Z', 100);
    const due = await store.obligations.listDue('2004-01-01T05:00:00Z', 100);
    expect(reminders.map((o) => o.id)).not.toContain(open.id);
    expect(due.map((o) => o.id)).toContain(open.id);
  });

  it('transitionOpenMany settles each change; two concurrent sweeps escalate each obligation once', async () => {
    const opens = Array.from({ length: 12 }, (_v, i) =>
      openObligation(`2005-01-01T01:${String(i).padStart(2, '0')}:00Z`),
    );
    await seed(store, opens);
    const sweepOf = () =>
      opens.map((open) => ({
        next: missedFrom(open, '2005-01-01T02:00:00Z'),
        expected: open,
        deliveries: [delivery({ subjectId: open.subjectId })],
      }));
    const [a, b] = [sweepOf(), sweepOf()];

    const [ra, rb] = await Promise.all([
      store.obligations.transitionOpenMany(a),
      store.obligations.transitionOpenMany(b),
    ]);

    for (let i = 0; i < opens.length; i++) {
      const won = [ra[i], rb[i]].filter((r) => r?.status === 'fulfilled' && r.value === true);
      expect(won).toHaveLength(1);
    }
    const escalations = [...a, ...b].flatMap((c) => c.deliveries);
    const written = await Promise.all(escalations.map((d) => store.deliveries.getDelivery(d.id)));
    expect(written.filter((d) => d !== undefined)).toHaveLength(opens.length);
  });

  it('a batch that fails in transitionOpenMany surfaces: each of its transitions is rejected, none written; the next sweep writes each once', async () => {
    const opens = Array.from({ length: 3 }, (_v, i) => openObligation(`2005-02-01T01:0${i}:00Z`));
    await seed(store, opens);
    const sweep = () =>
      opens.map((open) => ({
        next: missedFrom(open, '2005-02-01T02:00:00Z'),
        expected: open,
        deliveries: [delivery({ subjectId: open.subjectId })],
      }));
    const first = sweep();

    // The store fails the batch's write once (a blip), then works again.
    store.failNext(1);
    const results = await store.obligations.transitionOpenMany(first);

    expect(results).toHaveLength(opens.length);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect(result.status === 'rejected' && result.reason).toBeInstanceOf(
        DependencyUnavailableError,
      );
    }
    for (const open of opens) {
      expect((await store.obligations.obligationsOf(open.subjectId))[0]?.state).toBe('open');
    }
    const escalations = first.flatMap((c) => c.deliveries);
    for (const d of escalations) expect(await store.deliveries.getDelivery(d.id)).toBeUndefined();

    // The next sweep retries: each transition is won once, with its escalation.
    const second = sweep();
    const retried = await store.obligations.transitionOpenMany(second);
    expect(retried.map((r) => r.status === 'fulfilled' && r.value)).toEqual([true, true, true]);
    for (const open of opens) {
      expect((await store.obligations.obligationsOf(open.subjectId))[0]?.state).toBe('missed');
    }
    const written = await Promise.all(
      second.flatMap((c) => c.deliveries).map((d) => store.deliveries.getDelivery(d.id)),
    );
    expect(written.every((d) => d !== undefined)).toBe(true);
    // Partial progress is safe: a third sweep from the same read changes nothing.
    const again = await store.obligations.transitionOpenMany(sweep());
    expect(again.map((r) => r.status === 'fulfilled' && r.value)).toEqual([false, false, false]);
  });

  it('an incident obligation turned missed marks the incident overdue in its listing', async () => {
    const write = newIncident({ socId: partyId(), completeCard: false });
    await store.incidents.saveNewIncident(write);
    const open = write.obligations.find((o) => o.state === 'open' && o.kind === 'card');
    if (open === undefined) throw new Error('no open card obligation');

    await store.obligations.transitionOpen(missedFrom(open, '2026-11-21T00:00:00Z'), open, []);

    const socId = write.incident.socId;
    const overdue = await store.incidents.listIncidents({ socId, overdue: true }, { limit: 10 });
    const onTime = await store.incidents.listIncidents({ socId, overdue: false }, { limit: 10 });
    expect(overdue.items.map((i) => i.id)).toEqual([write.incident.id]);
    expect(onTime.items).toEqual([]);
  });

  it('lists one party’s obligations by state and due window, oldest due first, page by page', async () => {
    const owedBy = partyId();
    const obligations = [
      '2006-01-01T03:00:00Z',
      '2006-01-01T01:00:00Z',
      '2006-01-01T02:00:00Z',
    ].map((dueAt) => openObligation(dueAt, { owedBy }));
    await seed(store, obligations);

    const first = await store.obligations.listObligations(
      { owedBy, state: 'open', dueFrom: '2006-01-01T00:00:00Z', dueTo: '2006-01-01T02:30:00Z' },
      { limit: 1 },
    );
    const second = await store.obligations.listObligations(
      { owedBy, state: 'open', dueFrom: '2006-01-01T00:00:00Z', dueTo: '2006-01-01T02:30:00Z' },
      { limit: 5, ...(first.nextCursor ? { cursor: first.nextCursor } : {}) },
    );

    expect(first.items.map((o) => o.id)).toEqual([obligations[1]?.id]);
    expect(second.items.map((o) => o.id)).toEqual([obligations[2]?.id]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('refuses a due bound that is not a timestamp (invalid_timestamp) and a foreign cursor (invalid_cursor)', async () => {
    const owedBy = partyId();
    await seed(store, [
      openObligation('2007-01-01T01:00:00Z', { owedBy }),
      openObligation('2007-01-01T02:00:00Z', { owedBy }),
    ]);
    const page = await store.obligations.listObligations({ owedBy }, { limit: 1 });

    await expect(
      store.obligations.listObligations({ owedBy, dueFrom: 'yesterday' }, { limit: 1 }),
    ).rejects.toMatchObject({ code: 'invalid_timestamp' });
    const foreign = store.obligations.listObligations(
      { owedBy: partyId() },
      { limit: 1, ...(page.nextCursor ? { cursor: page.nextCursor } : {}) },
    );
    await expect(foreign).rejects.toBeInstanceOf(MalformedBodyError);
    await expect(foreign).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('returns every obligation of one subject, by id', async () => {
    const subjectId = uid('ntc');
    const obligations = ['b', 'a', 'c'].map((p) =>
      openObligation('2008-01-01T01:00:00Z', { subjectId, owedBy: `${p}-${subjectId}` }),
    );
    await seed(store, obligations);

    const of = await store.obligations.obligationsOf(subjectId);

    expect(of.map((o) => o.id)).toEqual(obligations.map((o) => o.id).sort());
  });
});
