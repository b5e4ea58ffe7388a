/**
 * The escalation ladder (issue #9 item 8) through the use cases, on the memory store and
 * on DynamoDB Local alike, with an injected clock: a missed card escalates to the NCC at
 * 72 h and to level 2 24 h later when no NCC party acknowledged level 1 — each level
 * exactly once however often the sweep runs — and an ack in time or a waiver stops level 2.
 */
import { describe, expect, it } from 'vitest';
import type { Obligation } from '../../functions/core/clocks/obligations.js';
import type { DeliveryQueue } from '../../functions/core/ports/delivery-queue.js';
import type { DeliveryRecord } from '../../functions/core/ports/records.js';
import { formatInstant } from '../../functions/core/time.js';
import { newGatewayId } from '../../functions/core/use-cases/context.js';
import { ackDelivery } from '../../functions/core/use-cases/deliveries/delivery-inbox.js';
import { type SweepDeps, sweep } from '../../functions/core/use-cases/deliveries/sweep.js';
import { complianceReport } from '../../functions/core/use-cases/obligations/read-obligations.js';
import { waiveObligation } from '../../functions/core/use-cases/obligations/waive-obligation.js';
import { newIncident, party, partyId } from '../support/records.js';
import { principalOf, type TestClock, testClock } from '../support/use-case-deps.js';
import { type ContractStore, STORES } from './contract/stores.js';

const HOUR_MS = 3_600_000;
/** The card's confirmedAt (every clock starts here); the card is due 72 h later. */
const CONFIRMED = '2026-11-20T04:10:00.000Z';
/** An instant `hours` after confirmation, as the gateway writes instants. */
const at = (hours: number, extraMs = 0) =>
  formatInstant(Date.parse(CONFIRMED) + hours * HOUR_MS + extraMs);

interface Ladder {
  store: ContractStore;
  clock: TestClock;
  deps: SweepDeps;
  ncc: string;
  head: string;
  soc: string;
  incidentId: string;
  cardId: string;
  eliminationId: string;
}

/** An NCC party naming `head` for level 2 after 24 h, a SOC, and its incident whose card and elimination are open. */
async function ladder(store: ContractStore): Promise<Ladder> {
  const clock = testClock(at(0, 60_000));
  const ncc = partyId('ncc');
  const head = partyId('head');
  const soc = partyId('soc');
  await store.parties.putParty(
    party(ncc, { role: 'ncc', escalation: { level2Recipients: [head], level2AfterHours: 24 } }),
  );
  await store.parties.putParty(party(head, { role: 'admin', name: 'NCC head' }));
  await store.parties.putParty(party(soc, { role: 'soc' }));
  const write = newIncident({
    socId: soc,
    confirmedAt: CONFIRMED,
    receivedAt: at(0, 60_000),
    completeCard: false,
    deliveries: 0,
  });
  await store.incidents.saveNewIncident(write);
  const idOf = (kind: Obligation['kind']) => {
    const found = write.obligations.find((o) => o.kind === kind);
    if (!found) throw new Error(`fixture has no ${kind}`);
    return found.id;
  };
  const queue: DeliveryQueue = { enqueue: async () => {}, enqueueFanout: async () => {} };
  const deps: SweepDeps = {
    ...store,
    queue,
    now: clock,
    newId: newGatewayId,
    log: { warn: () => {} },
    outboxGraceSeconds: 0,
  };
  return {
    store,
    clock,
    deps,
    ncc,
    head,
    soc,
    incidentId: write.incident.id,
    cardId: idOf('card'),
    eliminationId: idOf('elimination'),
  };
}

async function inbox(l: Ladder, partyId: string): Promise<DeliveryRecord[]> {
  return (await l.store.deliveries.listDeliveries(partyId, { limit: 100 })).items;
}

async function obligation(l: Ladder, id: string): Promise<Obligation> {
  const found = (await l.store.obligations.obligationsOf(l.incidentId)).find((o) => o.id === id);
  if (!found) throw new Error(`no obligation ${id}`);
  return found;
}

