/**
 * Every alarm goes to the one alarm topic (an operator's e-mail, per docs/deploy.md).
 * docs/contract.md §2/§7: a missed deadline, a parked delivery or a failing function must never go
 * unseen, so each fires on the first occurrence.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  type Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Namespace of the gateway's own metrics. */
export const METRIC_NAMESPACE = 'NccGateway';
/** Obligations the sweep marked missed (from its `Sweep` log line; docs/contract.md §2). */
export const MISSED_OBLIGATIONS_METRIC = 'MissedObligations';

const PERIOD = Duration.minutes(5);

export class GatewayAlarms extends Construct {
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, topic: ITopic) {
    super(scope, id);
    this.action = new SnsAction(topic);
  }

  /** Any message parked in a dead-letter queue: a delivery that exhausted its retries. */
  deadLetterQueue(name: string, queue: IQueue): Alarm {
    return this.alarm(`${name}Depth`, {
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
      }),
      description: `Messages in the ${name} dead-letter queue: a delivery failed for good (docs/contract.md §5). Inspect, then redrive.`,
    });
  }

  /**
   * Messages left waiting for 5 minutes: the worker is not consuming (mapping disabled,
   * function failing or throttled). Retries waiting out their backoff are invisible,
   * so one party's dead webhook does not trip this; that ends in the DLQ alarm.
   */
  queueBacklog(name: string, queue: IQueue): Alarm {
    return this.alarm(`${name}Backlog`, {
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Minimum',
      }),
      description: `Messages have waited unconsumed in ${name} for 5 minutes: deliveries are stalled.`,
    });
  }

  /**
   * Missed obligations, counted from the sweep's structured log line
   * `{"message":"Sweep","missed":n,…}` (functions/handlers/schedule/sweep.ts), so the
   * metric needs no code in the functions. Every miss is also escalated by delivery;
   * this alarm tells the operator.
   */
  missedObligations(sweepLogs: ILogGroup): Alarm {
    const filter = new MetricFilter(this, 'MissedObligationsFilter', {
      logGroup: sweepLogs,
      filterPattern: FilterPattern.all(
        FilterPattern.stringValue('$.message', '=', 'Sweep'),
        FilterPattern.numberValue('$.missed', '>', 0),
      ),
      metricNamespace: METRIC_NAMESPACE,
      metricName: MISSED_OBLIGATIONS_METRIC,
      metricValue: '$.missed',
    });
    return this.alarm('MissedObligations', {
      metric: filter.metric({ period: PERIOD, statistic: 'Sum' }),
      description:
        'The sweep marked at least one obligation missed (a legal deadline passed unmet).',
    });
  }

  /** The sweep did not run: without it no deadline is ever marked missed. */
  sweepStopped(sweep: IFunction): Alarm {
    return this.alarm('SweepNotRunning', {
      metric: sweep.metricInvocations({ period: PERIOD, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
      description:
        'The sweep (scheduled every minute) has not run for 5 minutes: deadlines are not being watched.',
    });
  }

  /** Any 5xx answered by the API (a handler failed, or a dependency was down and the caller got 503). */
  apiServerErrors(api: HttpApi): Alarm {
    return this.alarm('Api5xx', {
      metric: api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
      description: 'The API answered 5xx.',
    });
  }

  /**
   * Errors and throttles of one function, in one alarm (their sum): one alarm per function
   * instead of two keeps the stateless stack under CloudFormation's 500 resources with
   * every route, its log group, metric filter and SIEM subscription (test/cdk/security-monitoring.test.ts
   * synthesizes that largest configuration). The mail names the function; its metrics say which.
   */
  lambda(name: string, fn: IFunction): Alarm {
    return this.alarm(`${name}ErrorsOrThrottles`, {
      metric: new MathExpression({
        expression: 'errors + throttles',
        usingMetrics: {
          errors: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
          throttles: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        },
        period: PERIOD,
        label: `${name} errors + throttles`,
      }),
      description: `Function ${name} failed or was throttled (account or reserved concurrency exhausted).`,
    });
  }

  private alarm(
    id: string,
    options: {
      metric: IMetric | Metric;
      description: string;
      threshold?: number;
      comparisonOperator?: ComparisonOperator;
      treatMissingData?: TreatMissingData;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric: options.metric,
      alarmDescription: options.description,
      threshold: options.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator:
        options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}
