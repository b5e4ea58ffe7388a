/**
 * How audit entries, chain heads and digests are stored, and the transaction items
 * that append to a chain — shared by the audit trail itself and by every write that
 * records itself in the same transaction (a block, an unblock).
 *
 * An append is: one Put per entry that must not exist yet, and the head moved from the
 * seq it was read at (or created, for an empty chain). Two appends that read the same
 * head cannot both commit, so a chain never forks. Entries carry no index keys: a day's
 * entries are found through the day markers (audit-days.ts), written once per party and
 * day, not through an index write per entry.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditEntry,
  type AuditEvent,
  type AuditHead,
  chainAuditEvents,
} from '../../core/audit/audit-entry.js';
import { DependencyUnavailableError } from '../../core/errors.js';
import { ClaimTakenError, StaleWriteError } from '../../core/ports/write-conflicts.js';
import { pauseBeforeRetry, type RetryPolicy } from '../../core/retry.js';
import { auditDayItems, chainDays } from './audit-days.js';
import { perStoreContext, type StoreContext } from './context.js';
import { ENTITY, KEY } from './keys.js';
import { decodeData, isNumber, isString, type Shape } from './shape.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named } from './transact.js';

export const AUDIT_ENTRY_SHAPE: Shape<AuditEntry> = {
  partyId: isString,
  seq: isNumber,
  at: isString,
  startedAt: isString,
  connectionPoint: isString,
  userId: isString,
  source: isString,
  action: isString,
  outcome: isString,
  subjectId: isString,
  sha256: isString,
  description: isString,
  prevHash: isString,
  hash: isString,
};

export const AUDIT_HEAD_SHAPE: Shape<AuditHead> = {
  partyId: isString,
  seq: isNumber,
  hash: isString,
  at: isString,
};

export function decodeAuditEntry(item: unknown): AuditEntry {
  return decodeData(item, ENTITY.auditEntry, AUDIT_ENTRY_SHAPE);
}

export function decodeAuditHead(item: unknown): AuditHead {
  return decodeData(item, ENTITY.auditHead, AUDIT_HEAD_SHAPE);
}

/**
 * A chain's head as an append builds on it: the head, and the latest national day of
 * any of the chain's entries (the head item's `day`, beside its data; absent on a head
 * written before days were kept).
 */
export interface ChainTip {
  head: AuditHead;
  day: string | undefined;
}

/** The head item's attribute holding the chain's latest day. */
const HEAD_DAY = 'day';

