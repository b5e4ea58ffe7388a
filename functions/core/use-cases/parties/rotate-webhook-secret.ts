/**
 * POST /v1/parties/{id}/webhook-secret/rotate (issue #9 item 3, п.90-1(4)): an admin
 * rotates a party's webhook secret. The gateway draws the new secret (32 random bytes,
 * base64url) and answers it once, in this response only; the old secret stays valid
 * for an overlap window (`overlapHours`, default 24, at most 168) during which every
 * delivery is signed with both (`v1=<new>,v1=<old>`), so the party switches without
 * losing a delivery. Both are stored sealed (issue #12 item 4); a later registration
 * (PUT) replaces the secret and ends any overlap.
 */
import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { PartyRecord } from '../../ports/records.js';
import { formatInstant } from '../../time.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { retryStaleWrites } from '../stale-writes.js';
import { nextUpdatedAt } from './party-view.js';
import type { PartyRegistrationDeps } from './put-party.js';

export const DEFAULT_OVERLAP_HOURS = 24;
export const MAX_OVERLAP_HOURS = 168;

export type RotationDeps = Uses<'parties'> & Pick<PartyRegistrationDeps, 'secretBox'>;

function overlapHoursOf(query: Readonly<Record<string, string | undefined>> | undefined): number {
  const raw = query?.overlapHours;
  if (raw === undefined || raw === '') return DEFAULT_OVERLAP_HOURS;
  const hours = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(hours >= 0 && hours <= MAX_OVERLAP_HOURS))
    throw new ValidationError([
      {
        pointer: '/query/overlapHours',
        code: 'invalid_format',
        message: `overlapHours is a whole number of hours from 0 to ${MAX_OVERLAP_HOURS}.`,
      },
    ]);
  return hours;
}

export async function rotateWebhookSecret(
  deps: RotationDeps,
  principal: Principal,
  id: string,
  query: Readonly<Record<string, string | undefined>> | undefined,
) {
  requireRole(principal, 'admin');
  const overlapHours = overlapHoursOf(query);
  const secret = randomBytes(32).toString('base64url');
  // Only the webhook changes, on the party as read: a contact report (001 п.16) or a
  // registration landing in between makes it read again, never undone (StaleWriteError).
  const { webhook, oldSealed, validUntil } = await retryStaleWrites(async () => {
    const party = await deps.parties.getParty(id);
    if (!party) throw new NotFoundError(`Party ${id}`);
    const webhook = party.webhook;
    if (!webhook)
      throw new ConflictError(
        'webhook_not_registered',
        'This party has no webhook registered; there is no secret to rotate.',
      );
    const nowMs = deps.now().getTime();
    // A record from before sealing holds its secret in clear: it is sealed as it is retired.
    const oldSealed =
      webhook.sealedSecret ??
      (webhook.secret === undefined ? undefined : await deps.secretBox.seal(webhook.secret, id));
    const validUntil = formatInstant(nowMs + overlapHours * 3_600_000);
    const rotated: PartyRecord = {
      ...party,
      webhook: {
        url: webhook.url,
        sealedSecret: await deps.secretBox.seal(secret, id),
        ...(oldSealed && overlapHours > 0
          ? { previous: { sealedSecret: oldSealed, validUntil } }
          : {}),
      },
      updatedAt: nextUpdatedAt(party, nowMs),
    };
    await deps.parties.putParty(rotated, { updatedAt: party.updatedAt });
    return { webhook, oldSealed, validUntil };
  });
  return {
    id,
    webhook: {
      url: webhook.url,
      /** The new secret: shown here once, never by any GET. */
      secret,
      ...(oldSealed && overlapHours > 0 ? { previousValidUntil: validUntil } : {}),
    },
  };
}
