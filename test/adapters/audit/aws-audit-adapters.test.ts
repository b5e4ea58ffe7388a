/**
 * The daily audit job's AWS adapters (issue #9 items 5–6): the Annex 4 log store on S3
 * (fauxqs's S3, which the run already starts), and the KMS signer's two sides on the
 * SDK's own stack with a KMS stand-in that signs as an ECC_NIST_P256 key would (DER
 * ECDSA_SHA_256, SPKI public key). The whole job, as deployed, runs in test/cdk/grants.test.ts.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createKeyAuditSigner } from '../../../functions/adapters/crypto/key-audit-signer.js';
import {
  createKmsAuditSigner,
  createKmsAuditVerifier,
} from '../../../functions/adapters/kms/kms-audit-signer.js';
import { createS3Client } from '../../../functions/adapters/s3/client.js';
import { createS3AuditLogStore } from '../../../functions/adapters/s3/s3-audit-log-store.js';
import { signAuditDigest, verifyAuditDigests } from '../../../functions/core/audit/digest.js';
import { previousNationalDay } from '../../../functions/handlers/schedule/close-audit-day.js';
import { sqsEndpoint, TEST_REGION } from '../../support/emulators.js';

const KEY_ARN = 'arn:aws:kms:eu-central-1:111122223333:key/audit-signing';

/** A KMS client whose send answers Sign and GetPublicKey with one P-256 key, counting calls. */
function kmsStandIn() {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const calls: string[] = [];
  const kms = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      calls.push(command.constructor.name);
      if (command.constructor.name === 'SignCommand') {
        expect(command.input).toMatchObject({
          KeyId: KEY_ARN,
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        });
        return {
          Signature: new Uint8Array(
            sign('sha256', command.input.Message as Uint8Array, pair.privateKey),
          ),
        };
      }
      return { PublicKey: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })) };
    },
  };
  return { kms: kms as never, calls };
}

describe('KMS audit signer', () => {
  it('signs a digest that the verifier side checks with the public key, fetched once', async () => {
    const { kms, calls } = kmsStandIn();
    const signer = createKmsAuditSigner({ kms, keyId: KEY_ARN });
    const verifier = createKmsAuditVerifier({ kms, keyId: KEY_ARN });
    const heads = [
      { partyId: 'soc-alpha', seq: 3, hash: 'a'.repeat(64), at: '2026-12-06T10:00:00Z' },
    ];
    const first = await signAuditDigest(
      signer,
      { day: '2026-12-06', createdAt: '2026-12-07T00:10:00Z', heads },
      undefined,
    );
    const second = await signAuditDigest(
      signer,
      { day: '2026-12-07', createdAt: '2026-12-08T00:10:00Z', heads },
      first,
    );
    expect(first).toMatchObject({ keyId: KEY_ARN, algorithm: 'ECDSA_SHA_256' });

    const checked = await verifyAuditDigests(verifier, [first, second]);
    expect(checked.fault).toBeUndefined();
    expect(calls).toEqual(['SignCommand', 'SignCommand', 'GetPublicKeyCommand']);

    // A changed digest, or one signed by another key (the local key file), does not verify.
    const changed = await verifyAuditDigests(verifier, [
      { ...first, createdAt: '2026-12-07T00:11:00Z' },
    ]);
    expect(changed.fault?.kind).toBe('signature_invalid');
    const local = createKeyAuditSigner(
      generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    );
    const foreign = await signAuditDigest(
      local,
      { day: '2026-12-06', createdAt: 'x', heads },
      undefined,
    );
    expect((await verifyAuditDigests(verifier, [foreign])).fault?.kind).toBe('signature_invalid');
  });

  it('keeps each side to its grant: the job cannot verify, the verifier cannot sign', async () => {
    const { kms } = kmsStandIn();
    await expect(
      createKmsAuditSigner({ kms, keyId: KEY_ARN }).verify(
        new Uint8Array(),
        new Uint8Array(),
        KEY_ARN,
      ),
    ).rejects.toThrow(/sign only/);
    await expect(
      createKmsAuditVerifier({ kms, keyId: KEY_ARN }).sign(new Uint8Array()),
    ).rejects.toThrow(/verify only/);
  });
});

describe('S3 audit log store (fauxqs)', () => {
  it('writes a day file once under audit/<party>/<day>.<ext>, and refuses any other key', async () => {
    const client = createS3Client({ region: TEST_REGION, endpoint: sqsEndpoint() });
    const bucket = `auditlog-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const store = createS3AuditLogStore({ client, bucket });
    const body = 'date;time;source\n07:12:2026;05:10:00;ncc-gateway/api\n';
    await store.put('audit/soc-alpha/2026-12-06.log', body, 'text/plain; charset=utf-8');
    const object = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'audit/soc-alpha/2026-12-06.log' }),
    );
    const kept = await object.Body?.transformToString('utf-8');
    expect(
      createHash('sha256')
        .update(kept ?? '')
        .digest('hex'),
    ).toBe(createHash('sha256').update(body).digest('hex'));
    expect(object.ContentType).toMatch(/^text\/plain/);
    await expect(store.put('../soc-alpha/x.log', body, 'text/plain')).rejects.toThrow(/Refusing/);
  });
});

describe('the day the job closes', () => {
  it('is the national (Almaty) day before the run: 00:10 UTC on 7 Dec closes 6 Dec', () => {
    expect(previousNationalDay(new Date('2026-12-07T00:10:00Z'))).toBe('2026-12-06');
    // 19:30 UTC is already the next national day (00:30 on 8 Dec in Almaty).
    expect(previousNationalDay(new Date('2026-12-07T19:30:00Z'))).toBe('2026-12-07');
  });
});
