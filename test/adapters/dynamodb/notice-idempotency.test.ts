/**
 * The notice use cases on the real adapter: Idempotency-Key on every response kind,
 * and a same-key fan-out to more recipients than one transaction holds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../functions/core/errors.js';
import { issueNotice } from '../../../functions/core/use-cases/notices/issue-notice.js';
import { respondToNotice } from '../../../functions/core/use-cases/notices/respond-to-notice.js';
import type { RawBody } from '../../../functions/core/wire/read-body.js';
import { jsonBody } from '../../core/fixtures.js';
import { type FreshStore, rawPartition } from './fresh-store.js';
import { newNotice, noticeMessage, party, partyId, uid } from './records.js';
import {
  freshStoreAt,
  principalOf,
  type TestClock,
  testClock,
  useCaseDeps,
} from './use-case-deps.js';

let clock: TestClock;
let fresh: FreshStore;
beforeAll(async () => {
  clock = testClock('2026-11-20T06:00:00Z');
  fresh = await freshStoreAt(clock);
});

const analysis = (results: string): RawBody => jsonBody({ kind: 'threat_analysis', results });

async function responsesTo(noticeId: string) {
  return (await rawPartition(fresh, `SUBJECT#${noticeId}`)).filter((item) =>
    item.sk?.S?.startsWith('RESPONSE#'),
  );
}

describe('respondToNotice with an Idempotency-Key', () => {
  it('answers the same analysis with the same receipt, stores it once, and refuses another body (409)', async () => {
    // Arrange
    const write = newNotice();
    await fresh.store.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    const deps = useCaseDeps(fresh.store, clock);
    const soc = principalOf(entry.partyId, 'soc');
    const key = uid('key');
    const body = analysis('Қатер талданды: жүйелер осал емес.');

    // Act
    const first = await respondToNotice(deps, soc, entry.noticeId, body, key);
    const again = await respondToNotice(deps, soc, entry.noticeId, body, key);
    const other = respondToNotice(deps, soc, entry.noticeId, analysis('Басқа нәтиже.'), key);

    // Assert
    await expect(other).rejects.toBeInstanceOf(ConflictError);
    await expect(other).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    expect(first).toMatchObject({ statusCode: 201, replayed: false });
    expect(again).toMatchObject({ statusCode: 201, replayed: true, receipt: first.receipt });
    expect((await responsesTo(entry.noticeId)).map((item) => item.sk?.S)).toEqual([
      `RESPONSE#${first.receipt.id}`,
    ]);
  });

  it('of two concurrent identical answers with one key, one is stored and both get its receipt', async () => {
    // Arrange
    const write = newNotice();
    await fresh.store.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    const deps = useCaseDeps(fresh.store, clock);
    const soc = principalOf(entry.partyId, 'soc');
    const key = uid('key');
    const body = analysis('Қатер талданды.');

    // Act
    const answers = await Promise.all(
      [0, 1].map(() => respondToNotice(deps, soc, entry.noticeId, body, key)),
    );

    // Assert
    expect(answers.map((a) => a.replayed).sort()).toEqual([false, true]);
    expect(answers[1]?.receipt).toEqual(answers[0]?.receipt);
    expect(await responsesTo(entry.noticeId)).toHaveLength(1);
  });
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
