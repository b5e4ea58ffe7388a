/**
 * 001 п.17: «"МТҚ" АҚ тоқсан сайын ҚР ҰҚК-ға ... жиынтық ақпаратты ... жолдайды» — every
 * quarter the NCC sends ҰҚК (the `authority` parties) the summary information. The NCC
 * can read it (`GET /v1/reports/quarterly`); this job delivers it: when a national quarter
 * has closed, one `report.quarterly` delivery to every `authority` party (webhook and
 * inbox like any delivery), once per quarter and party.
 *
 * "Once" is the delivery's id: derived from the quarter and the recipient, and written
 * only if no delivery has it (`saveDeliveryOnce`). The job may run every day (and does,
 * like the audit day job): a run finding every recipient served reads nothing more; an
 * `authority` party registered later still receives the quarter that closed last.
 */
import { createHash } from 'node:crypto';
import { type AuditEvent, sha256Hex } from '../../audit/audit-entry.js';
import type { DeliveryRecord } from '../../ports/records.js';
import { quarterWindow } from '../../reports/quarterly.js';
import { nationalDateOf } from '../../time.js';
import type { Uses } from '../context.js';
import { handOff } from '../dispatch.js';
import { type QuarterlySummaryDeps, quarterlySummaryOf } from './quarterly-report.js';

export type DeliverQuarterlySummaryDeps = QuarterlySummaryDeps & Uses<'deliveries' | 'queue'>;

export interface QuarterId {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

export interface QuarterlyDeliveryResult extends QuarterId {
  /** The `authority` parties registered. */
  recipients: number;
  /** Deliveries this run wrote (0 when every recipient had its own already). */
  sent: number;
}

/** The national (UTC+5) quarter before the one `nowMs` falls in: the last one that closed. */
export function quarterThatClosed(nowMs: number): QuarterId {
  const [year = 0, month = 1] = nationalDateOf(nowMs).split('-').map(Number);
  const current = Math.floor((month - 1) / 3) + 1;
  return current === 1
    ? { year: year - 1, quarter: 4 }
    : { year, quarter: (current - 1) as QuarterId['quarter'] };
}

/** The subject of a quarter's deliveries (`2026-Q4`). */
export function quarterSubject({ year, quarter }: QuarterId): string {
  return `${year}-Q${quarter}`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The `report.quarterly` delivery id of one quarter and recipient, the same on every run.
 * Shaped like every delivery id (`dlv_` and a ULID): the quarter's end as the time part,
 * then 80 bits of SHA-256 over the quarter and the recipient.
 */
export function quarterlyDeliveryId(quarter: QuarterId, partyId: string): string {
  let ms = quarterWindow(quarter.year, quarter.quarter).endMs;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[ms % 32] ?? '0') + time;
    ms = Math.floor(ms / 32);
  }
  const digest = createHash('sha256')
    .update(`report.quarterly\u0000${quarterSubject(quarter)}\u0000${partyId}`)
    .digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] ?? 0) & 31];
  return `dlv_${time}${random}`;
}

/**
 * Delivers the summary of `asked` (default: the quarter that closed last) to every
 * `authority` party that has not had it.
 *
 * 1. The quarter must have closed (a summary of a running quarter is not the quarter's).
 * 2. Every `authority` party whose delivery for the quarter exists is served already; when
 *    all are, nothing more is read.
 * 3. The summary as the NCC reads it (`quarterlySummaryOf`), one delivery per remaining
 *    party, each written only if its id is still free, with a `report.quarterly` entry on
 *    the recipient's audit chain in the same write (п.90-1(7): the gateway's own service
 *    events are chained like messages; the push itself adds `message.sent`); then handed
 *    to the queue (the outbox relay takes over if SQS is down).
 */
export async function deliverQuarterlySummary(
  deps: DeliverQuarterlySummaryDeps,
  asked?: QuarterId,
): Promise<QuarterlyDeliveryResult> {
  const nowMs = deps.now().getTime();
  const quarter = asked ?? quarterThatClosed(nowMs);
  const window = quarterWindow(quarter.year, quarter.quarter);
  if (window.endMs > nowMs)
    throw new Error(`Quarter ${quarterSubject(quarter)} has not closed yet (${window.to})`);

  const authorities = (await deps.parties.listParties()).filter((p) => p.role === 'authority');
  const pending: string[] = [];
  for (const party of authorities) {
    const id = quarterlyDeliveryId(quarter, party.id);
    if ((await deps.deliveries.getDelivery(id)) === undefined) pending.push(party.id);
  }
  const result = { ...quarter, recipients: authorities.length, sent: 0 };
  if (pending.length === 0) return result;

  const summary = await quarterlySummaryOf(deps, quarter.year, quarter.quarter);
  const createdAt = summary.generatedAt;
  const written: DeliveryRecord[] = [];
  for (const partyId of pending) {
    const delivery: DeliveryRecord = {
      id: quarterlyDeliveryId(quarter, partyId),
      partyId,
      event: 'report.quarterly',
      subjectId: quarterSubject(quarter),
      payload: summary,
      createdAt,
      status: 'pending',
      attempts: 0,
      queued: false,
    };
    if (await deps.deliveries.saveDeliveryOnce(delivery, [issuedAudit(delivery, quarter)]))
      written.push(delivery);
  }
  await handOff(deps, written);
  return { ...result, sent: written.length };
}

/**
 * The audit entry of one quarter's summary issued to one `authority` party, on that party's
 * chain (as `credentials.expiring` is on its recipient's): the gateway acted, at the job's
 * instant; the digest is of the summary delivered.
 */
function issuedAudit(delivery: DeliveryRecord, quarter: QuarterId): AuditEvent {
  return {
    partyId: delivery.partyId,
    at: delivery.createdAt,
    startedAt: delivery.createdAt,
    connectionPoint: 'gateway',
    userId: 'gateway',
    source: 'deliver-quarterly-summary',
    action: 'report.quarterly',
    outcome: 'issued',
    subjectId: delivery.id,
    sha256: sha256Hex(JSON.stringify(delivery.payload)),
    description: `Quarterly summary ${quarterSubject(quarter)} (001 п.17) issued to ${delivery.partyId} as delivery ${delivery.id}`,
  };
}
