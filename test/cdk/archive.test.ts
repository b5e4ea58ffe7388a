/**
 * The verbatim archive's bucket (issue #15 item 2): Object Lock in compliance mode for
 * 3 years, the customer-managed data key, no public access, TLS only; and what each
 * function may do with it: routes that read a body and the worker put, only
 * `GET /v1/messages/{sha256}` reads, nobody deletes.
 */
import { rmSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../cdk/gateway.js';
import { pascalCase } from '../../cdk/stateful-stack.js';
import { ROUTES } from '../../functions/handlers/http/routes.js';
import { asArray, roleStatements } from './iam-statements.js';
import { synthWithoutBundles } from './synth-without-bundles.js';

let app: App;
let gateway: Gateway;
let stateful: Template;
let stateless: Template;

beforeAll(() => {
  ({ app, gateway } = synthWithoutBundles());
  stateful = Template.fromStack(gateway.stateful);
  stateless = Template.fromStack(gateway.stateless);
}, 120_000);

/** The S3 actions, with their resources as text, of one function's role. */
function s3Grants(name: string): Array<{ actions: string[]; resources: string }> {
  return roleStatements([stateless], pascalCase(name))
    .filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:')))
    .map((s) => ({ actions: asArray(s.Action), resources: JSON.stringify(s.Resource) }));
}

function kmsViaS3(name: string): string[] {
  return roleStatements([stateless], pascalCase(name))
    .filter((s) => JSON.stringify(s.Condition ?? {}).includes('s3.'))
    .flatMap((s) => asArray(s.Action));
}

function environmentOf(name: string): Record<string, unknown> {
  const functions = stateless.findResources('AWS::Lambda::Function') as Record<
    string,
    { Properties: { Environment?: { Variables?: Record<string, unknown> } } }
  >;
  const found = Object.entries(functions).find(([id]) => id.startsWith(pascalCase(name)));
  return found?.[1].Properties.Environment?.Variables ?? {};
}

afterAll(() => rmSync(app.outdir, { recursive: true, force: true }));

describe('the archive bucket', () => {
  it('locks every object in compliance mode for 3 years, versioned', () => {
    stateful.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1096 } },
        },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
  });

  it('encrypts with the customer-managed data key and blocks all public access', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
            },
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

  it('refuses plain HTTP', () => {
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('who may use the archive', () => {
  const keepers = ROUTES.filter((r) => r.capabilities.archive === 'keep').map((r) => r.name);

  it('lets every route that reads a body put under the three prefixes, and nothing more', () => {
    expect(keepers.length).toBeGreaterThanOrEqual(15);
    for (const name of keepers) {
      const grants = s3Grants(name);
      expect(
        grants.flatMap((g) => g.actions),
        name,
      ).toEqual(['s3:PutObject']);
      for (const prefix of ['messages', 'parties', 'days'])
        expect(grants[0]?.resources, name).toContain(`/${prefix}/*`);
      expect(kmsViaS3(name), name).toEqual(['kms:GenerateDataKey']);
      expect(environmentOf(name).ARCHIVE_BUCKET, name).toBeDefined();
    }
  });

  it('lets only GET /v1/messages/{sha256} read: GetObject of messages and markers, ListBucket, Decrypt', () => {
    const grants = s3Grants('get-message');
    expect(grants.flatMap((g) => g.actions).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(kmsViaS3('get-message')).toEqual(['kms:Decrypt']);
    const readers = [...ROUTES.map((r) => r.name), 'sweep', 'authorize', 'deliver-webhooks'].filter(
      (name) => s3Grants(name).some((g) => g.actions.includes('s3:GetObject')),
    );
    expect(readers).toEqual(['get-message']);
  });

  it('grants no function a delete, and tells no other function the bucket', () => {
    const all = [...ROUTES.map((r) => r.name), 'sweep', 'authorize'];
    for (const name of all) {
      expect(
        s3Grants(name).flatMap((g) => g.actions),
        name,
      ).not.toEqual(expect.arrayContaining(['s3:DeleteObject']));
      const route = ROUTES.find((r) => r.name === name);
      if (route?.capabilities.archive === undefined)
        expect(environmentOf(name).ARCHIVE_BUCKET, name).toBeUndefined();
    }
  });
});
