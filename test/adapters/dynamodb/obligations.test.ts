import { beforeEach, describe, expect, it } from 'vitest';
import {
  markMissed,
  markReminded,
  type Obligation,
  satisfy,
} from '../../../functions/core/clocks/obligations.js';
import { MalformedBodyError, OutcomeUnknownError } from '../../../functions/core/errors.js';
import { instantOf } from '../../../functions/core/time.js';
import {
  concurrently,
  delivery,
  newIncident,
  newNotice,
  openObligation,
  partyId,
  seedObligations,
} from '../../support/records.js';
import { type FreshStore, freshStore, rawItem } from './fresh-store.js';

// listDue reads the whole table's due index, so every test gets a table of its own.
let fresh: FreshStore;
beforeEach(async () => {
  fresh = await freshStore();
});

/** Writes open obligations through the store (a notice write is the only bare path). */
async function seed(obligations: Obligation[]): Promise<void> {
  await seedObligations(fresh.store, obligations);
}

const ids = (list: readonly Obligation[]) => list.map((o) => o.id);

describe('listDue / listRemindersDue', () => {
  it('returns open obligations due by `until`, soonest first, up to the limit', async () => {
    // Arrange
    const due = ['2026-11-20T04:00:00Z', '2026-11-20T04:10:00.5Z', '2026-11-20T09:09:00+05:00'].map(
      (t) => openObligation(t),
    );
    const later = openObligation('2026-11-20T04:10:01Z');
    await seed([later, ...due]);

    // Act
    const all = await fresh.store.listDue('2026-11-20T04:10:00.999Z', 100);
    const two = await fresh.store.listDue('2026-11-20T04:10:00.999Z', 2);

    // Assert: 04:09 (+05:00 offset) sorts between 04:00 and 04:10:00.5 in time, not as text.
    expect(ids(all)).toEqual(
      ids([due[0], due[2], due[1]].filter((o): o is Obligation => o !== undefined)),
    );
    expect(all[0]).toEqual(due[0]);
    expect(two).toHaveLength(2);
  });

  it('includes an obligation due exactly at `until`', async () => {
    const exact = openObligation('2026-11-20T04:25:00Z');
    await seed([exact]);
    expect(ids(await fresh.store.listDue('2026-11-20T04:25:00Z', 10))).toEqual([exact.id]);
  });

  it('returns reminders due by `until` from the reminder index', async () => {
    const pending = openObligation('2026-11-21T00:00:00Z', { remindAt: '2026-11-20T20:00:00Z' });
    const notYet = openObligation('2026-11-21T00:00:00Z', { remindAt: '2026-11-20T23:00:00Z' });
    const none = openObligation('2026-11-21T00:00:00Z');
    await seed([pending, notYet, none]);

    expect(ids(await fresh.store.listRemindersDue('2026-11-20T21:00:00Z', 10))).toEqual([
      pending.id,
    ]);
  });
});

