/**
 * The one way the gateway makes a Lambda function: a NodejsFunction bundled by esbuild
 * (cdk/bundling-options.ts), arm64 on the newest Node.js runtime, X-Ray tracing, its own
 * KMS-encrypted log group kept for the records period, and its own role that may write
 * only to that log group. Data access is granted per function (cdk/grants.ts).
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  bundlingFor,
  entryPath,
  nodeOptionsFor,
  PROJECT_ROOT,
  RUNTIME,
} from '../bundling-options.js';

/**
 * docs/contract.md §6: incident, card and audit data are kept at least 3 years. Function logs and
 * API access logs record who sent what and when, so they are kept as long
 * (1096 days covers a leap year).
 */
export const LOG_RETENTION = RetentionDays.THREE_YEARS;

/** `NODE_OPTIONS` where the function has any (cdk/bundling-options.ts, {@link nodeOptionsFor}). */
function nodeOptionsEnvironment(name: string): Record<string, string> {
  const options = nodeOptionsFor(name);
  return options === '' ? {} : { NODE_OPTIONS: options };
}

export interface GatewayFunctionProps {
  /** Kebab-case name: the entry `functions/lambda/<name>.ts`. */
  name: string;
  description: string;
  /** Environment shared by every function (table, queue, delivery settings). */
  environment: Readonly<Record<string, string>>;
  /** Encrypts the log group (the stateful stack's key). */
  logKey: IKey;
  /** Default 10 s: API Gateway waits at most 30 s, and a route does a few DynamoDB calls. */
  timeout?: Duration;
  /** Default 512 MB: on arm64, memory also buys CPU for schema validation at cold start. */
  memorySize?: number;
}

export class GatewayFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: GatewayFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      encryptionKey: props.logKey,
      // Records outlive the stack: deleting it must not delete three years of logs.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Our own role instead of the default one, whose managed policy
    // (AWSLambdaBasicExecutionRole) may create and write any log group in the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `ncc-gateway ${props.name}: its log group, and the data access granted in cdk/grants.ts`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: entryPath(props.name),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      bundling: bundlingFor(props.name),
      description: props.description,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: { ...props.environment, ...nodeOptionsEnvironment(props.name) },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; the role holds no other wildcard.',
    });
  }
}
