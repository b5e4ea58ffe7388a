/**
 * A same-key notice fan-out to more recipients than one DynamoDB transaction holds: the
 * multi-transaction write path is the adapter's own, so this stays on DynamoDB Local
 * (the Idempotency-Key logic of responses runs on the memory store:
 * test/core/use-cases/notice-idempotency.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { issueNotice } from '../../../functions/core/use-cases/notices/issue-notice.js';
import { jsonBody } from '../../core/fixtures.js';
import { noticeMessage, party, partyId, uid } from '../../support/records.js';
import {
  principalOf,
  type TestClock,
  testClock,
  useCaseDeps,
} from '../../support/use-case-deps.js';
import { type FreshStore, freshStoreAt } from './fresh-store.js';

let clock: TestClock;
let fresh: FreshStore;
beforeAll(async () => {
  clock = testClock('2026-11-20T06:00:00Z');
  fresh = await freshStoreAt(clock);
});

describe('issueNotice to 30 SOCs (two transactions)', () => {
  it('with two concurrent same-key requests puts exactly one notice in every inbox', async () => {
    // Arrange
    const socs = Array.from({ length: 30 }, () => partyId());
    for (const id of socs) await fresh.store.putParty(party(id));
    const deps = useCaseDeps(fresh.store, clock);
    const ncc = principalOf('ncc-main', 'ncc');
    const key = uid('key');
    const body = jsonBody(noticeMessage(socs));

    // Act
    const issued = await Promise.all([0, 1].map(() => issueNotice(deps, ncc, body, key)));

    // Assert
    expect(issued.map((r) => r.replayed).sort()).toEqual([false, true]);
    const noticeId = issued[0]?.receipt.id;
    expect(issued[1]?.receipt.id).toBe(noticeId);
    for (const id of socs) {
      const inbox = await fresh.store.listInbox(id, { limit: 10 });
      expect(inbox.items.map((e) => e.noticeId)).toEqual([noticeId]);
    }
    expect(await fresh.store.obligationsOf(noticeId ?? '')).toHaveLength(60);
  });
});
