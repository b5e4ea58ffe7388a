/**
 * The whole deployment on a CDK app: the two stacks for the configured stage, tagged,
 * with cdk-nag's AwsSolutions pack validating them at synth. `cdk/app.ts` and the
 * stack tests build it the same way.
 */
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ROUTES } from '../functions/handlers/http/routes.js';
import { type DeploymentConfig, readDeploymentConfig } from './deployment-config.js';
import { EDGE_REGION, EdgeStack } from './edge-stack.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface Gateway {
  config: DeploymentConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
  edge: EdgeStack;
}

export function createGateway(app: App): Gateway {
  const config = readDeploymentConfig(app.node);
  const env = { region: config.region, ...(config.account ? { account: config.account } : {}) };

  const stateful = new StatefulStack(app, `NccGateway-${config.stage}-Stateful`, {
    env,
    config,
    description: 'ncc-gateway: keys, table, queues, alarm topic, party credentials',
    // Deleting this stack would orphan the data; make it a deliberate two-step act.
    terminationProtection: true,
  });
  // CloudFront web ACLs live in us-east-1; the distribution (stateless stack) refers to it
  // across regions, which CDK carries through SSM parameters it manages.
  const edge = new EdgeStack(app, `NccGateway-${config.stage}-Edge`, {
    env: { ...env, region: EDGE_REGION },
    config,
    routes: ROUTES,
    description: 'ncc-gateway: WAF web ACL for the CloudFront distribution in front of the API',
    crossRegionReferences: true,
  });
  const stateless = new StatelessStack(app, `NccGateway-${config.stage}-Stateless`, {
    env,
    config,
    stateful,
    webAclArn: edge.webAcl.attrArn,
    crossRegionReferences: true,
    description: 'ncc-gateway: functions, HTTP API, sweep schedule, alarms',
  });
  Tags.of(app).add('project', 'ncc-gateway');
  Tags.of(app).add('stage', config.stage);

  // Synthesis fails on any finding not acknowledged (with its reason) next to the resource.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { config, stateful, stateless, edge };
}
