import { contactReportsAfter } from '../../clocks/contact-change.js';
import { connectionPointIssues } from '../../connection/connection-points.js';
import { type Issue, ValidationError } from '../../errors.js';
import type { PartyRecord } from '../../ports/records.js';
import type { SecretSealer } from '../../ports/secret-box.js';
import { formatInstant, instantOf } from '../../time.js';
import { readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { retryStaleWrites } from '../stale-writes.js';
import { nextUpdatedAt, partyView } from './party-view.js';

/** Clock skew accepted on a stated moment, as for message timestamps. */
const CLOCK_SKEW_MS = 5 * 60_000;

const PARTY_ID = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export interface PartyRegistrationDeps extends Uses<'parties'> {
  /**
   * Why a webhook URL would be refused at send time (SSRF guard: https to public
   * addresses on AWS, docs/contract.md §10), or undefined when it is acceptable. Registration
   * uses the same check as delivery, so a party is never registered with a webhook
   * the gateway will refuse to call.
   */
  webhookUrlProblem: (url: string) => Promise<string | undefined>;
  /** Seals the webhook secret before it is stored: the registry never holds it in clear. */
  secretBox: SecretSealer;
}

/**
 * PUT /v1/parties/{id} — an admin registers or updates a party. Webhooks must be
 * https:// to a public address on AWS; locally http://127.0.0.1 is fine.
 *
 * The registration is the admin's, but the contact is also the party's own to report
 * (001 п.16: «... 48 сағат ішінде "МТҚ" АҚ-ға өзекті байланыс деректерін жолдайды»,
 * `PUT /v1/parties/{id}/contact`), so an admin's body built on an older read must not put
 * back a contact the party reported since. The write merges and is conditional:
 *
 * 1. Read the party; build the record from the body and what the gateway keeps (client
 *    id, creation, block, contact reports). The contact is the body's unless the stored
 *    one changed later (`changedAt`): contact changes are ordered by when they happened,
 *    not by who wrote last. A body without `contact` keeps the stored one.
 * 2. Write only if the party is still as read (`putParty(party, {updatedAt})`); if a
 *    contact report, a secret rotation or another registration landed in between, read
 *    again and rebuild (never a 409 for an admin's ordinary update).
 */
export async function putParty(
  deps: PartyRegistrationDeps,
  principal: Principal,
  id: string,
  body: RawBody,
) {
  requireRole(principal, 'admin');
  const { message } = readMessage('party', body, deps.now);
  const issues: Issue[] = [];
  if (!PARTY_ID.test(id)) {
    issues.push({
      pointer: '/id',
      code: 'invalid_format',
      message: 'Party ids are 2–64 lowercase letters, digits, "_" or "-".',
    });
  }
  // п.90-1(1): a connection point that cannot be parsed would silently match nothing.
  issues.push(...connectionPointIssues(message.policy?.connectionPoints));
  const webhookProblem = message.webhook
    ? await deps.webhookUrlProblem(message.webhook.url)
    : undefined;
  if (webhookProblem !== undefined) {
    issues.push({
      pointer: '/webhook/url',
      code: 'insecure_webhook',
      message: `${webhookProblem}.`,
    });
  }
  if (message.escalation !== undefined) issues.push(...(await escalationIssues(deps, message)));
  // 001 п.16: the clock runs from the moment of the change, which cannot lie ahead.
  if (
    message.contact !== undefined &&
    instantOf(message.contact.changedAt) > deps.now().getTime() + CLOCK_SKEW_MS
  ) {
    issues.push({
      pointer: '/contact/changedAt',
      code: 'in_future',
      message: 'Lies in the future.',
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const { webhook, contact: sent, ...rest } = message;
  // The secret is stored once, sealed for this party (issue #12 item 4).
  const sealed = webhook
    ? { webhook: { url: webhook.url, sealedSecret: await deps.secretBox.seal(webhook.secret, id) } }
    : {};
  return retryStaleWrites(async () => {
    const existing = await deps.parties.getParty(id);
    const now = formatInstant(deps.now().getTime());
    const contact = newerContact(sent, existing?.contact);
    const contactReports = contactReportsAfter(
      existing,
      { role: message.role, ...(contact ? { contact } : {}) },
      now,
    );
    const party: PartyRecord = {
      ...rest,
      ...sealed,
      ...(contact ? { contact } : {}),
      id,
      clientId: message.clientId ?? existing?.clientId ?? id,
      createdAt: existing?.createdAt ?? now,
      updatedAt: nextUpdatedAt(existing, deps.now().getTime()),
      ...(existing?.blocked ? { blocked: existing.blocked } : {}),
      ...(contactReports ? { contactReports } : {}),
    };
    await deps.parties.putParty(
      party,
      existing === undefined ? undefined : { updatedAt: existing.updatedAt },
    );
    return { statusCode: existing ? 200 : 201, party: partyView(party) };
  });
}

type Contact = NonNullable<PartyRecord['contact']>;

/**
 * The contact a registration stores: the admin's, unless the stored one changed later —
 * then the admin's body was built before the party reported it (001 п.16) and the newer
 * one stays; the same moment is the admin's correction of it. None sent keeps the stored.
 */
function newerContact(sent: Contact | undefined, stored: Contact | undefined): Contact | undefined {
  if (sent === undefined) return stored;
  if (stored === undefined) return sent;
  return instantOf(stored.changedAt) > instantOf(sent.changedAt) ? stored : sent;
}

/**
 * The escalation ladder's settings (issue #9 item 8) belong to an `ncc` party, and every
 * level-2 recipient must be registered: a typo would silently stop level 2.
 */
async function escalationIssues(
  deps: Uses<'parties'>,
  message: { role: string; escalation?: { level2Recipients?: string[] } },
): Promise<Issue[]> {
  const issues: Issue[] = [];
  if (message.role !== 'ncc') {
    issues.push({
      pointer: '/escalation',
      code: 'unknown_field',
      message: 'Escalation settings belong to a party with role ncc.',
    });
  }
  const recipients = message.escalation?.level2Recipients ?? [];
  if (recipients.length === 0) return issues;
  const registered = new Set((await deps.parties.listParties()).map((p) => p.id));
  recipients.forEach((recipient, i) => {
    if (!registered.has(recipient)) {
      issues.push({
        pointer: `/escalation/level2Recipients/${i}`,
        code: 'unknown_party',
        message: `No party "${recipient}" is registered.`,
      });
    }
  });
  return issues;
}
