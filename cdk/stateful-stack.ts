/**
 * What must outlive any redeploy: the KMS keys, the table, the queues and their DLQs,
 * the alarm topic, and the Cognito user pool whose app clients are the parties'
 * credentials (recreating it would make every SOC re-onboard). The stateless stack
 * receives these and adds code, API and alarms.
 */
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  type UserPoolClient,
  UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import {
  AccountRootPrincipal,
  Effect,
  PolicyStatement,
  Role,
  ServicePrincipal,
  StarPrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  AUDIT_TABLE_DEFINITION,
  TABLE_DEFINITION,
  type TableDefinition,
} from '../functions/adapters/dynamodb/table-definition.js';
import {
  QUEUE_DEFINITIONS,
  type QueueDefinition,
} from '../functions/adapters/sqs/queue-definitions.js';
import { SCOPE_PREFIX } from '../functions/handlers/http/middleware/authenticate.js';
import type { DeploymentConfig } from './deployment-config.js';
import { ROLES } from './deployment-config.js';
import { AUDIT_LOG_PREFIX, grantObjects } from './grants.js';

/** The resource server's identifier: scopes read `ncc-gateway/<role>` (see authenticate.ts). */
export const RESOURCE_SERVER_ID = SCOPE_PREFIX.replace(/\/$/, '');

/** A work queue with its dead-letter queue, built from one QUEUE_DEFINITIONS row. */
export interface GatewayQueue {
  definition: QueueDefinition;
  queue: Queue;
  deadLetterQueue: Queue;
}

/** A party's machine-to-machine credentials: one Cognito app client per party. */
export interface PartyClient {
  partyId: string;
  role: string;
  client: UserPoolClient;
}

export interface StatefulStackProps extends StackProps {
  config: DeploymentConfig;
}

export class StatefulStack extends Stack {
  /** Encrypts the table, the queues and the DLQs. */
  readonly dataKey: Key;
  /** Encrypts log groups and the alarm topic (services that must not hold the data key). */
  readonly opsKey: Key;
  /**
   * Wraps the data keys of webhook HMAC secrets (issue #12 item 4): the registration
   * function may only generate data keys under it, the delivery worker only decrypt;
   * nothing else may use it (cdk/grants.ts).
   */
  readonly webhookSecretKey: Key;
  /** The pagination-cursor sealing key (CURSOR_KEY), generated at first deploy, never in the template. */
  readonly cursorKeySecret: Secret;
  readonly table: Table;
  /**
   * The audit trail (issue #9): entries, heads, day markers, digests, and nothing else; no
   * indexes, no TTL. Appended in the same transaction as the write it records; IAM lets
   * functions append to it, never delete (cdk/grants.ts).
   */
  readonly auditTable: Table;
  /** The verbatim archive: every message received or sent, locked for 3 years (issue #15 item 2). */
  readonly archive: Bucket;
  /**
   * Signs the daily digests of the audit chain heads (issue #9 item 5): ECC_NIST_P256,
   * SIGN_VERIFY. Only the daily job may sign; the verifier reads the public key.
   */
  readonly auditSigningKey: Key;
  /** The 001 Annex 4 day files and their JSON lines, locked for 3 years (issue #9 item 6). */
  readonly auditLogs: Bucket;
  /** The one role that may read the audit log bucket (п.90-1(7): logs for administrators only). */
  readonly auditLogReader: Role;
  readonly queues: ReadonlyMap<string, GatewayQueue>;
  readonly alarmTopic: Topic;
  readonly userPool: UserPool;
  readonly partyClients: readonly PartyClient[];
  /** `https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token` */
  readonly tokenEndpoint: string;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.dataKey = new Key(this, 'DataKey', {
      description: `ncc-gateway ${config.stage}: table, queues and dead-letter queues`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.opsKey = new Key(this, 'OpsKey', {
      description: `ncc-gateway ${config.stage}: log groups and the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.allowLogsAndAlarms(this.opsKey);
    this.webhookSecretKey = new Key(this, 'WebhookSecretKey', {
      description: `ncc-gateway ${config.stage}: webhook secrets (sealed by put-party, opened by deliver-webhooks only)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.cursorKeySecret = this.buildCursorKeySecret(config);

    this.table = this.buildTable(this.dataKey);
    this.auditTable = this.buildTable(this.dataKey, 'AuditTable', AUDIT_TABLE_DEFINITION);
    this.archive = this.buildArchive(config, this.dataKey);
    this.auditSigningKey = new Key(this, 'AuditSigningKey', {
      description: `ncc-gateway ${config.stage}: signs the daily audit digests (close-audit-day signs, verify-audit reads the public key)`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      // Old digests name this key: it must outlive every stack and every digest (≥ 3 years).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    ({ bucket: this.auditLogs, reader: this.auditLogReader } = this.buildAuditLogs(
      config,
      this.dataKey,
    ));
    this.queues = new Map(
      QUEUE_DEFINITIONS.map((definition) => [
        definition.logicalName,
        this.buildQueue(definition, this.dataKey),
      ]),
    );

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `ncc-gateway ${config.stage} alarms`,
      masterKey: this.opsKey,
      enforceSSL: true,
    });
    if (config.alarmEmail)
      this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));

