/**
 * The perimeter (issue #15 item 5, 003 Methodology Annex 1: intrusion detection with
 * automatically updated rules; resources not monopolised by anyone): an AWS WAF web ACL
 * for the CloudFront distribution that fronts the HTTP API. HTTP APIs cannot take a web
 * ACL themselves, and CloudFront-scoped web ACLs live in us-east-1, hence a stack of its
 * own there; docs/deploy.md "Perimeter" gives the choice and its trade-offs.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '../functions/handlers/http/routes.js';
import type { DeploymentConfig } from './deployment-config.js';

/** CloudFront web ACLs must be created in us-east-1, whatever the API's region. */
export const EDGE_REGION = 'us-east-1';

/**
 * Requests per source address per 5 minutes on the public routes (health, time,
 * catalogue, schemas). A poller asking every few seconds stays far below it; a flood
 * from one address is blocked at the edge before it spends the stage's throttle.
 */
export const PUBLIC_REQUESTS_PER_5_MIN_PER_IP = 300;
/**
 * Requests per source address per 5 minutes on any route: above the default per-party
 * budget (600/min, party-policy.ts) so a busy SOC behind one address is never cut by
 * the edge; its own budget answers 429 first.
 */
export const REQUESTS_PER_5_MIN_PER_IP = 6_000;

/**
 * Managed rules that look at the body are counted, not enforced: an incident card or an
 * IOC list legitimately carries attack strings (XSS, `${jndi:…}`, paths, SSRF URLs) as
 * *evidence*, and cards are up to 256 KiB against the common set's 8 KiB body limit.
 * The gateway's own parsers are the body's defence (functions/core/wire/); headers, URI
 * and query are still blocked. NoUserAgent: SOC integrations need not send one.
 */
export const COUNTED_RULES: Readonly<Record<string, readonly string[]>> = {
  AWSManagedRulesCommonRuleSet: [
    'SizeRestrictions_BODY',
    'CrossSiteScripting_BODY',
    'GenericLFI_BODY',
    'GenericRFI_BODY',
    'EC2MetaDataSSRF_BODY',
    'NoUserAgent_HEADER',
  ],
  AWSManagedRulesKnownBadInputsRuleSet: ['Log4JRCE_BODY', 'JavaDeserializationRCE_BODY'],
  AWSManagedRulesAmazonIpReputationList: [],
};

/** The path prefixes of the public routes: `/v1/schemas/{name}` → `/v1/schemas/`. */
export function publicPathPrefixes(routes: readonly RouteDefinition[]): string[] {
  return [
    ...new Set(routes.filter((r) => r.public).map((r) => r.path.replace(/\{[^}]*\}.*$/, ''))),
  ].sort();
}

export interface EdgeStackProps extends StackProps {
  config: DeploymentConfig;
  routes: readonly RouteDefinition[];
}

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const metric = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `ncc-gateway-${config.stage}-${name}`,
    });

    const managed = Object.entries(COUNTED_RULES).map(
      ([name, counted], index): CfnWebACL.RuleProperty => ({
        name,
        priority: index,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name,
            ...(counted.length > 0
              ? {
                  ruleActionOverrides: counted.map((rule) => ({
                    name: rule,
                    actionToUse: { count: {} },
                  })),
                }
              : {}),
          },
        },
        visibilityConfig: metric(name),
      }),
    );

    const prefixes = publicPathPrefixes(props.routes);
    const startsWith = (prefix: string): CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: prefix,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    });
    const publicPaths: CfnWebACL.StatementProperty =
      prefixes.length === 1
        ? startsWith(prefixes[0] as string)
        : { orStatement: { statements: prefixes.map(startsWith) } };

    const rateRules: CfnWebACL.RuleProperty[] = [
      {
        name: 'PublicRoutesPerIp',
        priority: managed.length,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            limit: PUBLIC_REQUESTS_PER_5_MIN_PER_IP,
            evaluationWindowSec: 300,
            scopeDownStatement: publicPaths,
          },
        },
        visibilityConfig: metric('PublicRoutesPerIp'),
      },
      {
        name: 'AllRoutesPerIp',
        priority: managed.length + 1,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            limit: REQUESTS_PER_5_MIN_PER_IP,
            evaluationWindowSec: 300,
          },
        },
        visibilityConfig: metric('AllRoutesPerIp'),
      },
    ];

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `ncc-gateway-${config.stage}`,
      description: 'ncc-gateway: managed rule sets and per-address rate limits in front of the API',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules: [...managed, ...rateRules],
      visibilityConfig: metric('WebAcl'),
    });
  }
}