describe('transitionOpen', () => {
  it('marks a due obligation missed with its escalations, and it leaves the due index', async () => {
    // Arrange
    const open = openObligation('2026-11-20T04:25:00Z', { remindAt: '2026-11-20T04:22:00Z' });
    await seed([open]);
    const missed = markMissed(open, instantOf('2026-11-20T04:26:00Z'));
    const escalations = [delivery({ event: 'obligation.missed', subjectId: open.id })];

    // Act
    const first = await fresh.store.transitionOpen(missed, open, escalations);

    // Assert
    expect(first).toBe(true);
    expect(await fresh.store.obligationsOf(open.subjectId)).toEqual([missed]);
    expect(await fresh.store.listDue('2030-01-01T00:00:00Z', 10)).toEqual([]);
    expect(await fresh.store.listRemindersDue('2030-01-01T00:00:00Z', 10)).toEqual([]);
    expect(await fresh.store.getDelivery(escalations[0]?.id ?? '')).toEqual(escalations[0]);
    const item = await rawItem(fresh, `SUBJECT#${open.subjectId}`, `OBLIGATION#${open.id}`);
    for (const attribute of ['duePk', 'dueAt', 'remindPk', 'remindAt'])
      expect(item).not.toHaveProperty(attribute);
  });

  it('sends a reminder once: the obligation stays due but leaves the reminder index', async () => {
    const open = openObligation('2026-11-20T04:25:00Z', { remindAt: '2026-11-20T04:22:00Z' });
    await seed([open]);
    const reminded = markReminded(open);

    expect(await fresh.store.transitionOpen(reminded, open, [])).toBe(true);
    expect(await fresh.store.transitionOpen(reminded, open, [])).toBe(false);

    expect(await fresh.store.listRemindersDue('2030-01-01T00:00:00Z', 10)).toEqual([]);
    expect(await fresh.store.listDue('2030-01-01T00:00:00Z', 10)).toEqual([reminded]);
  });

  it('of 10 concurrent transitions of one obligation, exactly one succeeds and one escalation is written', async () => {
    // Arrange
    const open = openObligation('2026-11-20T04:25:00Z');
    await seed([open]);
    const missed = markMissed(open, instantOf('2026-11-20T04:26:00Z'));
    const escalations = Array.from({ length: 10 }, () =>
      delivery({ event: 'obligation.missed', subjectId: open.id }),
    );

    // Act
    const { values, errors } = await concurrently(10, (i) =>
      fresh.store.transitionOpen(missed, open, escalations.slice(i, i + 1)),
    );

    // Assert
    expect(errors).toEqual([]);
    expect(values.filter((v) => v)).toHaveLength(1);
    const written = await Promise.all(escalations.map((d) => fresh.store.getDelivery(d.id)));
    expect(written.filter((d) => d !== undefined)).toHaveLength(1);
  });

  it('batches many transitions, and two concurrent sweeps over the same 30 still escalate each once', async () => {
    // Arrange
    const opens = Array.from({ length: 30 }, (_, i) =>
      openObligation(`2026-11-20T04:${String(10 + i).padStart(2, '0')}:00Z`),
    );
    await seed(opens);
    const sweepOf = () =>
      opens.map((open) => ({
        next: markMissed(open, instantOf('2026-11-21T00:00:00Z')),
        expected: open,
        deliveries: [delivery({ event: 'obligation.missed', subjectId: open.id })],
      }));
    const [first, second] = [sweepOf(), sweepOf()];

    // Act
    const [a, b] = await Promise.all([
      fresh.store.transitionOpenMany(first),
      fresh.store.transitionOpenMany(second),
    ]);

    // Assert
    const won = (results: PromiseSettledResult<boolean>[]) =>
      results.map((r) => r.status === 'fulfilled' && r.value);
    const aWon = won(a);
    const bWon = won(b);
    expect(aWon.map((x, i) => Number(x) + Number(bWon[i]))).toEqual(Array(30).fill(1));
    const writtenA = await Promise.all(
      first.map((c) => fresh.store.getDelivery(c.deliveries[0]?.id ?? '')),
    );
    const writtenB = await Promise.all(
      second.map((c) => fresh.store.getDelivery(c.deliveries[0]?.id ?? '')),
    );
    expect(
      writtenA.map((d, i) => Number(d !== undefined) + Number(writtenB[i] !== undefined)),
    ).toEqual(Array(30).fill(1));
    expect(await fresh.store.listDue('2026-11-21T00:00:00Z', 100)).toEqual([]);
  });

  it('reports a batch whose answer was lost after DynamoDB applied it as outcome_unknown; the next sweep finds it done', async () => {
    // Arrange: the batch's TransactWriteItems is applied, then its answer is lost (a timeout).
    const opens = Array.from({ length: 3 }, (_, i) => openObligation(`2026-11-20T05:0${i}:00Z`));
    await seed(opens);
    const sweepOf = () =>
      opens.map((open) => ({
        next: markMissed(open, instantOf('2026-11-21T00:00:00Z')),
        expected: open,
        deliveries: [delivery({ event: 'obligation.missed', subjectId: open.id })],
      }));
    let lose = true;
    fresh.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (lose && context.commandName === 'TransactWriteItemsCommand') {
          lose = false;
          throw Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
        }
        return result;
      },
      { step: 'initialize', name: 'loseTheAnswer' },
    );
    const first = sweepOf();

    // Act
    const results = await fresh.store.transitionOpenMany(first);
    const retried = await fresh.store.transitionOpenMany(sweepOf());

    // Assert: reported, not retried per transition; applied whole, and the retry is a no-op.
    for (const result of results) {
      expect(result.status === 'rejected' && result.reason).toBeInstanceOf(OutcomeUnknownError);
    }
    expect(retried.map((r) => r.status === 'fulfilled' && r.value)).toEqual([false, false, false]);
    expect(await fresh.store.listDue('2026-11-21T00:00:00Z', 100)).toEqual([]);
    const escalations = await Promise.all(
      first.map((c) => fresh.store.getDelivery(c.deliveries[0]?.id ?? '')),
    );
    expect(escalations.every((d) => d !== undefined)).toBe(true);
  });

  it('refuses a transition of an obligation that was satisfied meanwhile', async () => {
    // Arrange: an incident whose notify_owner is open, then acknowledged.
    const write = newIncident({ ownerId: 'owner-energo' });
    await fresh.store.saveNewIncident(write);
    const notifyOwner = write.obligations.find((o) => o.kind === 'notify_owner');
    const ownerDelivery = write.deliveries[0];
    if (!notifyOwner || !ownerDelivery) throw new Error('fixture');
    const acked = satisfy(notifyOwner, instantOf('2026-11-20T04:20:00Z'), ownerDelivery.id);
    await fresh.store.saveAcknowledgement(
      { ...ownerDelivery, acknowledgedAt: '2026-11-20T04:20:00Z' },
      [{ next: acked, expectedState: 'open' }],
    );

    // Act
    const late = await fresh.store.transitionOpen(
      markMissed(notifyOwner, instantOf('2026-11-20T04:26:00Z')),
      notifyOwner,
      [],
    );

    // Assert: the satisfied obligation is out of the sparse index and the sweep cannot undo it.
    expect(late).toBe(false);
    expect(ids(await fresh.store.listDue('2030-01-01T00:00:00Z', 100))).not.toContain(
      notifyOwner.id,
    );
    expect(
      (await fresh.store.obligationsOf(write.incident.id)).find((o) => o.kind === 'notify_owner'),
    ).toEqual(acked);
  });
});

