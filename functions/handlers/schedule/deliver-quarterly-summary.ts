/**
 * The quarterly summary job (001 п.17; `core/use-cases/reports/deliver-quarterly-summary.ts`),
 * invoked by an EventBridge Scheduler rule every day at 00:20 UTC (05:20 in Almaty): the
 * first run after a national quarter closes delivers its summary to every `authority`
 * party; every later run finds them served and changes nothing. The event may name a
 * quarter (`{ "year": 2026, "quarter": 4 }`) to deliver one that closed earlier.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  type DeliverQuarterlySummaryDeps,
  deliverQuarterlySummary,
  type QuarterId,
  type QuarterlyDeliveryResult,
} from '../../core/use-cases/reports/deliver-quarterly-summary.js';
import { invocationLogging } from '../invocation-logging.js';
import { localLambdaContext } from '../lambda-context.js';
import { logErrors } from '../log-errors.js';
import type { Logger } from '../logger.js';

export interface DeliverQuarterlySummaryHandlerDeps extends DeliverQuarterlySummaryDeps {
  logger: Logger;
}

export type DeliverQuarterlySummaryHandler = (
  event?: unknown,
  context?: Context,
) => Promise<QuarterlyDeliveryResult>;

/** The quarter the event names, when it names a valid one. */
export function askedQuarter(event: unknown): QuarterId | undefined {
  const { year, quarter } = (event ?? {}) as { year?: unknown; quarter?: unknown };
  if (!Number.isInteger(year) || (year as number) < 2000 || (year as number) > 9999)
    return undefined;
  if (quarter !== 1 && quarter !== 2 && quarter !== 3 && quarter !== 4) return undefined;
  return { year: year as number, quarter };
}

export function buildDeliverQuarterlySummary(
  deps: DeliverQuarterlySummaryHandlerDeps,
): DeliverQuarterlySummaryHandler {
  const handler = middy<unknown, QuarterlyDeliveryResult>()
    .use(invocationLogging<unknown, QuarterlyDeliveryResult>(deps.logger, () => ({})))
    .use(logErrors(deps.logger, 'Quarterly summary'))
    .handler(async function runDeliverQuarterlySummary(event) {
      const result = await deliverQuarterlySummary(deps, askedQuarter(event));
      if (result.sent > 0) deps.logger.info('Quarterly summary delivered', { ...result });
      return result;
    });
  return (event, context) =>
    handler(event ?? {}, context ?? localLambdaContext('deliver-quarterly-summary'));
}
