import { receivedAudit } from '../../audit/message-audit.js';
import { contactChangeObligations, contactReportsAfter } from '../../clocks/contact-change.js';
import { statusOf } from '../../clocks/obligations.js';
import { NotFoundError } from '../../errors.js';
import type { PartyRecord } from '../../ports/records.js';
import { formatInstant, instantOf } from '../../time.js';
import { readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { retryStaleWrites } from '../stale-writes.js';
import { nextUpdatedAt } from './party-view.js';

/**
 * PUT /v1/parties/{id}/contact — a party reports the current contact details of the person
 * responsible for its objects' information security, for its own party only (001 п.16:
 * «байланыс деректері өзгерген жағдайда, АҚҚМ меншік иесі немесе иеленушісі аталған өзгеріс
 * сәтінен бастап 48 сағат ішінде "МТҚ" АҚ-ға өзекті байланыс деректерін жолдайды»).
 *
 * 1. A registered party (not the admin, who registers parties), for its own party only:
 *    any other id is "not found" (ids cannot be probed).
 * 2. Read and validate the body (JSON or XML, `contact-change.schema.json`); a `changedAt`
 *    ahead of the gateway's clock is a 422 at `/changedAt`.
 * 3. For an owner, a `changedAt` other than the registered contact's is a change: its
 *    `contact_change` clock (48 hours from `changedAt`) is settled now, on time or late
 *    (`contactReportsAfter`, the same rule as the admin's registration). A party's first
 *    contact is a registration, not a change; the same change sent again settles nothing
 *    twice.
 * 4. Store the contact on the party record as read, only if it is still as read (else read
 *    again and retry), with its `message.received` entry on the sender's audit chain in the
 *    same write (п.90-1(7): «ақпараттық хабарламаларды ... қабылдау оқиғаларын тіркеу», as for
 *    every message accepted); answer 200 with the contact and the clock.
 */
export async function reportContactChange(
  deps: Uses<'parties'>,
  principal: Principal,
  id: string,
  body: RawBody,
) {
  // The admin registers parties (PUT /v1/parties/{id}); a party reports its own contact.
  requireRole(principal, 'owner', 'soc', 'ncc', 'authority');
  if (id !== principal.partyId) throw new NotFoundError(`Party ${id}`);
  const startedAt = formatInstant(deps.now().getTime());
  const { message: contact } = readMessage('contactChange', body, deps.now);
  // Only the contact changes, on the party as read: a registration or rotation that lands
  // between the read and the write makes it read again, never undone (StaleWriteError).
  const party = await retryStaleWrites(async () => {
    const existing = await deps.parties.getParty(id);
    if (existing === undefined) throw new NotFoundError(`Party ${id}`);
    const now = formatInstant(deps.now().getTime());
    const contactReports = contactReportsAfter(existing, { role: existing.role, contact }, now);
    const next: PartyRecord = {
      ...existing,
      contact,
      updatedAt: nextUpdatedAt(existing, deps.now().getTime()),
      ...(contactReports ? { contactReports } : {}),
    };
    const settles = contactReports?.some(
      (r) => r.changedAt === formatInstant(instantOf(contact.changedAt)) && r.reportedAt === now,
    );
    await deps.parties.putParty(next, { updatedAt: existing.updatedAt }, [
      receivedAudit(principal, {
        source: 'put-party-contact',
        subjectId: id,
        sha256: body.sha256,
        startedAt,
        at: now,
        description: `Contact of ${id} changed at ${contact.changedAt} reported (${settles ? 'contact_change settled, ' : ''}${body.format}, ${body.byteLength} bytes)`,
      }),
    ]);
    return next;
  });
  const changedAt = formatInstant(instantOf(contact.changedAt));
  const clock = contactChangeObligations(party).find((o) => o.startsAt === changedAt);
  return {
    partyId: id,
    contact,
    obligations:
      clock === undefined ? [] : [{ ...statusOf(clock), satisfiedAt: clock.satisfiedAt }],
  };
}
