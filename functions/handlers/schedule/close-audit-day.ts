/**
 * The daily audit job (docs/contract.md §6, issue #9 items 5–6), invoked by an EventBridge
 * Scheduler rule shortly after 00:00 UTC (05:00 in Almaty, five hours after the national
 * day closed): signs the digest of every audit chain head for the national day that ended,
 * and writes each party's 001 Annex 4 file and JSON lines for that day to the log store.
 * Running it again for a day changes nothing (close-audit-day.ts). The event may name a
 * day (`{ "day": "YYYY-MM-DD" }`) to close one a failed run missed.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { SignedAuditDigest } from '../../core/audit/digest.js';
import type { PartyStore } from '../../core/ports/parties.js';
import { nationalDateOf } from '../../core/time.js';
import {
  type CloseAuditDayDeps,
  closeAuditDay,
} from '../../core/use-cases/audit/close-audit-day.js';
import { invocationLogging } from '../invocation-logging.js';
import { localLambdaContext } from '../lambda-context.js';
import { logErrors } from '../log-errors.js';
import type { Logger } from '../logger.js';

export interface CloseAuditDayHandlerDeps extends Omit<CloseAuditDayDeps, 'partyIds'> {
  parties: Pick<PartyStore, 'listParties'>;
  logger: Logger;
}

export interface CloseAuditDayResult {
  day: string;
  digest: Pick<SignedAuditDigest, 'day' | 'keyId' | 'createdAt'> | undefined;
  files: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The national day before the one `now` falls in. */
export function previousNationalDay(now: Date): string {
  return nationalDateOf(now.getTime() - 24 * 3_600_000);
}

/** The most days a catch-up closes in one go (a month: older ones are closed by naming them). */
export const MAX_CATCH_UP_DAYS = 31;

/**
 * The national days still to close, oldest first: every day after the last one closed up
 * to the day before `now` (at most {@link MAX_CATCH_UP_DAYS}), or only that day when none
 * was ever closed. A gateway stopped over several midnights closes each of them when it
 * starts again, not just the last.
 */
export function daysToClose(lastClosed: string | undefined, now: Date): string[] {
  const yesterday = previousNationalDay(now);
  if (lastClosed === undefined || lastClosed >= yesterday)
    return lastClosed === yesterday ? [] : [yesterday];
  const days: string[] = [];
  for (
    let ms = Date.parse(`${lastClosed}T12:00:00Z`) + 86_400_000;
    days.length < MAX_CATCH_UP_DAYS;
    ms += 86_400_000
  ) {
    const day = new Date(ms).toISOString().slice(0, 10);
    if (day > yesterday) break;
    days.push(day);
  }
  return days;
}

export type CloseAuditDayHandler = (
  event?: unknown,
  context?: Context,
) => Promise<CloseAuditDayResult>;

export function buildCloseAuditDay(deps: CloseAuditDayHandlerDeps): CloseAuditDayHandler {
  const handler = middy<unknown, CloseAuditDayResult>()
    .use(invocationLogging<unknown, CloseAuditDayResult>(deps.logger, () => ({})))
    .use(logErrors(deps.logger, 'Audit day'))
    .handler(async function runCloseAuditDay(event) {
      const asked = (event as { day?: unknown } | undefined)?.day;
      const day =
        typeof asked === 'string' && DAY.test(asked) ? asked : previousNationalDay(deps.now());
      const { digest, files } = await closeAuditDay(
        {
          ...deps,
          partyIds: async () => (await deps.parties.listParties()).map((party) => party.id),
        },
        day,
      );
      const result = {
        day,
        digest: digest && { day: digest.day, keyId: digest.keyId, createdAt: digest.createdAt },
        files,
      };
      deps.logger.info('Audit day closed', { ...result });
      return result;
    });
  return (event, context) => handler(event ?? {}, context ?? localLambdaContext('close-audit-day'));
}
