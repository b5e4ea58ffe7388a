/**
 * Security-event monitoring (issue #15 item 3): every function's structured
 * `securityEvent` lines become one metric by code, each code alarms on a burst, the
 * access log's refusals are counted too, and with a SIEM destination the same lines
 * stream there.
 */
import { rmSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_REFUSAL_PATTERN,
  BURST_THRESHOLDS,
  SECURITY_EVENT_PATTERN,
} from '../../cdk/constructs/security-monitoring.js';
import type { Gateway } from '../../cdk/gateway.js';
import { synthWithoutBundles } from './synth-without-bundles.js';

const SIEM = 'arn:aws:logs:eu-central-1:123456789012:destination:soc-siem';

let app: App;
let gateway: Gateway;
let stateless: Template;
let siemApp: App;
let withSiem: Template;

beforeAll(() => {
  ({ app, gateway } = synthWithoutBundles());
  stateless = Template.fromStack(gateway.stateless);
  const siem = synthWithoutBundles({ siemDestinationArn: SIEM });
  siemApp = siem.app;
  withSiem = Template.fromStack(siem.gateway.stateless);
}, 180_000);

afterAll(() => {
  rmSync(app.outdir, { recursive: true, force: true });
  rmSync(siemApp.outdir, { recursive: true, force: true });
});

const functionLogGroups = () =>
  Object.keys(stateless.findResources('AWS::Logs::LogGroup')).filter(
    (id) => !/^ApiAccessLogs/.test(id),
  );

describe('security-event metrics', () => {
  it('counts securityEvent lines in every function log group, by code', () => {
    const filters = Object.values(
      stateless.findResources('AWS::Logs::MetricFilter', {
        Properties: { FilterPattern: SECURITY_EVENT_PATTERN },
      }),
    ) as Array<{ Properties: { LogGroupName: { Ref: string }; MetricTransformations: unknown[] } }>;
    expect(filters.map((f) => f.Properties.LogGroupName.Ref).sort()).toEqual(
      functionLogGroups().sort(),
    );
    for (const filter of filters) {
      expect(filter.Properties.MetricTransformations).toEqual([
        {
          MetricNamespace: 'NccGateway',
          MetricName: 'SecurityEvents',
          MetricValue: '1',
          Dimensions: [{ Key: 'SecurityEvent', Value: '$.securityEvent' }],
        },
      ]);
    }
  });

  it('counts 401, 403 and 429 in the API access log', () => {
    stateless.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: ACCESS_REFUSAL_PATTERN,
      LogGroupName: { Ref: Match.stringLikeRegexp('^ApiAccessLogs') },
      MetricTransformations: [
        Match.objectLike({
          MetricName: 'ApiRefusals',
          Dimensions: [{ Key: 'Status', Value: '$.status' }],
        }),
      ],
    });
  });
});

describe('security-event alarms', () => {
  const alarms = () =>
    Object.values(stateless.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => (a as { Properties: Record<string, unknown> }).Properties,
    );

  it('alarms on a burst of each code: auth failures, refused connection points, hostile input, rate breaches, blocks and unblocks', () => {
    for (const code of [
      'auth_failed',
      'connection_point_refused',
      'hostile_input',
      'rate_breach',
      'connection_blocked',
      'connection_unblocked',
      'blocked_connection_attempt',
    ]) {
      const [alarm] = alarms().filter(
        (a) =>
          a.MetricName === 'SecurityEvents' &&
          JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'SecurityEvent', Value: code }]),
      );
      expect(alarm, code).toMatchObject({
        Namespace: 'NccGateway',
        Statistic: 'Sum',
        Period: 300,
        Threshold: BURST_THRESHOLDS[code]?.threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(JSON.stringify(alarm?.AlarmActions)).toMatch(/AlarmTopic/);
    }
  });

  it('alarms on every block and unblock, not only on bursts', () => {
    expect(BURST_THRESHOLDS.connection_blocked?.threshold).toBe(1);
    expect(BURST_THRESHOLDS.connection_unblocked?.threshold).toBe(1);
  });

  it('alarms on bursts of access-log refusals by status', () => {
    const statuses = alarms()
      .filter((a) => a.MetricName === 'ApiRefusals')
      .map((a) => (a.Dimensions as Array<{ Value: string }>)[0]?.Value)
      .sort();
    expect(statuses).toEqual(['401', '403', '429']);
  });
});

describe('SIEM feed', () => {
  it('streams nothing without a destination', () => {
    stateless.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
  });

  it('streams every securityEvent line and every access-log refusal to the SIEM destination', () => {
    const filters = Object.values(withSiem.findResources('AWS::Logs::SubscriptionFilter')).map(
      (f) => (f as { Properties: { FilterPattern: string; DestinationArn: string } }).Properties,
    );
    expect(filters.filter((f) => f.FilterPattern === SECURITY_EVENT_PATTERN)).toHaveLength(
      functionLogGroups().length,
    );
    expect(filters.filter((f) => f.FilterPattern === ACCESS_REFUSAL_PATTERN)).toHaveLength(1);
    for (const f of filters) expect(f.DestinationArn).toBe(SIEM);
  });
});
