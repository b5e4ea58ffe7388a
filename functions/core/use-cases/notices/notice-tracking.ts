import { statusOf } from '../../clocks/obligations.js';
import { NotFoundError } from '../../errors.js';
import { requireGatewayId } from '../../ids.js';
import type { NoticeTracking } from '../../ports/notice-tracking.js';
import type { DeliveryRecord, NoticeRecipientRecord, NoticeRecord } from '../../ports/records.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { type QueryParameters, QueryReader } from '../paging.js';
import { fanoutDeliveryId, recipientClocks } from './fanout.js';
import { listNoticeInbox } from './notice-inbox.js';

/** One recipient's progress as the issuing NCC sees it (issue #14 item 1). */
export interface RecipientState {
  partyId: string;
  /** The notice.issued webhook: pending, delivered or failed (the inbox holds it regardless). */
  delivery?: { deliveryId: string; status: DeliveryRecord['status']; deliveredAt?: string };
  acknowledgedAt?: string;
  respondedAt?: string;
  /** An ack or response obligation of this recipient was missed and is not satisfied. */
  overdue: boolean;
  obligations: ReturnType<typeof statusOf>[];
  /**
   * Present while the notice's fan-out has not reached this recipient yet: its inbox
   * entry, clocks and delivery are fixed (shown as they will be written) but not written.
   */
  inbox?: 'pending';
}

/** How far a notice's fan-out has come (issue #14 item 5): never `complete` before every recipient is written. */
export interface FanoutState {
  state: 'complete' | 'in_progress';
  /** Recipients whose inbox entry, clocks and delivery are written. */
  expanded: number;
  recipients: number;
}

function fanoutStateOf(notice: NoticeRecord, tracking: NoticeTracking): FanoutState {
  const total = notice.recipients.length;
  // A notice from before fan-out records was written whole, in one request.
  const expanded = tracking.fanout?.expanded ?? total;
  return { state: expanded >= total ? 'complete' : 'in_progress', expanded, recipients: total };
}

/** The state of a recipient the fan-out has not reached: what will be written, marked pending. */
function pendingState(
  notice: NoticeRecord,
  partyId: string,
  tracking: NoticeTracking,
): RecipientState {
  const accepted = tracking.fanout?.recipients.find((r) => r.partyId === partyId);
  return {
    partyId,
    delivery: { deliveryId: fanoutDeliveryId(notice.id, partyId), status: 'pending' },
    overdue: false,
    obligations: accepted === undefined ? [] : recipientClocks(notice, accepted).map(statusOf),
    inbox: 'pending',
  };
}

/**
 * Every recipient of the notice, in the order it names them: one with an inbox entry as
 * its records say, one the fan-out has not reached yet as pending (never left out, so a
 * half-expanded notice never looks complete).
 */
function recipientStates(
  notice: NoticeRecord,
  tracking: NoticeTracking,
  deliveries: readonly DeliveryRecord[],
  only?: string,
): RecipientState[] {
  const byId = new Map(deliveries.map((d) => [d.id, d]));
  const entries = new Map(tracking.recipients.map((r) => [r.partyId, r]));
  return notice.recipients
    .filter((partyId) => only === undefined || partyId === only)
    .map((partyId) => {
      const r: NoticeRecipientRecord | undefined = entries.get(partyId);
      if (r === undefined) return pendingState(notice, partyId, tracking);
      const own = tracking.obligations.filter((o) => o.owedBy === r.partyId);
      const delivery = r.deliveryId ? byId.get(r.deliveryId) : undefined;
      return {
        partyId: r.partyId,
        ...(delivery
          ? {
              delivery: {
                deliveryId: delivery.id,
                status: delivery.status,
                ...(delivery.deliveredAt ? { deliveredAt: delivery.deliveredAt } : {}),
              },
            }
          : {}),
        ...(r.acknowledgedAt ? { acknowledgedAt: r.acknowledgedAt } : {}),
        ...(r.respondedAt ? { respondedAt: r.respondedAt } : {}),
        overdue: own.some((o) => o.state === 'missed'),
        obligations: own.map(statusOf),
      };
    });
}