    const auth = this.buildUserPool(config);
    this.userPool = auth.userPool;
    this.partyClients = auth.partyClients;
    this.tokenEndpoint = auth.tokenEndpoint;

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AuditTableName', { value: this.auditTable.tableName });
    new CfnOutput(this, 'ArchiveBucket', { value: this.archive.bucketName });
    new CfnOutput(this, 'AuditLogBucket', { value: this.auditLogs.bucketName });
    new CfnOutput(this, 'AuditLogReaderRoleArn', { value: this.auditLogReader.roleArn });
    new CfnOutput(this, 'AuditSigningKeyArn', { value: this.auditSigningKey.keyArn });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'TokenEndpoint', { value: this.tokenEndpoint });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }

  /**
   * 64 random letters and digits, read as base64 (48 bytes) by the list functions'
   * `CURSOR_KEY` (functions/handlers/config.ts). The template holds only a reference.
   */
  private buildCursorKeySecret(config: DeploymentConfig): Secret {
    const secret = new Secret(this, 'CursorKeySecret', {
      description: `ncc-gateway ${config.stage}: seals pagination cursors (CURSOR_KEY)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the cursor key only invalidates the cursors in flight (a client starts its listing again); rotate it by hand (docs/deploy.md) rather than on a schedule.',
    });
    return secret;
  }

  /** CloudWatch Logs and CloudWatch alarms (publishing to the encrypted topic) may use the ops key. */
  private allowLogsAndAlarms(key: Key): void {
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
  }

  /**
   * A bucket whose objects are kept as written for 3 years (Object Lock, compliance mode:
   * nobody, root included, deletes or overwrites them; 002 п.38), encrypted with `key`,
   * TLS only, no public access, versioned (Object Lock needs it): the archive and the
   * Annex 4 logs alike.
   */
  private lockedBucket(id: string, bucketName: string, key: Key): Bucket {
    return new Bucket(this, id, {
      bucketName,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(1096)),
      versioned: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Object Lock in compliance mode for 3 years (1096 days): nobody, root included, can
   * change or delete a kept message before then (docs/contract.md §6, 002 п.38: ≥ 3 years). KMS with
   * the data key, TLS only, no public access, versioned (Object Lock needs it).
   */
  private buildArchive(config: DeploymentConfig, key: Key): Bucket {
    // Named, so that the functions' grants name it in their own stack (cdk/grants.ts).
    const bucket = this.lockedBucket(
      'Archive',
      archiveBucketName(config.stage, this.account, this.region),
      key,
    );
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Objects are written only by the gateway functions, whose every request is in their own logs and the API access log; Object Lock makes deletes impossible. S3 server access logs would need a second bucket for no extra record.',
    });
    return bucket;
  }

  /**
   * The Annex 4 log bucket (002 п.90-1(7): "оқиғалар журналдарын әкімшілерге қарау үшін
   * ғана қолжетімді мамандандырылған логтар серверінде сақтау"): Object Lock in compliance
   * mode for 3 years like the archive, and a policy that denies reading to every principal
   * but the audit-log reader role, which administrators assume.
   */
  private buildAuditLogs(config: DeploymentConfig, key: Key): { bucket: Bucket; reader: Role } {
    const bucket = this.lockedBucket(
      'AuditLogs',
      auditLogBucketName(config.stage, this.account, this.region),
      key,
    );
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the daily audit job writes (its log names each file) and only the reader role reads; Object Lock makes deletes impossible. CloudTrail data events, not a second bucket, are the place for a record of reads (docs/deploy.md).',
    });
    const reader = new Role(this, 'AuditLogReader', {
      // Administrators of this account assume it (their own policy must allow sts:AssumeRole).
      assumedBy: new AccountRootPrincipal(),
      description: `ncc-gateway ${config.stage}: reads the Annex 4 audit logs (administrators only)`,
      maxSessionDuration: Duration.hours(1),
    });
    grantObjects(
      reader,
      ['s3:GetObject'],
      bucket,
      [AUDIT_LOG_PREFIX],
      'The reader reads any party day file (audit/<party>/<day>.*): only a key prefix names them all.',
    );
    reader.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    reader.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
      }),
    );
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyTheAuditLogReaderReads',
        effect: Effect.DENY,
        principals: [new StarPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': reader.roleArn } },
      }),
    );
    return { bucket, reader };
  }

  /**
   * One of the gateway's tables, exactly as its definition describes it (TABLE_DEFINITION
   * for items, AUDIT_TABLE_DEFINITION for the audit trail): both encrypted with the data key,
   * with point-in-time recovery and deletion protection, retained if the stack goes.
   */
  private buildTable(
    key: Key,
    id = 'Table',
    definition: TableDefinition = TABLE_DEFINITION,
  ): Table {
    const attribute = (name: string) => ({ name, type: AttributeType.STRING });
    const table = new Table(this, id, {
      partitionKey: attribute(definition.partitionKey.name),
      sortKey: attribute(definition.sortKey.name),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Only idempotency records carry this attribute; incidents, cards and audit never
      // expire (the audit table has none).
      ...(definition.timeToLiveAttribute === undefined
        ? {}
        : { timeToLiveAttribute: definition.timeToLiveAttribute }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey.name),
        sortKey: attribute(index.sortKey.name),
        projectionType: ProjectionType.ALL,
      });
    }
    return table;
  }

  /** A work queue and its DLQ, both KMS-encrypted and TLS-only. */
  private buildQueue(definition: QueueDefinition, key: Key): GatewayQueue {
    const id = pascalCase(definition.logicalName);
    const deadLetterQueue = new Queue(
      this,
      `${pascalCase(definition.deadLetter.logicalName)}Queue`,
      {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: key,
        enforceSSL: true,
        retentionPeriod: Duration.seconds(definition.deadLetter.retentionSeconds),
      },
    );
    const queue = new Queue(this, `${id}Queue`, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(definition.retentionSeconds),
      deadLetterQueue: {
        queue: deadLetterQueue,
        maxReceiveCount: definition.deadLetter.maxReceiveCount,
      },
    });
    return { definition, queue, deadLetterQueue };
  }

  /**
   * A user pool for machines only: a resource server with one scope per role, and one
   * client-credentials app client per party in the `parties` context. Nobody signs in
   * to it with a password.
   */
  private buildUserPool(config: DeploymentConfig) {
    const userPool = new UserPool(this, 'PartyPool', {
      userPoolName: `ncc-gateway-${config.stage}`,
      selfSignUpEnabled: false,
      // The pool has no users; these settings only keep an added user from being weak.
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.NONE,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The pool issues client-credentials tokens to machines only; the Plus plan adds threat protection for user sign-ins, which never happen here.',
    });

    const scopes = new Map(
      ROLES.map((role) => [
        role,
        new ResourceServerScope({
          scopeName: role,
          scopeDescription: `Calls the API as a party with role ${role}`,
        }),
      ]),
    );
    const resourceServer = new UserPoolResourceServer(this, 'ResourceServer', {
      userPool,
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: 'ncc-gateway',
      scopes: [...scopes.values()],
    });
    const domain = userPool.addDomain('TokenDomain', {
      cognitoDomain: { domainPrefix: config.authDomainPrefix },
    });

    const partyClients = Object.entries(config.parties).map(([partyId, role]) => {
      const scope = scopes.get(role);
      if (!scope) throw new Error(`No scope for role ${role}`);
      const client = userPool.addClient(`Client${pascalCase(partyId)}`, {
        userPoolClientName: partyId,
        generateSecret: true,
        authFlows: {},
        oAuth: {
          flows: { clientCredentials: true },
          scopes: [OAuthScope.resourceServer(resourceServer, scope)],
        },
        accessTokenValidity: Duration.hours(1),
        enableTokenRevocation: true,
        preventUserExistenceErrors: true,
      });
      return { partyId, role, client };
    });

    new CfnOutput(this, 'PartyClientIds', {
      description:
        'Party id to Cognito app client id (the clientId to register with PUT /v1/parties/{id})',
      value: this.toJsonString(
        Object.fromEntries(partyClients.map((p) => [p.partyId, p.client.userPoolClientId])),
      ),
    });
    return {
      userPool,
      partyClients,
      tokenEndpoint: `${domain.baseUrl()}/oauth2/token`,
    };
  }
}

/**
 * The archive bucket's name: stage, account and region make it unique worldwide (S3
 * names are global); at most 4 + 20 + 9 + 12 + 1 + 14 = 60 characters of the 63 allowed.
 */
export function archiveBucketName(stage: string, account: string, region: string): string {
  return `ncc-${stage}-archive-${account}-${region}`;
}

/** The audit log bucket's name (at most 4 + 20 + 10 + 12 + 1 + 14 = 61 characters). */
export function auditLogBucketName(stage: string, account: string, region: string): string {
  return `ncc-${stage}-auditlog-${account}-${region}`;
}

/** `deliveries-dlq` → `DeliveriesDlq` (construct ids). */
export function pascalCase(kebab: string): string {
  return kebab
    .split(/[-_]/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
