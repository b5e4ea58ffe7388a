/**
 * The Idempotency-Key of notice responses, on the memory store: the same answer gets the
 * same receipt and is stored once, another body is a 409, and two concurrent identical
 * answers store one response.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDb } from '../../../functions/adapters/memory/memory-db.js';
import { ConflictError } from '../../../functions/core/errors.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import { respondToNotice } from '../../../functions/core/use-cases/notices/respond-to-notice.js';
import type { RawBody } from '../../../functions/core/wire/read-body.js';
import { newNotice, uid } from '../../support/records.js';
import {
  memoryStoreAt,
  principalOf,
  type TestClock,
  testClock,
  useCaseDeps,
} from '../../support/use-case-deps.js';
import { jsonBody } from '../fixtures.js';

let clock: TestClock;
let fresh: { db: MemoryDb; store: AllStores };
beforeAll(() => {
  clock = testClock('2026-11-20T06:00:00Z');
  fresh = memoryStoreAt(clock);
});

const analysis = (results: string): RawBody => jsonBody({ kind: 'threat_analysis', results });

/** The stored responses to one notice. */
function responsesTo(noticeId: string) {
  return fresh.db
    .values<{ id: string; noticeId: string }>('responses')
    .filter((r) => r.noticeId === noticeId);
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
    expect(responsesTo(entry.noticeId).map((r) => r.id)).toEqual([first.receipt.id]);
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
    expect(responsesTo(entry.noticeId)).toHaveLength(1);
  });
});
