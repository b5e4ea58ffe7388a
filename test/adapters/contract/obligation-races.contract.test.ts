/**
 * Contract, on both stores: a request that changes an obligation races the sweep: it reads `open`, the sweep marks
 * the obligation missed (and escalates), then the request writes. Every request-path
 * obligation write is conditioned on the state read, so the late write fails with
 * StaleWriteError instead of erasing the miss, and the use case reads again and lands
 * as `satisfied_late`, the miss kept on record.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  markMissed,
  type Obligation,
  obligationsAfterAck,
  obligationsAfterResponse,
  satisfy,
} from '../../../functions/core/clocks/obligations.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import { StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { instantOf } from '../../../functions/core/time.js';
import { findObligation, incidentWithOwnerDelivery } from '../../support/obligation-races.js';
import { newIncident, newNotice, uid } from '../../support/records.js';
import { type TestClock, testClock } from '../../support/use-case-deps.js';
import { type ContractStore, STORES } from './stores.js';

/** Every port of a contract store as one object (the methods are closures). */
function flat(store: ContractStore): AllStores {
  return {
    ...store.parties,
    ...store.incidents,
    ...store.vulnerabilities,
    ...store.obligations,
    ...store.deliveries,
    ...store.notices,
    ...store.idempotency,
  };
}