describe('listObligations / obligationsOf', () => {
  it('lists one party by state and due window, NCC-wide open from the due index, and pages', async () => {
    // Arrange
    const soc = partyId();
    const other = partyId();
    const mine = [
      '2026-11-20T01:00:00Z',
      '2026-11-20T02:00:00Z',
      '2026-11-20T03:00:00Z',
      '2026-11-20T04:00:00Z',
    ].map((t) => openObligation(t, { owedBy: soc }));
    const theirs = openObligation('2026-11-20T02:30:00Z', { owedBy: other });
    const done = satisfy(
      openObligation('2026-11-20T02:15:00Z', { owedBy: soc }),
      instantOf('2026-11-20T02:00:00Z'),
      'm',
    );
    await seed([...mine, theirs, done]);

    // Act
    const window = await fresh.store.listObligations(
      { owedBy: soc, dueFrom: '2026-11-20T02:00:00Z', dueTo: '2026-11-20T03:00:00Z' },
      { limit: 10 },
    );
    const openInWindow = await fresh.store.listObligations(
      {
        owedBy: soc,
        state: 'open',
        dueFrom: '2026-11-20T02:00:00Z',
        dueTo: '2026-11-20T03:00:00Z',
      },
      { limit: 10 },
    );
    const nccOpen = await fresh.store.listObligations({ state: 'open' }, { limit: 10 });
    const nccSatisfied = await fresh.store.listObligations({ state: 'satisfied' }, { limit: 10 });
    const firstPage = await fresh.store.listObligations({ owedBy: soc }, { limit: 3 });
    const secondPage = await fresh.store.listObligations(
      { owedBy: soc },
      { limit: 3, ...(firstPage.nextCursor ? { cursor: firstPage.nextCursor } : {}) },
    );

    // Assert
    expect(ids(window.items)).toEqual([mine[1]?.id, done.id, mine[2]?.id]);
    expect(ids(openInWindow.items)).toEqual([mine[1]?.id, mine[2]?.id]);
    expect(ids(nccOpen.items)).toEqual([
      mine[0]?.id,
      mine[1]?.id,
      theirs.id,
      mine[2]?.id,
      mine[3]?.id,
    ]);
    expect(nccSatisfied.items).toEqual([done]);
    expect([...firstPage.items, ...secondPage.items]).toHaveLength(5);
    expect(secondPage.nextCursor).toBeUndefined();
  });

  it('refuses a due window that is not a timestamp, and a cursor from another listing', async () => {
    const soc = partyId();
    await seed([
      openObligation('2026-11-20T01:00:00Z', { owedBy: soc }),
      openObligation('2026-11-20T02:00:00Z', { owedBy: soc }),
    ]);
    const page = await fresh.store.listObligations({ owedBy: soc }, { limit: 1 });

    await expect(
      fresh.store.listObligations({ dueFrom: 'yesterday' }, { limit: 1 }),
    ).rejects.toBeInstanceOf(MalformedBodyError);
    await expect(
      fresh.store.listObligations(
        { owedBy: partyId() },
        { limit: 1, cursor: page.nextCursor ?? '' },
      ),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('returns every obligation of a notice', async () => {
    const write = newNotice({ recipients: [partyId(), partyId()] });
    await fresh.store.saveNewNotice(write);

    const stored = await fresh.store.obligationsOf(write.notice.id);

    expect(stored).toHaveLength(4);
    expect(stored).toEqual(expect.arrayContaining(write.allObligations));
  });
});
