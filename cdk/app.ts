/** The CDK app (`cdk.json`: `npx tsx cdk/app.ts`); what it deploys is in cdk/gateway.ts. */
import { App } from 'aws-cdk-lib';
import { createGateway } from './gateway.js';

createGateway(new App());
