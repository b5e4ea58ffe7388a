import { EMPTY_BODY_SHA256, receivedAudit } from '../../audit/message-audit.js';
import { obligationsAfterAck, statusOf } from '../../clocks/obligations.js';
import { NotFoundError } from '../../errors.js';
import { requireGatewayId } from '../../ids.js';
import type { NoticeRecipientRecord } from '../../ports/records.js';
import { formatInstant } from '../../time.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { deliveriesFor, handOff } from '../dispatch.js';
import { type QueryParameters, QueryReader } from '../paging.js';
import { changesFrom, countLateSatisfactions, retryStaleWrites } from '../stale-writes.js';

/** GET /v1/notices — the notices addressed to the calling SOC, newest first. */
export async function listNoticeInbox(
  deps: Uses<'notices'>,
  principal: Principal,
  query: QueryParameters,
) {
  requireRole(principal, 'soc', 'owner');
  const reader = new QueryReader(query);
  const page = reader.page();
  reader.done();
  const result = await deps.notices.listInbox(principal.partyId, page);
  return {
    items: result.items.map(({ notice, ...entry }) => {
      // A SOC sees the notice, not the other recipients (tenant isolation, docs/contract.md §4).
      const { recipients: _addressees, ...content } = notice.notice;
      return { ...entry, kind: content.kind, notifiedAt: notice.notifiedAt, notice: content };
    }),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

/** The caller's inbox entry for a notice; a notice not addressed to the caller is "not found". */
export async function loadOwnRecipient(
  deps: Uses<'notices'>,
  principal: Principal,
  noticeId: string,
): Promise<NoticeRecipientRecord> {
  const recipient = await deps.notices.getRecipient(noticeId, principal.partyId);
  if (!recipient) throw new NotFoundError(`Notice ${noticeId}`);
  return recipient;
}

/**
 * POST /v1/notices/{id}/ack — the recipient SOC confirms receipt; satisfies `notice_ack`
 * (late, keeping the miss, when the sweep marked it missed while the ack was in flight).
 */
export async function ackNotice(
  deps: Uses<'notices' | 'obligations' | 'deliveries' | 'queue'>,
  principal: Principal,
  noticeId: string,
  /** SHA-256 of the request body as received (an ack's body is optional: absent, of no bytes). */
  bodySha256: string = EMPTY_BODY_SHA256,
) {
  requireRole(principal, 'soc', 'owner');
  requireGatewayId('ntc', noticeId);
  const startedAt = formatInstant(deps.now().getTime());
  return retryStaleWrites(async () => {
    const recipient = await loadOwnRecipient(deps, principal, noticeId);
    const nowMs = deps.now().getTime();
    const own = (await deps.obligations.obligationsOf(noticeId)).filter(
      (o) => o.owedBy === principal.partyId,
    );
    const satisfied = obligationsAfterAck(
      own,
      'notice_ack',
      nowMs,
      `${noticeId}#ack#${principal.partyId}`,
    );
    const acknowledged = {
      ...recipient,
      acknowledgedAt: recipient.acknowledgedAt ?? formatInstant(nowMs),
    };
    if (!recipient.acknowledgedAt) {
      // The issuing NCC hears of the first ack (issue #14 item 1), in the same transaction.
      const notice = await deps.notices.getNotice(noticeId);
      const deliveries = notice
        ? deliveriesFor(
            deps,
            [
              {
                partyId: notice.issuedBy,
                event: 'notice.acknowledged',
                subjectId: noticeId,
                payload: {
                  noticeId,
                  partyId: principal.partyId,
                  acknowledgedAt: acknowledged.acknowledgedAt,
                },
              },
            ],
            acknowledged.acknowledgedAt,
          )
        : [];
      // A repeated ack writes nothing and is not audited again: the first one's entry stands.
      await deps.notices.saveNoticeAck(acknowledged, changesFrom(own, satisfied), deliveries, [
        receivedAudit(principal, {
          source: 'ack-notice',
          subjectId: noticeId,
          sha256: bodySha256,
          startedAt,
          at: acknowledged.acknowledgedAt,
          description: `Notice ${noticeId} acknowledged`,
        }),
      ]);
      countLateSatisfactions(deps.metrics, changesFrom(own, satisfied));
      await handOff(deps, deliveries);
    }
    const merged = own.map((o) => satisfied.find((s) => s.id === o.id) ?? o);
    return {
      noticeId,
      acknowledgedAt: acknowledged.acknowledgedAt,
      obligations: merged.map(statusOf),
    };
  });
}