async function readHeadItem(ctx: StoreContext, partyId: string) {
  const { Item } = await ctx.doc.send(
    new GetCommand({
      TableName: ctx.auditTableName,
      Key: KEY.auditHead(partyId),
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** Reads a party's head (strongly consistent: the next append builds on it). */
export async function readAuditHead(
  ctx: StoreContext,
  partyId: string,
): Promise<AuditHead | undefined> {
  const item = await readHeadItem(ctx, partyId);
  return item ? decodeAuditHead(item) : undefined;
}

/** Reads the tips of the parties named, each once. */
export async function readAuditHeads(
  ctx: StoreContext,
  partyIds: readonly string[],
): Promise<Map<string, ChainTip | undefined>> {
  const unique = [...new Set(partyIds)];
  const items = await Promise.all(unique.map((id) => readHeadItem(ctx, id)));
  return new Map(
    unique.map((id, i) => {
      const item = items[i];
      if (!item) return [id, undefined];
      const day = item[HEAD_DAY];
      return [id, { head: decodeAuditHead(item), day: typeof day === 'string' ? day : undefined }];
    }),
  );
}

/**
 * Chains the events onto the heads read and returns the transaction items that write
 * them, plus the entries (for the caller's answer). Events of several parties are
 * grouped per party, keeping their order.
 */
export function auditAppendItems(
  ctx: StoreContext,
  heads: ReadonlyMap<string, ChainTip | undefined>,
  events: readonly AuditEvent[],
): { items: NamedItem[]; entries: AuditEntry[]; heads: Map<string, ChainTip> } {
  const byParty = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const list = byParty.get(event.partyId) ?? [];
    list.push(event);
    byParty.set(event.partyId, list);
  }
  const items: NamedItem[] = [];
  const entries: AuditEntry[] = [];
  const written = new Map<string, ChainTip>();
  for (const [partyId, partyEvents] of byParty) {
    // Whoever builds an append is about to move the head: forget the remembered one
    // (`withAuditAppend` remembers its own again once its write commits).
    writtenHeads(ctx).delete(partyId);
    const tip = heads.get(partyId);
    const expected = tip?.head;
    const chained = chainAuditEvents(expected, partyEvents);
    for (const entry of chained.entries) {
      entries.push(entry);
      items.push(
        named(`audit:${partyId}#${entry.seq}`, {
          Put: {
            TableName: ctx.auditTableName,
            Item: {
              ...KEY.auditEntry(partyId, entry.seq),
              entity: ENTITY.auditEntry,
              data: entry,
            },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': ATTR.pk },
          },
        }),
      );
    }
    const head = chained.head;
    if (!head) continue;
    const days = chainDays(tip?.day, chained.entries);
    items.push(...auditDayItems(ctx, partyId, days));
    written.set(partyId, { head, day: days.day });
    // Written only if the head is still the one chained onto — its seq AND its hash: a
    // remembered head (`singleWriter`) may be one whose write never committed (a no-op
    // `once` write resolves without error), and another writer may have written that seq
    // since; the seq alone would let this append link to an entry that is not there.
    items.push(
      named(
        auditHeadItem(partyId),
        {
          Put: {
            TableName: ctx.auditTableName,
            Item: {
              ...KEY.auditHead(partyId),
              entity: ENTITY.auditHead,
              data: head,
              seq: head.seq,
              [HEAD_DAY]: days.day,
            },
            ...(expected
              ? {
                  ConditionExpression: '#seq = :expected AND #data.#hash = :hash',
                  ExpressionAttributeNames: { '#seq': 'seq', '#data': 'data', '#hash': 'hash' },
                  ExpressionAttributeValues: { ':expected': expected.seq, ':hash': expected.hash },
                }
              : {
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': ATTR.pk },
                }),
          },
        },
        { kind: 'guard' },
      ),
    );
  }
  return { items, entries, heads: written };
}

/** The name of a party's head item in a transaction (its failure: the head moved). */
export const auditHeadItem = (partyId: string) => `audit-head:${partyId}`;

/** Attempts of an append whose head moved under it before giving up (503). */
export const AUDIT_APPEND_ATTEMPTS = 8;

/**
 * How a message's write retries when another write of the same party moved the chain
 * head first. Each round commits at least one of the racing writes, so k writes of one
 * party at once need up to k attempts; twelve, with short jittered pauses that spread
 * the racers out (about a second in all at worst), cover a SOC's burst of parallel
 * uploads well inside a request's 4.5 s.
 */
export const AUDIT_HEAD_RETRY: RetryPolicy = { attempts: 12, baseMs: 5, capMs: 100 };

/** True for the name of a chain-head item (see {@link auditHeadItem}). */
const isAuditHeadItem = (name: string) => name.startsWith('audit-head:');

/**
 * Appends to one party's chain made by this process take turns (keyed by table and
 * party): without turns, a SOC's eight parallel uploads all read the same head, seven
 * transactions are cancelled, re-read and retried, and so on — on the embedded stack that
 * was ~8 transactions and ~14 reads per incident. With turns, each writes once. Across
 * processes (Lambda containers) the head condition and the retry below still decide.
 *
 * Turns save work when a party sends a few messages at once, but fifty identical retries at
 * once would queue one transaction each past the request deadline (4.5 s). So at most
 * {@link MAX_WAITING} appends of a party wait for their turn, none longer than
 * {@link TURN_WAIT_MS}; the others go ahead and race as they would without turns (the head
 * condition and the retry keep the chain whole). The bound is above what one recipient
 * meets in normal work: the local worker holds up to 40 deliveries at once (4 pollers × 10
 * messages), often all to one owner, each appending `message.sent` to that owner's chain;
 * at 8, the other 32 raced and were cancelled, about one extra transaction per incident.
 */
const MAX_WAITING = 64;
const TURN_WAIT_MS = 2_000;

/** A party's queue: the turn the next append waits for, and how many wait now. */
interface Turn {
  tail: Promise<void>;
  waiting: number;
}
const turnsOf = perStoreContext(() => new Map<string, Turn>());

async function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([promise, elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits for the turn of each party (in sorted order, so two writers never wait on each
 * other). Turns are per store context — one per process and table (`storeContextFor`) —
 * so two stores on one table behave as two Lambda containers do.
 */
async function takeTurns(ctx: StoreContext, keys: readonly string[]): Promise<() => void> {
  const turns = turnsOf(ctx);
  const releases: Array<() => void> = [];
  for (const key of [...new Set(keys)].sort()) {
    const turn = turns.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    if (turn.waiting >= MAX_WAITING) continue;
    const before = turn.tail;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    turn.tail = mine;
    turn.waiting += 1;
    turns.set(key, turn);
    try {
      await waitAtMost(before, TURN_WAIT_MS);
    } finally {
      turn.waiting -= 1;
    }
    releases.push(() => {
      release();
      // Nobody queued behind this append: the party's queue is empty.
      if (turn.tail === mine) turns.delete(key);
    });
  }
  return () => {
    for (const release of releases.reverse()) release();
  };
}

/** Heads this store context wrote, where it is the only writer (`ctx.singleWriter`). */
const writtenHeads = perStoreContext(() => new Map<string, ChainTip>());

/** The heads to build on: remembered where allowed and known, read otherwise. */
async function headsFor(
  ctx: StoreContext,
  partyIds: readonly string[],
): Promise<Map<string, ChainTip | undefined>> {
  if (!ctx.singleWriter) return readAuditHeads(ctx, partyIds);
  const unique = [...new Set(partyIds)];
  const unknown = unique.filter((id) => !writtenHeads(ctx).has(id));
  const read = unknown.length === 0 ? new Map() : await readAuditHeads(ctx, unknown);
  return new Map(unique.map((id) => [id, writtenHeads(ctx).get(id) ?? read.get(id)]));
}

/**
 * Runs a write whose transaction also appends `events` to their parties' chains
 * (п.90-1(7): "in the same transaction as the write it records"): reads the heads,
 * hands `write` the append items to put in its own transaction, and, when the only
 * thing that failed was a head another append moved meanwhile (two writes of one party
 * at once), reads the heads again and writes again — so both writes commit and the chain
 * stays gapless. A head that keeps moving is a 503: the write is never made without its
 * entries. Any other failure is the write's own (a stale record, a replay) and passes on.
 */
export async function withAuditAppend<T>(
  ctx: StoreContext,
  events: readonly AuditEvent[],
  write: (auditItems: NamedItem[]) => Promise<T>,
): Promise<T> {
  if (events.length === 0) return write([]);
  const partyIds = [...new Set(events.map((e) => e.partyId))];
  const release = await takeTurns(ctx, partyIds);
  try {
    for (let attempt = 1; ; attempt++) {
      const heads = await headsFor(ctx, partyIds);
      const append = auditAppendItems(ctx, heads, events);
      try {
        const result = await write(append.items);
        if (ctx.singleWriter)
          for (const [id, head] of append.heads) writtenHeads(ctx).set(id, head);
        return result;
      } catch (error) {
        // A claim taken (a replay) cancels the whole transaction with the head as read, so a
        // remembered head still holds; after anything else (moved, timed out, refused) the
        // next append reads it.
        if (!(error instanceof ClaimTakenError))
          for (const id of partyIds) writtenHeads(ctx).delete(id);
        const headMoved =
          error instanceof StaleWriteError &&
          error.items.length > 0 &&
          error.items.every(isAuditHeadItem);
        if (!headMoved) throw error;
        if (attempt >= AUDIT_HEAD_RETRY.attempts) {
          throw new DependencyUnavailableError('The audit trail', { cause: error });
        }
        await pauseBeforeRetry(attempt, AUDIT_HEAD_RETRY);
      }
    }
  } finally {
    release();
  }
}
