/**
 * The {@link Metrics} port as CloudWatch embedded metric format (Powertools Metrics).
 * Every count is written at once as its own EMF record with its own dimensions, so a
 * count made just before a failure is not lost with the invocation and one function
 * can count under many dimension sets (one per problem code).
 */
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '../core/ports/metrics.js';

/** The CloudWatch namespace of every gateway metric. */
export const METRICS_NAMESPACE = 'NccGateway';

export function createEmfMetrics(serviceName = 'ncc-gateway'): Metrics {
  // Built on the first count, not at cold start: a request that succeeds without counting
  // (every public route's 200, most reads) never needs it.
  let metrics: PowertoolsMetrics | undefined;
  return {
    count(name, dimensions = {}, value = 1) {
      metrics ??= new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName });
      const single = metrics.singleMetric();
      for (const [dimension, dimensionValue] of Object.entries(dimensions)) {
        single.addDimension(dimension, dimensionValue);
      }
      single.addMetric(name, MetricUnit.Count, value);
    },
  };
}
