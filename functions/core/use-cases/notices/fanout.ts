/**
 * A notice to the whole country is one unit (issue #14 item 5). The request that accepts
 * a notice writes its head and one fan-out record in one transaction; the recipients are
 * then expanded from that record, a batch at a time, by the request itself, then — when
 * the request runs out of time — by the worker, handed the notice through the queue
 * (a "continue fan-out" message, re-sent by each worker that runs out of time in turn),
 * and — after a crash, a store error or a lost message — by the sweep.
 *
 * Every expansion of a notice builds the same records: the delivery id of a recipient is
 * derived from the notice and the recipient, the clocks from the issue time and the
 * clock settings the fan-out record took at acceptance. Each batch is written only while
 * the fan-out still stands where the expander read it, and advances it in the same
 * transaction, so a batch is never written twice and a crash between batches loses none.
 */
import { createHash } from 'node:crypto';
import { type Obligation, obligationsForNotice } from '../../clocks/obligations.js';
import { FANOUT_BATCH_RECIPIENTS, type FanoutShare } from '../../ports/notices.js';
import type { FanoutRecipient, NoticeFanoutRecord, NoticeRecord } from '../../ports/records.js';
import { StaleWriteError } from '../../ports/write-conflicts.js';
import { formatInstant, instantOf } from '../../time.js';
import type { Uses } from '../context.js';
import { handOff } from '../dispatch.js';

/** Crockford base32, the ULID alphabet. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters of a ULID's time part, and of its random part. */
const ULID_TIME_CHARS = 10;
const ULID_RANDOM_CHARS = 16;

/**
 * The `notice.issued` delivery id of one recipient, the same on every expansion, so a
 * batch written twice is refused by its condition instead of delivering twice. Shaped
 * like every delivery id (`dlv_` and a ULID): the notice's time part, then 80 bits of
 * SHA-256 over the notice and the recipient.
 */
export function fanoutDeliveryId(noticeId: string, partyId: string): string {
  const ulid = noticeId.slice(noticeId.indexOf('_') + 1);
  const time =
    ulid.length === ULID_TIME_CHARS + ULID_RANDOM_CHARS
      ? ulid.slice(0, ULID_TIME_CHARS)
      : '0'.repeat(ULID_TIME_CHARS);
  const digest = createHash('sha256').update(`${noticeId}\u0000${partyId}`).digest();
  let random = '';
  for (let i = 0; i < ULID_RANDOM_CHARS; i++) random += CROCKFORD[(digest[i] ?? 0) & 31];
  return `dlv_${time}${random}`;
}

/**
 * A recipient's `notice_ack` and `notice_response`, from the issue time — when the notice
 * became available to it (004 п.9 «хабарландырылған сәттен бастап»). Opened as at the issue
 * time, so a late expansion writes the same clocks; one already past due is then missed
 * by the sweep's due index like any other.
 */
export function recipientClocks(notice: NoticeRecord, recipient: FanoutRecipient): Obligation[] {
  const issuedAtMs = instantOf(notice.issuedAt);
  return obligationsForNotice({
    noticeId: notice.id,
    recipientId: recipient.partyId,
    issuedAtMs,
    nowMs: issuedAtMs,
    policy: recipient.policy,
  });
}

/** The shares of `recipients`: inbox entry, clocks and a pending `notice.issued` delivery each. */
export function sharesOf(
  notice: NoticeRecord,
  recipients: readonly FanoutRecipient[],
  createdAt: string,
): FanoutShare[] {
  // Recipients see the notice, not who else received it (tenant isolation, docs/contract.md §4).
  const { recipients: _addressees, ...noticeForRecipients } = notice.notice;
  const payload = {
    noticeId: notice.id,
    issuedAt: notice.issuedAt,
    notifiedAt: notice.notifiedAt,
    notice: noticeForRecipients,
  };
  return recipients.map((r) => {
    const deliveryId = fanoutDeliveryId(notice.id, r.partyId);
    return {
      recipient: {
        noticeId: notice.id,
        partyId: r.partyId,
        issuedAt: notice.issuedAt,
        deliveryId,
      },
      obligations: recipientClocks(notice, r),
      delivery: {
        id: deliveryId,
        partyId: r.partyId,
        event: 'notice.issued',
        subjectId: notice.id,
        payload,
        createdAt,
        status: 'pending',
        attempts: 0,
        queued: false,
      },
    };
  });
}

export interface ExpandOptions {
  /** No batch is started at or after this instant (epoch ms); the sweep does the rest. */
  untilMs?: number;
}

/** Where a fan-out stands after an expansion. */
export interface ExpandResult {
  /** Where it stood when this expansion read it. */
  from: number;
  expanded: number;
  total: number;
}

/**
 * Expands `fanout` from where it stands, batch by batch, handing each batch's deliveries
 * to SQS as soon as it is written (if SQS is down they wait in the outbox for the relay).
 * A batch refused because another expander moved the fan-out on is not an error: the
 * expansion goes on from there.
 */
