/**
 * The daily audit job on AWS (issue #9 items 5–6): the KMS asymmetric key that signs the
 * digests, the schedule shortly after 00:00 UTC, the Annex 4 log bucket (Object Lock in
 * compliance mode for 3 years, KMS, no public access, TLS only, readable only by the
 * reader role), and exactly the grants each function needs: kms:Sign for the job alone,
 * kms:GetPublicKey for the verifier alone, PutObject of day files for the job alone.
 */
import { rmSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../cdk/gateway.js';
import { pascalCase } from '../../cdk/stateful-stack.js';
import {
  AUDIT_DAY_CAPABILITIES,
  AUTHORIZER_CAPABILITIES,
  auditTableAccessOf,
  type Capabilities,
  SWEEP_CAPABILITIES,
  WORKER_CAPABILITIES,
} from '../../functions/handlers/capabilities.js';
import { ROUTES } from '../../functions/handlers/http/routes.js';
import { asArray, policyStatements, roleStatements } from './iam-statements.js';
import { synthWithoutBundles } from './synth-without-bundles.js';

let app: App;
let gateway: Gateway;
let stateful: Template;
let stateless: Template;

beforeAll(() => {
  ({ app, gateway } = synthWithoutBundles());
  stateful = Template.fromStack(gateway.stateful);
  stateless = Template.fromStack(gateway.stateless);
}, 300_000);

afterAll(() => rmSync(app.outdir, { recursive: true, force: true }));

const FUNCTIONS = [
  ...ROUTES.map((r) => r.name),
  'deliver-webhooks',
  'sweep',
  'authorize',
  'close-audit-day',
];

function actionsOf(name: string): string[] {
  return roleStatements([stateless], pascalCase(name)).flatMap((s) => asArray(s.Action));
}

describe('the audit signing key', () => {
  it('is an ECC_NIST_P256 SIGN_VERIFY key, kept when the stack goes', () => {
    stateful.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    });
  });

  it('signs for the audit job alone; only the verifier reads its public key', () => {
    const signers = FUNCTIONS.filter((name) => actionsOf(name).includes('kms:Sign'));
    expect(signers).toEqual(['close-audit-day']);
    const readers = FUNCTIONS.filter((name) => actionsOf(name).includes('kms:GetPublicKey'));
    expect(readers).toEqual(['verify-audit']);
    // The job may do nothing else with the key, and nobody may Verify through KMS or decrypt with it.
    const keyId = gateway.stateful.getLogicalId(
      gateway.stateful.auditSigningKey.node.defaultChild as never,
    );
    for (const name of FUNCTIONS) {
      const onKey = roleStatements([stateless], pascalCase(name))
        .filter((s) => JSON.stringify(s.Resource).includes(keyId))
        .flatMap((s) => asArray(s.Action));
      const expected =
        name === 'close-audit-day'
          ? ['kms:Sign']
          : name === 'verify-audit'
            ? ['kms:GetPublicKey']
            : [];
      expect(onKey, name).toEqual(expected);
    }
  });
});

describe('the daily schedule', () => {
  it('runs the audit job at 00:10 UTC every day, with retries', () => {
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(10 0 * * ? *)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CloseAuditDayFunction'), 'Arn'] },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
      }),
    });
  });

  it('tells only the job the log bucket, and only the job and the verifier the key', () => {
    const functions = stateless.findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { Environment?: { Variables?: Record<string, unknown> } } }
    >;
    for (const [id, fn] of Object.entries(functions)) {
      const variables = fn.Properties.Environment?.Variables ?? {};
      const isJob = id.startsWith('CloseAuditDay');
      expect('AUDIT_LOG_BUCKET' in variables, id).toBe(isJob);
      expect('AUDIT_SIGNING_KEY_ID' in variables, id).toBe(isJob || id.startsWith('VerifyAudit'));
    }
  });
});