describe.each(STORES)('obligation writes racing the sweep on $name', (kind) => {
  let clock: TestClock;
  let store: AllStores;
  beforeEach(async () => {
    clock = testClock('2026-11-20T04:12:31.204Z');
    store = flat(await kind.create({ now: clock }));
  });

  /** What the sweep writes when `open` is past due (its escalations left out). */
  async function sweepMarksMissed(open: Obligation, at: string): Promise<Obligation> {
    const missed = markMissed(open, instantOf(at));
    expect(await store.transitionOpen(missed, open, [])).toBe(true);
    return missed;
  }

  async function stored(subjectId: string, id: string): Promise<Obligation | undefined> {
    return (await store.obligationsOf(subjectId)).find((o) => o.id === id);
  }

  describe('store: a request write of an obligation the sweep moved on', () => {
    it('saveAcknowledgement throws StaleWriteError and writes nothing; the recomputed ack lands late', async () => {
      // Arrange: the ack read notify_owner open, 100 ms before its deadline …
      const { write, notifyOwner, toOwner } = await incidentWithOwnerDelivery(store);
      const onTime = satisfy(notifyOwner, instantOf('2026-11-20T04:24:59.900Z'), toOwner.id);
      // … and the sweep marked it missed before the ack's transaction ran.
      const missed = await sweepMarksMissed(notifyOwner, '2026-11-20T04:25:00.500Z');

      // Act
      const ack = store.saveAcknowledgement(
        { ...toOwner, acknowledgedAt: '2026-11-20T04:24:59.900Z' },
        [{ next: onTime, expectedState: 'open' }],
      );

      // Assert: nothing of the ack was written; the miss stands, the incident stays overdue.
      await expect(ack).rejects.toBeInstanceOf(StaleWriteError);
      expect(await stored(write.incident.id, notifyOwner.id)).toEqual(missed);
      expect((await store.getDelivery(toOwner.id))?.acknowledgedAt).toBeUndefined();
      const overdue = await store.listIncidents(
        { socId: write.incident.socId, overdue: true },
        { limit: 10 },
      );
      expect(overdue.items.map((i) => i.id)).toEqual([write.incident.id]);

      // Act again, as the use case does: recompute from what is stored now.
      const late = satisfy(missed, instantOf('2026-11-20T04:25:00.600Z'), toOwner.id);
      await store.saveAcknowledgement({ ...toOwner, acknowledgedAt: '2026-11-20T04:25:00.600Z' }, [
        { next: late, expectedState: 'missed' },
      ]);
      expect(await stored(write.incident.id, notifyOwner.id)).toMatchObject({
        state: 'satisfied_late',
        missedAt: missed.missedAt,
        lateBySeconds: 1,
      });
    });

    it('saveNoticeAck and saveNoticeResponse throw StaleWriteError and write nothing', async () => {
      // Arrange
      const write = newNotice();
      await store.saveNewNotice(write);
      const entry = write.recipients[0];
      if (!entry) throw new Error('fixture');
      const own = write.allObligations.filter((o) => o.owedBy === entry.partyId);
      const noticeAck = findObligation(own, 'notice_ack');
      const fromOpen = (list: Obligation[]) =>
        list.map((next) => ({ next, expectedState: 'open' as const }));
      const acked = obligationsAfterAck(own, 'notice_ack', instantOf('2026-11-20T05:14:59Z'), 'a');
      const answered = obligationsAfterResponse(own, instantOf('2026-11-20T05:14:59Z'), 'rsp');
      await sweepMarksMissed(noticeAck, '2026-11-20T05:15:01Z');
      const responseId = uid('rsp');

      // Act
      const ack = store.saveNoticeAck(
        { ...entry, acknowledgedAt: '2026-11-20T05:14:59Z' },
        fromOpen(acked),
      );
      await expect(ack).rejects.toBeInstanceOf(StaleWriteError);
      const response = store.saveNoticeResponse({
        response: {
          id: responseId,
          noticeId: entry.noticeId,
          partyId: entry.partyId,
          receivedAt: '2026-11-20T05:14:59Z',
          sha256: 'f'.repeat(64),
          response: { kind: 'threat_analysis', results: 'Талданды.' },
        },
        recipient: { ...entry, respondedAt: '2026-11-20T05:14:59Z' },
        satisfied: fromOpen(answered),
      });

      // Assert
      await expect(response).rejects.toBeInstanceOf(StaleWriteError);
      expect(await store.getRecipient(entry.noticeId, entry.partyId)).toEqual(entry);
      expect(await stored(entry.noticeId, noticeAck.id)).toMatchObject({ state: 'missed' });
      expect(await stored(entry.noticeId, findObligation(own, 'notice_response').id)).toMatchObject(
        {
          state: 'open',
        },
      );
      // The response was not stored: the same response, written again against what is
      // stored now, lands (a stored one would make it a no-op, leaving respondedAt unset).
      await store.saveNoticeResponse({
        response: {
          id: responseId,
          noticeId: entry.noticeId,
          partyId: entry.partyId,
          receivedAt: '2026-11-20T05:15:02Z',
          sha256: 'f'.repeat(64),
          response: { kind: 'threat_analysis', results: 'Талданды.' },
        },
        recipient: { ...entry, respondedAt: '2026-11-20T05:15:02Z' },
        satisfied: [],
      });
      expect((await store.getRecipient(entry.noticeId, entry.partyId))?.respondedAt).toBe(
        '2026-11-20T05:15:02Z',
      );
    });

    it('saveIncidentUpdate throws StaleWriteError when a changed obligation is no longer as read', async () => {
      // Arrange: the card read open, then missed by the sweep before the revision is written.
      const write = newIncident({ completeCard: false });
      await store.saveNewIncident(write);
      const card = findObligation(write.obligations, 'card');
      await sweepMarksMissed(card, '2026-11-23T04:10:01Z');

      // Act
      const revision = store.saveIncidentUpdate({
        incident: { ...write.incident, version: 2, completeCard: true },
        expectedVersion: 1,
        expectedStatus: 'open',
        newVersion: { ...write.version, version: 2 },
        obligations: [
          {
            next: satisfy(card, instantOf('2026-11-23T04:09:59Z'), `${write.incident.id}#v2`),
            expectedState: 'open',
          },
        ],
        deliveries: [],
      });

      // Assert
      await expect(revision).rejects.toBeInstanceOf(StaleWriteError);
      const detail = await store.getIncident(write.incident.id);
      expect(detail?.incident.version).toBe(1);
      expect(detail?.versions).toHaveLength(1);
      expect(findObligation(detail?.obligations ?? [], 'card').state).toBe('missed');
    });
  });
});