export async function continueFanout(
  deps: Uses<'notices' | 'deliveries' | 'queue'>,
  notice: NoticeRecord,
  fanout: NoticeFanoutRecord,
  options: ExpandOptions = {},
): Promise<ExpandResult> {
  const total = fanout.recipients.length;
  let expanded = fanout.expanded;
  // Hand-offs run beside the next batch's write; none throws (a failure waits for the relay).
  const handOffs: Promise<boolean>[] = [];
  try {
    while (expanded < total) {
      const nowMs = deps.now().getTime();
      if (options.untilMs !== undefined && nowMs >= options.untilMs) break;
      const at = formatInstant(nowMs);
      const next = fanout.recipients.slice(expanded, expanded + FANOUT_BATCH_RECIPIENTS);
      const shares = sharesOf(notice, next, at);
      try {
        const result = await deps.notices.saveFanoutBatch({
          noticeId: notice.id,
          from: expanded,
          total,
          shares,
          at,
        });
        const written = shares.slice(0, result.expanded - expanded);
        expanded = result.expanded;
        handOffs.push(
          handOff(
            deps,
            written.map((s) => s.delivery),
          ),
        );
      } catch (error) {
        if (!(error instanceof StaleWriteError)) throw error;
        const current = await deps.notices.getFanout(notice.id);
        // The guard failed but nobody moved the fan-out on: not a race, a fault.
        if (current === undefined || current.expanded <= expanded) throw error;
        expanded = current.expanded;
      }
    }
  } finally {
    await Promise.all(handOffs);
  }
  return { from: fanout.expanded, expanded, total };
}

/** Expands a notice's fan-out from wherever it stands; undefined when it has none. */
export async function expandNotice(
  deps: Uses<'notices' | 'deliveries' | 'queue'>,
  noticeId: string,
  options: ExpandOptions = {},
): Promise<ExpandResult | undefined> {
  const fanout = await deps.notices.getFanout(noticeId);
  if (fanout === undefined) return undefined;
  const total = fanout.recipients.length;
  if (fanout.expanded >= total) return { from: total, expanded: total, total };
  const notice = await deps.notices.getNotice(noticeId);
  // Written in one transaction with its fan-out, so never missing.
  if (notice === undefined) throw new Error(`Fan-out of missing notice ${noticeId}`);
  return continueFanout(deps, notice, fanout, options);
}

/**
 * The longest the worker expands a fan-out for one "continue fan-out" message before it
 * hands the rest on in a new message (the handler also keeps inside the invocation's
 * remaining time). Long, because the next message queues behind every delivery this one
 * handed to the same queue: at 600 recipients on a loaded DynamoDB Local, 5 s per message
 * made each hand-over wait 3–5 s. Under the local queue's 30 s visibility timeout, so a
 * message is never received twice while it is being worked.
 */
export const QUEUED_FANOUT_BUDGET_MS = 20_000;

/**
 * Hands the rest of a fan-out to the worker. Best effort: if the queue is down the fan-out
 * goes idle and the sweep takes it over.
 */
export async function continueLater(deps: Uses<'queue'>, noticeId: string): Promise<boolean> {
  try {
    await deps.queue.enqueueFanout(noticeId);
    return true;
  } catch (error) {
    deps.log.warn('Could not hand a notice fan-out to the worker; the sweep will finish it', {
      noticeId,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

/**
 * The worker's share: a "continue fan-out" message. Expands the notice from wherever it
 * stands for `budgetMs` (at most {@link QUEUED_FANOUT_BUDGET_MS}), and hands what is left on
 * in a new message.
 * A repeated or late message finds the fan-out complete and does nothing; a store error
 * throws, and the message comes back after its visibility timeout (the sweep is the net).
 */
export async function expandQueuedFanout(
  deps: Uses<'notices' | 'deliveries' | 'queue'>,
  noticeId: string,
  budgetMs: number = QUEUED_FANOUT_BUDGET_MS,
): Promise<ExpandResult | undefined> {
  const untilMs = deps.now().getTime() + Math.min(budgetMs, QUEUED_FANOUT_BUDGET_MS);
  const result = await expandNotice(deps, noticeId, { untilMs });
  if (result !== undefined && result.expanded < result.total) await continueLater(deps, noticeId);
  return result;
}

/** Unfinished fan-outs read per sweep. */
const RESUME_PAGE_SIZE = 10;

/**
 * How long a fan-out must have made no progress before the sweep takes it over. A batch
 * takes well under a second; one slower than this on a loaded machine only makes two
 * expanders race, and the progress guard lets exactly one of them write each batch.
 */
export const FANOUT_IDLE_SECONDS = 2;

export interface ResumeDeps extends Uses<'notices' | 'deliveries' | 'queue'> {
  /** Default {@link FANOUT_IDLE_SECONDS}. */
  fanoutIdleSeconds?: number;
}

/**
 * The sweep's share (issue #14 item 5): finishes the fan-outs that stopped — the process
 * that accepted the notice crashed, its store failed, or it ran out of time. One idle for
 * less than {@link FANOUT_IDLE_SECONDS} is left to the expander still working on it.
 *
 * @returns how many recipients this run expanded
 */
export async function resumeFanouts(
  deps: ResumeDeps,
  nowMs: number,
  options: ExpandOptions = {},
): Promise<number> {
  const idleSince = formatInstant(nowMs - (deps.fanoutIdleSeconds ?? FANOUT_IDLE_SECONDS) * 1000);
  const stalled = await deps.notices.listUnfinishedFanouts(idleSince, RESUME_PAGE_SIZE);
  let expandedNow = 0;
  // One fan-out that cannot be written (a damaged record) must not hold up the others:
  // each is tried, and the first failure is reported once all had their turn.
  const failures: unknown[] = [];
  for (const noticeId of stalled) {
    try {
      const result = await expandNotice(deps, noticeId, options);
      if (result !== undefined) expandedNow += result.expanded - result.from;
    } catch (error) {
      failures.push(error);
      deps.log.warn('A notice fan-out could not be resumed; the next sweep retries it', {
        noticeId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (options.untilMs !== undefined && deps.now().getTime() >= options.untilMs) break;
  }
  if (failures.length > 0) throw failures[0];
  return expandedNow;
}
