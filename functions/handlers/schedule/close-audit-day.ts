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