describe('the Annex 4 log bucket', () => {
  const logBucket = () => {
    const buckets = stateful.findResources('AWS::S3::Bucket') as Record<
      string,
      { DeletionPolicy?: string; Properties: Record<string, unknown> }
    >;
    const found = Object.entries(buckets).find(([id]) => id.startsWith('AuditLogs'));
    if (!found) throw new Error('no AuditLogs bucket');
    return found;
  };

  it('locks every object in compliance mode for 3 years, versioned, KMS, no public access', () => {
    const [, bucket] = logBucket();
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1096 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          expect.objectContaining({
            ServerSideEncryptionByDefault: expect.objectContaining({ SSEAlgorithm: 'aws:kms' }),
          }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('refuses plain HTTP, and reading by anyone but the audit-log reader role', () => {
    const [id] = logBucket();
    const policies = stateful.findResources('AWS::S3::BucketPolicy') as Record<
      string,
      {
        Properties: {
          Bucket: unknown;
          PolicyDocument: { Statement: Array<Record<string, unknown>> };
        };
      }
    >;
    const policy = Object.values(policies).find((p) =>
      JSON.stringify(p.Properties.Bucket).includes(id),
    );
    const statements = policy?.Properties.PolicyDocument.Statement ?? [];
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
        expect.objectContaining({
          Effect: 'Deny',
          Principal: '*',
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Condition: {
            ArnNotEquals: {
              'aws:PrincipalArn': {
                'Fn::GetAtt': [expect.stringMatching(/^AuditLogReader/), 'Arn'],
              },
            },
          },
        }),
      ]),
    );
  });

  it('lets the job only put day files under audit/, and no function read them', () => {
    const job = roleStatements([stateless], 'CloseAuditDay').filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('s3:')),
    );
    expect(job.flatMap((s) => asArray(s.Action))).toEqual(['s3:PutObject']);
    expect(JSON.stringify(job[0]?.Resource)).toContain('auditlog-');
    expect(JSON.stringify(job[0]?.Resource)).toContain('/audit/*');
    for (const name of FUNCTIONS) {
      const reads = roleStatements([stateless], pascalCase(name)).filter(
        (s) =>
          asArray(s.Action).includes('s3:GetObject') &&
          JSON.stringify(s.Resource).includes('auditlog-'),
      );
      expect(reads, name).toEqual([]);
    }
    // The reader role: read and list, nothing else.
    const reader = policyStatements([stateful])
      .filter(({ policy }) => policy.startsWith('AuditLogReader'))
      .flatMap(({ statement }) => asArray(statement.Action));
    expect(reader.sort()).toEqual(['kms:Decrypt', 's3:GetObject', 's3:ListBucket']);
  });
});

/** Each function's declared capabilities, by the name its construct is built from. */
const CAPABILITIES_OF: Record<string, Capabilities> = {
  ...Object.fromEntries(ROUTES.map((r) => [r.name, r.capabilities])),
  'deliver-webhooks': WORKER_CAPABILITIES,
  sweep: SWEEP_CAPABILITIES,
  authorize: AUTHORIZER_CAPABILITIES,
  'close-audit-day': AUDIT_DAY_CAPABILITIES,
};

describe('the audit table (issue #9: a table of its own, append-only for functions)', () => {
  const tables = () =>
    Object.entries(stateful.findResources('AWS::DynamoDB::Table')) as Array<
      [string, { DeletionPolicy?: string; Properties: Record<string, unknown> }]
    >;
  const auditTableId = () =>
    gateway.stateful.getLogicalId(gateway.stateful.auditTable.node.defaultChild as never);
  const itemTableId = () =>
    gateway.stateful.getLogicalId(gateway.stateful.table.node.defaultChild as never);
  /** The actions a function's role allows on the audit table. */
  const auditTableActions = (name: string) =>
    roleStatements([stateless], pascalCase(name))
      .filter((s) => JSON.stringify(s.Resource).includes(auditTableId()))
      .flatMap((s) => asArray(s.Action))
      .sort();

  it('has no index and no TTL; PITR, deletion protection, retained, under the item table key', () => {
    const byId = new Map(tables());
    const audit = byId.get(auditTableId());
    const items = byId.get(itemTableId());
    expect(byId.size).toBe(2);

    expect(audit?.DeletionPolicy).toBe('Retain');
    expect(audit?.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
    expect(audit?.Properties.GlobalSecondaryIndexes).toBeUndefined();
    expect(audit?.Properties.TimeToLiveSpecification).toBeUndefined();
    const keyOf = (table: typeof audit) =>
      (table?.Properties.SSESpecification as { KMSMasterKeyId?: unknown } | undefined)
        ?.KMSMasterKeyId;
    expect(keyOf(audit)).toEqual(keyOf(items));
  });

  it('is named to every function (AUDIT_TABLE_NAME)', () => {
    for (const [, fn] of Object.entries(stateless.findResources('AWS::Lambda::Function'))) {
      const variables = (fn as { Properties: { Environment?: { Variables?: object } } }).Properties
        .Environment?.Variables;
      expect(JSON.stringify(variables ?? {})).toMatch(/"AUDIT_TABLE_NAME":/);
    }
  });

  it('lets no function update or delete an audit row: GetItem and Query to read, PutItem to append', () => {
    for (const name of FUNCTIONS) {
      const access = auditTableAccessOf(CAPABILITIES_OF[name] ?? { ports: {} });
      const expected =
        access === 'append'
          ? ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']
          : access === 'read'
            ? ['dynamodb:GetItem', 'dynamodb:Query']
            : [];
      expect(auditTableActions(name), name).toEqual(expected);
    }
    // Whoever writes a message appends. Every authenticated route may too (it records its
    // connection, and a block that triggers is audited), the verifier included; public
    // routes touch nothing.
    expect(auditTableActions('post-incident')).toContain('dynamodb:PutItem');
    expect(auditTableActions('verify-audit')).toContain('dynamodb:PutItem');
    expect(auditTableActions('get-health')).toEqual([]);
    // No statement anywhere (stateful stack's roles included) allows a delete or update on it.
    for (const { statement } of policyStatements([stateful, stateless])) {
      if (!JSON.stringify(statement.Resource).includes(auditTableId())) continue;
      for (const action of asArray(statement.Action))
        expect([
          'dynamodb:DeleteItem',
          'dynamodb:UpdateItem',
          'dynamodb:BatchWriteItem',
        ]).not.toContain(action);
    }
  });
});
