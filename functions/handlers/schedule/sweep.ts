/**
 * The clock sweep, invoked by an EventBridge Scheduler rule (on AWS) or the local
 * ticker. The event carries nothing the sweep needs: it reads what is due at "now".
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { METRIC, type Metrics, NO_METRICS } from '../../core/ports/metrics.js';
import { type SweepDeps, type SweepStats, sweep } from '../../core/use-cases/deliveries/sweep.js';
import { invocationLogging } from '../invocation-logging.js';
import { localLambdaContext } from '../lambda-context.js';
import { logErrors } from '../log-errors.js';
import type { Logger } from '../logger.js';

export interface SweepHandlerDeps extends SweepDeps {
  logger: Logger;
  /** Misses are counted here (EMF on AWS). */
  metrics?: Metrics;
}

export type SweepHandler = (event?: unknown, context?: Context) => Promise<SweepStats>;

/** Builds the sweep handler; it returns (and logs) what the sweep did. */
export function buildSweep(deps: SweepHandlerDeps): SweepHandler {
  const metrics = deps.metrics ?? NO_METRICS;
  const handler = middy<unknown, SweepStats>()
    .use(invocationLogging<unknown, SweepStats>(deps.logger, () => ({})))
    .use(logErrors(deps.logger, 'Sweep'))
    .handler(async function runSweep() {
      const stats = await sweep(deps);
      if (stats.missed > 0) metrics.count(METRIC.missed, {}, stats.missed);
      const acted =
        stats.missed +
        stats.reminded +
        stats.level2 +
        stats.credentialsReminded +
        stats.credentialsExpired +
        stats.fannedOut +
        stats.relayed;
      if (acted > 0) deps.logger.info('Sweep', { ...stats });
      return stats;
    });
  return (event, context) => handler(event ?? {}, context ?? localLambdaContext('sweep'));
}
