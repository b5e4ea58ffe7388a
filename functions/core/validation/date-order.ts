/**
 * Date sanity across messages (issue #14 item 3): a message must not date itself
 * before what it answers. Within one message the semantic rules check
 * `occurredAt ≤ confirmedAt`; these rules need the stored incident or notice, so the
 * use cases call them after loading it. Every issue names both values.
 */
import type { Issue } from '../errors.js';
import type { IncidentClosure, IncidentNotification, NoticeResponse } from '../model/messages.js';
import type { IncidentRecord, NoticeRecord } from '../ports/records.js';
import { instantOf } from '../time.js';

/** A closure's `eliminatedAt` must not be before the incident's `confirmedAt` (001 п.10(1)). */
export function closureDateIssues(closure: IncidentClosure, incident: IncidentRecord): Issue[] {
  if (instantOf(closure.eliminatedAt) >= instantOf(incident.confirmedAt)) return [];
  return [
    {
      pointer: '/eliminatedAt',
      code: 'eliminated_before_confirmed',
      message: `Must not be before the incident's confirmedAt: eliminatedAt ${closure.eliminatedAt} is before confirmedAt ${incident.confirmedAt} of incident ${incident.id}.`,
    },
  ];
}

/**
 * A revision's `occurredAt` must not be after the incident's `confirmedAt` (the clock
 * start, which revisions cannot move).
 */
export function revisionDateIssues(card: IncidentNotification, incident: IncidentRecord): Issue[] {
  const occurredAt = card.details.occurredAt;
  if (occurredAt === undefined || instantOf(occurredAt) <= instantOf(incident.confirmedAt))
    return [];
  return [
    {
      pointer: '/details/occurredAt',
      code: 'occurred_after_confirmed',
      message: `Must not be later than the incident's confirmedAt: occurredAt ${occurredAt} is after confirmedAt ${incident.confirmedAt} of incident ${incident.id}.`,
    },
  ];
}

/**
 * An incident card sent in answer to a notice must not be confirmed before the NCC
 * detected what the notice is about (`detectedAt`, when the notice states it).
 */
export function responseDateIssues(response: NoticeResponse, notice: NoticeRecord): Issue[] {
  const confirmedAt = response.card?.details?.confirmedAt;
  const detectedAt = notice.notice.detectedAt;
  if (confirmedAt === undefined || detectedAt === undefined) return [];
  if (instantOf(confirmedAt) >= instantOf(detectedAt)) return [];
  return [
    {
      pointer: '/card/details/confirmedAt',
      code: 'confirmed_before_notice',
      message: `Must not be before the notice's detectedAt: confirmedAt ${confirmedAt} is before detectedAt ${detectedAt} of notice ${notice.id}.`,
    },
  ];
}
