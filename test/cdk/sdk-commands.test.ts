/**
 * Grant test (b) (test/cdk/stacks.test.ts) reads the SDK commands out of each bundle; this
 * checks that reading on a real bundle, built as `cdk synth` builds it, so a change in how
 * the SDK ships (external, bundled, a new SDK code shape) cannot make test (b) pass empty.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { entryPath, esbuildOptions } from '../../cdk/bundling-options.js';
import { sdkActionsOf } from '../support/sdk-commands.js';

const outDir = mkdtempSync(join(tmpdir(), 'ncc-gateway-sdk-commands-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function bundle(name: string): string {
  const outfile = join(outDir, name, 'index.js');
  buildSync({ ...esbuildOptions(entryPath(name), outfile), logLevel: 'error' });
  return readFileSync(outfile, 'utf8');
}

describe('the SDK commands a bundle names', () => {
  it('are found in post-incident: its reads, writes, transaction, enqueue and archive put (no archive read), and nothing else', () => {
    const found = sdkActionsOf(bundle('post-incident'));

    expect(found).toEqual({
      actions: [
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        's3:PutObject',
        'sqs:SendMessage',
      ],
      unknown: [],
    });
  });

  it('leave out the S3 client’s S3 Express session, which a general-purpose bucket never uses', () => {
    const code = bundle('get-message');
    expect(code).toMatch(/"CreateSession"/);
    expect(sdkActionsOf(code).actions).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:ListBucket']),
    );
    expect(sdkActionsOf(code).actions).not.toContain('s3:CreateSession');
  });

  it('leave out the Scan that only lib-dynamodb’s unused paginator holds, and the store’s endpoint discovery', () => {
    const code = bundle('get-readiness');

    // The bundle does hold them (the bundle keeps the paginator)…
    expect(code).toMatch(/class extends [\w$]+\([\w$]+,[\w$]+,"Scan"/);
    expect(code).toMatch(/"DescribeEndpoints"/);
    // …but nothing sends them.
    expect(sdkActionsOf(code).actions).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
  });

  it('are none in a public route', () => {
    expect(sdkActionsOf(bundle('get-health'))).toEqual({ actions: [], unknown: [] });
  });
});
