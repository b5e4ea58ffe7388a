/**
 * The verbatim archive's bucket (issue #15 item 2): Object Lock in compliance mode for
 * 3 years, the customer-managed data key, no public access, TLS only. (Wiring the
 * functions to it is not done yet: see docs/deploy.md "Verbatim archive".)
 */
import { rmSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Gateway } from '../../cdk/gateway.js';
import { synthWithoutBundles } from './synth-without-bundles.js';

let app: App;
let gateway: Gateway;
let stateful: Template;

beforeAll(() => {
  ({ app, gateway } = synthWithoutBundles());
  stateful = Template.fromStack(gateway.stateful);
}, 120_000);

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