/** The level of an `obligation.missed` delivery, and the obligation it is about. */
function rung(d: DeliveryRecord): { level: unknown; obligationId: unknown } {
  const payload = d.payload as { level?: unknown; obligation?: { id?: unknown } };
  return { level: payload.level, obligationId: payload.obligation?.id };
}

/** Runs the sweep `times` times, two at once each time, and sums what it did. */
async function sweeps(l: Ladder, times: number) {
  const total = { missed: 0, level2: 0 };
  for (let i = 0; i < times; i++) {
    for (const stats of await Promise.all([sweep(l.deps), sweep(l.deps)])) {
      total.missed += stats.missed;
      total.level2 += stats.level2;
    }
  }
  return total;
}

describe.each(STORES)('escalation ladder on $name', (kind) => {
  it('a missed card reaches the NCC at 72 h and level 2 24 h later, each once; an ack in time stops level 2', async () => {
    // Arrange
    const l = await ladder(await kind.create());

    // Act: level 1, the sweep running again and again past 72 h
    l.clock.set(at(72, 1_000));
    const level1 = await sweeps(l, 3);

    // Assert: both clocks missed and escalated to the NCC once; level 2 due 24 h later
    expect(level1).toEqual({ missed: 2, level2: 0 });
    const toNcc = (await inbox(l, l.ncc)).filter((d) => d.event === 'obligation.missed');
    expect(
      toNcc.map(rung).sort((a, b) => String(a.obligationId).localeCompare(String(b.obligationId))),
    ).toEqual(
      [l.cardId, l.eliminationId].sort().map((obligationId) => ({ level: 1, obligationId })),
    );
    const card = await obligation(l, l.cardId);
    expect(card).toMatchObject({ state: 'missed', escalation: { level2DueAt: at(96, 1_000) } });
    expect(card.escalation?.level1Deliveries).toEqual(
      toNcc.filter((d) => rung(d).obligationId === l.cardId).map((d) => d.id),
    );

    // Act: the NCC acknowledges level 1 of `elimination` (not of `card`) at 80 h
    l.clock.set(at(80));
    const eliminationAlert = toNcc.find((d) => rung(d).obligationId === l.eliminationId);
    if (!eliminationAlert) throw new Error('no level 1 for elimination');
    await ackDelivery(l.deps, principalOf(l.ncc, 'ncc'), eliminationAlert.id);
    // …and nothing happens before level 2 is due
    l.clock.set(at(96));
    expect(await sweeps(l, 1)).toEqual({ missed: 0, level2: 0 });
    expect(await inbox(l, l.head)).toEqual([]);

    // Act: past 96 h, the sweep again and again
    l.clock.set(at(96, 2_000));
    const level2 = await sweeps(l, 3);
    l.clock.set(at(200));
    const later = await sweeps(l, 2);

    // Assert: level 2 of `card` went to the head exactly once; `elimination` was stopped by the ack
    expect(level2).toEqual({ missed: 0, level2: 2 });
    expect(later).toEqual({ missed: 0, level2: 0 });
    const toHead = await inbox(l, l.head);
    expect(toHead).toHaveLength(1);
    expect(toHead[0]).toMatchObject({ event: 'obligation.missed', subjectId: l.incidentId });
    expect(toHead[0]?.payload).toMatchObject({
      level: 2,
      reason: 'level1_not_acknowledged',
      obligation: { id: l.cardId, state: 'missed' },
    });
    expect((await obligation(l, l.cardId)).escalation).toMatchObject({
      level2At: at(96, 2_000),
      level2Recipients: [l.head],
    });
    expect((await obligation(l, l.cardId)).escalation?.level2DueAt).toBeUndefined();
    expect((await obligation(l, l.eliminationId)).escalation).toMatchObject({
      acknowledgedAt: at(80),
      acknowledgedBy: l.ncc,
    });
    // Each level, the first at the miss and each settled level 2, is on the owing SOC's
    // audit chain, once.
    const audited = (await l.store.audit.entries(l.soc, 1, 20))
      .filter((e) => e.action === 'obligation.escalated')
      .map((e) => [e.action, e.outcome, e.subjectId]);
    expect(audited.sort()).toEqual(
      [
        ['obligation.escalated', 'level1', l.cardId],
        ['obligation.escalated', 'level1', l.eliminationId],
        ['obligation.escalated', 'level2', l.cardId],
        ['obligation.escalated', 'level2_stopped', l.eliminationId],
      ].sort(),
    );
    // Neither the NCC nor the SOC hears of level 2; each heard of level 1 once per clock.
    expect((await inbox(l, l.ncc)).filter((d) => d.event === 'obligation.missed')).toHaveLength(2);
    expect((await inbox(l, l.soc)).filter((d) => d.event === 'obligation.missed')).toHaveLength(2);
  });

  it('a waiver stops level 2, is audited on the owing party’s chain and is counted apart', async () => {
    // Arrange: both clocks missed at 72 h
    const l = await ladder(await kind.create());
    l.clock.set(at(72, 1_000));
    expect(await sweeps(l, 1)).toEqual({ missed: 2, level2: 0 });
    const origin = { connectionPoint: '203.0.113.5', source: 'waive-obligation' };

    // Act: the NCC waives the card at 80 h
    l.clock.set(at(80));
    const answer = await waiveObligation(
      l.deps,
      principalOf(l.ncc, 'ncc'),
      l.cardId,
      'The SOC showed the incident was not confirmed.',
      origin,
    );
    l.clock.set(at(97));
    const level2 = await sweeps(l, 3);

    // Assert: waived, and only elimination's level 2 went out
    expect(answer.obligation).toMatchObject({ id: l.cardId, state: 'waived' });
    expect(await obligation(l, l.cardId)).toMatchObject({
      state: 'waived',
      waiver: { by: l.ncc, at: at(80), reason: 'The SOC showed the incident was not confirmed.' },
      escalation: { level1At: at(72, 1_000) },
    });
    expect(level2).toEqual({ missed: 0, level2: 1 });
    expect((await inbox(l, l.head)).map(rung)).toEqual([
      { level: 2, obligationId: l.eliminationId },
    ]);
    // After the two level-1 entries of the miss: the waiver, then elimination's level 2.
    const audit = (await l.store.audit.entries(l.soc, 1, 20)).filter(
      (e) => e.action !== 'message.received' && e.outcome !== 'level1',
    );
    expect(audit.map((e) => [e.action, e.subjectId])).toEqual([
      ['obligation.waived', l.cardId],
      ['obligation.escalated', l.eliminationId],
    ]);
    expect(audit[0]).toMatchObject({
      action: 'obligation.waived',
      outcome: 'waived',
      userId: l.ncc,
      subjectId: l.cardId,
      connectionPoint: '203.0.113.5',
    });
    const report = await complianceReport(l.deps, principalOf(l.ncc, 'ncc'), { soc: l.soc });
    if (report.groupBy !== 'soc') throw new Error('the report groups by SOC by default');
    expect(report.socs[0]?.obligations.card).toMatchObject({ waived: 1, missed: 0 });
    expect(report.socs[0]?.obligations.elimination).toMatchObject({ waived: 0, missed: 1 });

    // A waived (or satisfied) obligation is not waived again; the owing SOC cannot waive.
    await expect(
      waiveObligation(l.deps, principalOf(l.ncc, 'ncc'), l.cardId, 'again', origin),
    ).rejects.toMatchObject({ code: 'obligation_not_waivable' });
    await expect(
      waiveObligation(l.deps, principalOf(l.soc, 'soc'), l.eliminationId, 'mine', origin),
    ).rejects.toMatchObject({ code: 'wrong_role' });
    await expect(
      waiveObligation(l.deps, principalOf(l.ncc, 'ncc'), `${l.incidentId}#nope#x`, 'x', origin),
    ).rejects.toMatchObject({ code: 'not_found' });
    // Refused waivers append nothing: still two level-1 entries, the waiver, level 2.
    expect(await l.store.audit.entries(l.soc, 1, 10)).toHaveLength(4);
  });
});