function summaryOf(states: readonly RecipientState[]) {
  return {
    recipients: states.length,
    delivered: states.filter((s) => s.delivery?.status === 'delivered').length,
    acknowledged: states.filter((s) => s.acknowledgedAt).length,
    answered: states.filter((s) => s.respondedAt).length,
    overdue: states.filter((s) => s.overdue).length,
  };
}

async function trackedView(deps: Uses<'notices'>, notice: NoticeRecord, only?: string) {
  const port = deps.notices;
  const tracking = await port.trackNotice(notice.id);
  // Pending recipients' delivery ids are not written yet: nothing to read for them.
  const deliveryIds = tracking.recipients
    .filter((r) => only === undefined || r.partyId === only)
    .flatMap((r) => (r.deliveryId ? [r.deliveryId] : []));
  const deliveries = await port.getDeliveries(deliveryIds);
  const states = recipientStates(notice, tracking, deliveries, only);
  return { tracking, states, fanout: fanoutStateOf(notice, tracking) };
}

/**
 * GET /v1/notices — the NCC lists the notices it issued, each with per-recipient state
 * (delivered, acknowledged, answered, overdue); a SOC reads its inbox.
 */
export async function listNotices(
  deps: Uses<'notices'>,
  principal: Principal,
  query: QueryParameters,
) {
  if (principal.role !== 'ncc') return listNoticeInbox(deps, principal, query);
  const reader = new QueryReader(query);
  const page = reader.page();
  reader.done();
  const result = await deps.notices.listIssuedNotices(principal.partyId, page);
  const items = [];
  for (const notice of result.items) {
    const { states, fanout } = await trackedView(deps, notice);
    items.push({
      noticeId: notice.id,
      kind: notice.notice.kind,
      issuedAt: notice.issuedAt,
      notifiedAt: notice.notifiedAt,
      summary: summaryOf(states),
      fanout,
      recipients: states.map(({ obligations: _o, ...state }) => state),
    });
  }
  return { items, ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

/**
 * GET /v1/notices/{id} — the issuing NCC sees the notice, every recipient's delivery,
 * ack, response and obligations, and the responses themselves; a recipient SOC sees
 * the notice without the other recipients, and only its own state and responses.
 * Anyone else gets 404, so notices cannot be probed.
 */
export async function getNotice(deps: Uses<'notices'>, principal: Principal, noticeId: string) {
  // 001 п.10(1), п.12: notices reach owners too; a recipient owner reads its own like a SOC.
  requireRole(principal, 'ncc', 'soc', 'owner');
  requireGatewayId('ntc', noticeId);
  const notice = await deps.notices.getNotice(noticeId);
  if (!notice) throw new NotFoundError(`Notice ${noticeId}`);
  if (principal.role === 'ncc') {
    if (notice.issuedBy !== principal.partyId) throw new NotFoundError(`Notice ${noticeId}`);
    const { tracking, states, fanout } = await trackedView(deps, notice);
    return {
      noticeId: notice.id,
      issuedBy: notice.issuedBy,
      issuedAt: notice.issuedAt,
      notifiedAt: notice.notifiedAt,
      sha256: notice.sha256,
      notice: notice.notice,
      summary: summaryOf(states),
      fanout,
      recipients: states,
      responses: tracking.responses,
    };
  }
  if (!notice.recipients.includes(principal.partyId)) throw new NotFoundError(`Notice ${noticeId}`);
  const { tracking, states } = await trackedView(deps, notice, principal.partyId);
  // A SOC sees the notice, not who else received it (tenant isolation, docs/contract.md §4).
  const { recipients: _addressees, ...content } = notice.notice;
  return {
    noticeId: notice.id,
    issuedAt: notice.issuedAt,
    notifiedAt: notice.notifiedAt,
    notice: content,
    ...(states[0] ?? { partyId: principal.partyId, overdue: false, obligations: [] }),
    responses: tracking.responses.filter((r) => r.partyId === principal.partyId),
  };
}
