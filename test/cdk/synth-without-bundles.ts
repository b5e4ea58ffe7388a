/**
 * The CDK app as `npm run synth` builds it, without running esbuild: for tests that
 * assert on resources other than the function code (perimeter, monitoring, archive).
 * `test/cdk/stacks.test.ts` builds it with the real bundles.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { createGateway, type Gateway } from '../../cdk/gateway.js';

const CDK_JSON_CONTEXT = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

export function synthWithoutBundles(context: Record<string, unknown> = {}): {
  app: App;
  gateway: Gateway;
} {
  const app = new App({
    context: {
      ...CDK_JSON_CONTEXT,
      stage: 'test',
      alarmEmail: 'soc-ops@example.kz',
      // No stack is bundled: NodejsFunction then stands in a placeholder asset.
      'aws:cdk:bundling-stacks': [],
      ...context,
    },
  });
  return { app, gateway: createGateway(app) };
}
