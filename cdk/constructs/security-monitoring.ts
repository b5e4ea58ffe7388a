/**
 * Security-event monitoring (issue #15 item 3; 003 Annex 1: IS-violation events monitored
 * and analysed, the administrator alerted, failed identifications accumulated).
 *
 * The functions log one structured line per security event with a stable `securityEvent`
 * code (functions/core/connection/security-events.ts). One metric filter per log group
 * turns every such line into `NccGateway/SecurityEvents` with the code as dimension, and
 * one alarm per code fires on a burst. The API access log adds the refusals that never
 * reach a function (API Gateway's authorizer, throttling). With `siemDestinationArn` the
 * same lines also stream to a SIEM as JSON lines (docs/security-monitoring.md).
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  CfnSubscriptionFilter,
  FilterPattern,
  type ILogGroup,
  MetricFilter,
} from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE } from './gateway-alarms.js';

export const SECURITY_EVENTS_METRIC = 'SecurityEvents';
export const SECURITY_EVENT_DIMENSION = 'SecurityEvent';
/** Access-log refusals by status (the authorizer's 401s never reach a function on AWS). */
export const API_REFUSALS_METRIC = 'ApiRefusals';

/** Every structured line that carries a security-event code. */
export const SECURITY_EVENT_PATTERN = '{ $.securityEvent = "*" }';
/** Access-log lines the SIEM feed carries: refusals by the authorizer, the gateway or the throttle. */
export const ACCESS_REFUSAL_PATTERN =
  '{ ($.status = "401") || ($.status = "403") || ($.status = "429") }';

const PERIOD = Duration.minutes(5);

/**
 * A burst: this many events of one code within 5 minutes. The codes are connection-audit's
 * (docs/contract.md §6); one block, unblock, bulk read or broken chain is already worth a look.
 */
export const BURST_THRESHOLDS: Readonly<Record<string, { threshold: number; why: string }>> = {
  auth_failed: { threshold: 20, why: 'tokens failing verification: guessing or a broken client' },
  connection_point_refused: {
    threshold: 5,
    why: 'calls from outside the registered connection points: a stolen credential or a moved SOC',
  },
  blocked_connection_attempt: {
    threshold: 5,
    why: 'a blocked connection keeps calling',
  },
  connection_blocked: { threshold: 1, why: 'a connection was blocked (п.90-1): the NCC must know' },
  connection_unblocked: { threshold: 1, why: 'an administrator unblocked a connection' },
  rate_breach: { threshold: 10, why: 'parties running into their request budget' },
  hostile_input: {
    threshold: 5,
    why: 'requests with signs of an IS violation (entities, over-limit nesting or size)',
  },
  bulk_reading: { threshold: 1, why: 'a party read more items in an hour than its policy allows' },
  audit_chain_broken: { threshold: 1, why: 'an audit chain or digest failed verification' },
  credentials_reissued: {
    threshold: 1,
    why: "an administrator reissued a party's client credentials after an incident",
  },
  reissued_token_refused: {
    threshold: 1,
    why: 'a token issued before its credentials were reissued was used: the old credential is in use',
  },
};

/** Access-log refusals (status → burst threshold in 5 minutes). */
export const REFUSAL_THRESHOLDS: Readonly<Record<string, number>> = {
  '401': 50,
  '403': 20,
  '429': 50,
};

export interface SecurityMonitoringProps {
  /** Where the alarms go (the stateful stack's alarm topic). */
  topic: ITopic;
  /** Every function's log group. */
  functionLogs: readonly ILogGroup[];
  /** The HTTP API's access log group. */
  accessLogs: ILogGroup;
  /** A CloudWatch Logs destination (usually in the SIEM's account); none: no feed. */
  siemDestinationArn?: string;
}

export class SecurityMonitoring extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: SecurityMonitoringProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);

    props.functionLogs.forEach((logGroup, index) => {
      new MetricFilter(this, `Events${index}`, {
        logGroup,
        filterPattern: FilterPattern.literal(SECURITY_EVENT_PATTERN),
        metricNamespace: METRIC_NAMESPACE,
        metricName: SECURITY_EVENTS_METRIC,
        metricValue: '1',
        dimensions: { [SECURITY_EVENT_DIMENSION]: '$.securityEvent' },
      });
      if (props.siemDestinationArn) {
        new CfnSubscriptionFilter(this, `Siem${index}`, {
          logGroupName: logGroup.logGroupName,
          filterPattern: SECURITY_EVENT_PATTERN,
          destinationArn: props.siemDestinationArn,
          filterName: 'ncc-gateway-security-events-to-siem',
        });
      }
    });
    new MetricFilter(this, 'AccessRefusals', {
      logGroup: props.accessLogs,
      filterPattern: FilterPattern.literal(ACCESS_REFUSAL_PATTERN),
      metricNamespace: METRIC_NAMESPACE,
      metricName: API_REFUSALS_METRIC,
      metricValue: '1',
      dimensions: { Status: '$.status' },
    });
    if (props.siemDestinationArn) {
      new CfnSubscriptionFilter(this, 'SiemAccessRefusals', {
        logGroupName: props.accessLogs.logGroupName,
        filterPattern: ACCESS_REFUSAL_PATTERN,
        destinationArn: props.siemDestinationArn,
        filterName: 'ncc-gateway-refusals-to-siem',
      });
    }

    const alarm = (
      alarmId: string,
      metric: Metric | MathExpression,
      threshold: number,
      description: string,
    ) => {
      const a = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push(a);
    };
    for (const [code, { threshold, why }] of Object.entries(BURST_THRESHOLDS)) {
      alarm(
        `Burst-${code}`,
        new Metric({
          namespace: METRIC_NAMESPACE,
          metricName: SECURITY_EVENTS_METRIC,
          dimensionsMap: { [SECURITY_EVENT_DIMENSION]: code },
          period: PERIOD,
          statistic: 'Sum',
        }),
        threshold,
        `Security event ${code}: ${threshold} or more in 5 minutes (${why}). Query the function logs for securityEvent = "${code}" (docs/security-monitoring.md).`,
      );
    }
    for (const [status, threshold] of Object.entries(REFUSAL_THRESHOLDS)) {
      alarm(
        `Refusals-${status}`,
        new Metric({
          namespace: METRIC_NAMESPACE,
          metricName: API_REFUSALS_METRIC,
          dimensionsMap: { Status: status },
          period: PERIOD,
          statistic: 'Sum',
        }),
        threshold,
        `The API refused ${threshold} or more requests with ${status} in 5 minutes. Query ApiAccessLogs by sourceIp and clientId (docs/security-monitoring.md).`,
      );
    }
  }
}
