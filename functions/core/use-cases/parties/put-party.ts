import { contactReportsAfter } from '../../clocks/contact-change.js';
import { connectionPointIssues } from '../../connection/connection-points.js';
import { type Issue, ValidationError } from '../../errors.js';
import type { PartyRecord } from '../../ports/records.js';
import type { SecretSealer } from '../../ports/secret-box.js';
import { formatInstant, instantOf } from '../../time.js';
import { readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { partyView } from './party-view.js';

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
  const existing = await deps.parties.getParty(id);
  const now = formatInstant(deps.now().getTime());
  const { webhook, ...rest } = message;
  const contactReports = contactReportsAfter(existing, message, now);
  const party: PartyRecord = {
    ...rest,
    // The secret is stored once, sealed for this party (issue #12 item 4).
    ...(webhook
      ? {
          webhook: {
            url: webhook.url,
            sealedSecret: await deps.secretBox.seal(webhook.secret, id),
          },
        }
      : {}),
    id,
    clientId: message.clientId ?? existing?.clientId ?? id,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    ...(existing?.blocked ? { blocked: existing.blocked } : {}),
    ...(contactReports ? { contactReports } : {}),
  };
  await deps.parties.putParty(party);
  return { statusCode: existing ? 200 : 201, party: partyView(party) };
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
