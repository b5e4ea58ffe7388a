/**
 * The perimeter (issue #15 item 5): a WAF web ACL with AWS's managed rule sets and
 * per-address rate limits, on the CloudFront distribution in front of the HTTP API, and
 * public routes throttled apart from the parties' routes.
 */
import { rmSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNTED_RULES,
  EDGE_REGION,
  PUBLIC_REQUESTS_PER_5_MIN_PER_IP,
  publicPathPrefixes,
} from '../../cdk/edge-stack.js';
import type { Gateway } from '../../cdk/gateway.js';
import { pascalCase } from '../../cdk/stateful-stack.js';
import { ROUTES } from '../../functions/handlers/http/routes.js';
import { synthWithoutBundles } from './synth-without-bundles.js';

type Props = Record<string, unknown>;

let app: App;
let gateway: Gateway;
let edge: Template;
let stateless: Template;

beforeAll(() => {
  ({ app, gateway } = synthWithoutBundles());
  edge = Template.fromStack(gateway.edge);
  stateless = Template.fromStack(gateway.stateless);
}, 120_000);

afterAll(() => rmSync(app.outdir, { recursive: true, force: true }));

function webAclRules(): Array<Props & { Name: string; Statement: Props }> {
  const [acl] = Object.values(edge.findResources('AWS::WAFv2::WebACL')) as Array<{
    Properties: { Rules: Array<Props & { Name: string; Statement: Props }> };
  }>;
  return acl?.Properties.Rules ?? [];
}

describe('the web ACL', () => {
  it('is a CloudFront-scoped ACL in us-east-1 that allows by default', () => {
    expect(gateway.edge.region).toBe(EDGE_REGION);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: Match.objectLike({ CloudWatchMetricsEnabled: true }),
    });
  });

  it('runs the common, known-bad-inputs and IP-reputation managed rule sets, blocking', () => {
    const managed = webAclRules().filter((r) => r.Statement.ManagedRuleGroupStatement);
    expect(
      managed.map((r) => (r.Statement.ManagedRuleGroupStatement as Props).Name).sort(),
    ).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    for (const rule of managed) {
      expect(rule.OverrideAction).toEqual({ None: {} });
      expect((rule.Statement.ManagedRuleGroupStatement as Props).VendorName).toBe('AWS');
    }
  });

  it('only counts the body rules, which incident evidence would trip, and blocks the rest', () => {
    for (const rule of webAclRules().filter((r) => r.Statement.ManagedRuleGroupStatement)) {
      const group = rule.Statement.ManagedRuleGroupStatement as Props & {
        Name: string;
        RuleActionOverrides?: Array<{ Name: string; ActionToUse: Props }>;
      };
      const counted = (group.RuleActionOverrides ?? []).map((o) => {
        expect(o.ActionToUse).toEqual({ Count: {} });
        return o.Name;
      });
      expect(counted).toEqual(COUNTED_RULES[group.Name]);
      for (const name of counted) expect(name).toMatch(/_BODY$|^NoUserAgent_HEADER$/);
    }
  });

  it('blocks a flood of the public routes per source address, apart from the parties', () => {
    const [rule] = webAclRules().filter((r) => r.Name === 'PublicRoutesPerIp');
    const rate = rule?.Statement.RateBasedStatement as Props & { ScopeDownStatement: Props };
    expect(rule?.Action).toEqual({ Block: {} });
    expect(rate).toMatchObject({ AggregateKeyType: 'IP', Limit: PUBLIC_REQUESTS_PER_5_MIN_PER_IP });
    const scoped = JSON.stringify(rate.ScopeDownStatement);
    for (const prefix of publicPathPrefixes(ROUTES)) expect(scoped).toContain(`"${prefix}"`);
    expect(publicPathPrefixes(ROUTES)).toContain('/v1/schemas/');
    expect(scoped).not.toContain('/v1/incidents');
  });
});

describe('CloudFront in front of the API', () => {
  it('carries the web ACL and reaches the HTTP API over TLS 1.2 only', () => {
    stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: {
          'Fn::GetStackOutput': Match.objectLike({
            StackName: gateway.edge.stackName,
            Region: EDGE_REGION,
          }),
        },
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: Match.arrayWith(['GET', 'PUT', 'POST']),
        }),
        Origins: [
          Match.objectLike({
            DomainName: {
              'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^Api') }])],
            },
            CustomOriginConfig: {
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            },
          }),
        ],
      }),
    });
  });

  it('proves each forwarded request with a generated secret header that every HTTP function and the authorizer are told', () => {
    const [[secretId] = []] = Object.entries(
      stateless.findResources('AWS::SecretsManager::Secret', {
        Properties: { Description: Match.stringLikeRegexp('X-Origin-Verify') },
      }),
    );
    expect(secretId).toBeDefined();
    // A reference CloudFormation resolves at deploy: the template never holds the value.
    const reference = {
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
    };
    const [distribution] = Object.values(
      stateless.findResources('AWS::CloudFront::Distribution'),
    ) as Array<{ Properties: { DistributionConfig: { Origins: Props[] } } }>;
    expect(distribution?.Properties.DistributionConfig.Origins[0]?.OriginCustomHeaders).toEqual([
      { HeaderName: 'X-Origin-Verify', HeaderValue: reference },
    ]);
    const functions = stateless.findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { Environment?: { Variables?: Props } } }
    >;
    const told = Object.entries(functions)
      .filter(([, f]) => f.Properties.Environment?.Variables?.EDGE_ORIGIN_SECRET !== undefined)
      .map(([id, f]) => {
        expect(f.Properties.Environment?.Variables?.EDGE_ORIGIN_SECRET, id).toEqual(reference);
        return id;
      });
    for (const name of [...ROUTES.map((r) => r.name), 'authorize']) {
      expect(
        told.some((id) => id.startsWith(pascalCase(name))),
        name,
      ).toBe(true);
    }
  });

  it('caches nothing and forwards the bearer token', () => {
    stateless.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 0,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
        }),
      }),
    });
  });

  it('serves only the allowlisted countries when edgeAllowedCountries is set', () => {
    const { app: kzApp, gateway: kz } = synthWithoutBundles({ edgeAllowedCountries: 'KZ' });
    try {
      Template.fromStack(kz.stateless).hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Locations: ['KZ'] } },
        }),
      });
    } finally {
      rmSync(kzApp.outdir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('API throttling', () => {
  it('gives each public route its own, smaller throttle and leaves party routes on the stage default', () => {
    const [stage] = Object.values(stateless.findResources('AWS::ApiGatewayV2::Stage')) as Array<{
      Properties: {
        DefaultRouteSettings: { ThrottlingRateLimit: number };
        RouteSettings: Record<
          string,
          { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
        >;
      };
    }>;
    const settings = stage?.Properties.RouteSettings ?? {};
    const publicKeys = ROUTES.filter((r) => r.public).map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(settings).sort()).toEqual(publicKeys.sort());
    for (const key of publicKeys) {
      expect(settings[key]?.ThrottlingRateLimit).toBe(gateway.config.publicRateLimit);
      expect(settings[key]?.ThrottlingRateLimit).toBeLessThan(
        stage?.Properties.DefaultRouteSettings.ThrottlingRateLimit ?? 0,
      );
    }
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the perimeter', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});
