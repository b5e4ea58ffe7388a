/**
 * Webhook secrets sealed at rest (issue #12 item 4): the envelope format, its binding to
 * the party, and both key wrappings. KMS cannot be emulated here (neither DynamoDB Local
 * nor fauxqs has it, and LocalStack's KMS is not part of the default run), so the KMS
 * adapter is tested against a fake KMS that checks every request as KMS would: the key
 * id, the key spec and the encryption context, and refuses a blob under another context.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  DecryptCommand,
  type DecryptCommandOutput,
  GenerateDataKeyCommand,
  type GenerateDataKeyCommandOutput,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { createEnvelopeSecretBox } from '../../../functions/adapters/crypto/envelope-secret-box.js';
import {
  createLocalKeyWrapping,
  localKeyId,
} from '../../../functions/adapters/crypto/local-key-wrapping.js';
import {
  createKmsKeyWrapping,
  type KmsSender,
} from '../../../functions/adapters/kms/kms-key-wrapping.js';
import { isSealedSecret, type SealedSecret } from '../../../functions/core/ports/secret-box.js';

const SECRET = 'whsec-3f9a1c7e2b8d4f60a5e1c9b7d3f2a8e4';
const KEY_ARN = 'arn:aws:kms:eu-central-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

function b64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

/** Flips one bit of one base64 field. */
function altered(
  sealed: SealedSecret,
  field: 'ciphertext' | 'tag' | 'iv' | 'wrappedKey',
): SealedSecret {
  const bytes = b64(sealed[field]);
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return { ...sealed, [field]: bytes.toString('base64') };
}

describe('local key wrapping (the embedded stack)', () => {
  const kek = randomBytes(32);
  const box = createEnvelopeSecretBox(createLocalKeyWrapping(kek));

  it('seals into an envelope that holds neither the secret nor the data key in clear, and opens it', async () => {
    const sealed = await box.seal(SECRET, 'soc-alpha');

    expect(isSealedSecret(sealed)).toBe(true);
    expect(sealed.v).toBe(1);
    expect(sealed.kid).toBe(localKeyId(kek));
    expect(b64(sealed.iv)).toHaveLength(12);
    expect(b64(sealed.tag)).toHaveLength(16);
    expect(b64(sealed.wrappedKey)).toHaveLength(12 + 32 + 16);
    expect(JSON.stringify(sealed)).not.toContain(SECRET);
    expect(JSON.stringify(sealed)).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(await box.open(sealed, 'soc-alpha')).toBe(SECRET);
  });

  it('uses a new data key and nonce for every seal', async () => {
    const [a, b] = await Promise.all([
      box.seal(SECRET, 'soc-alpha'),
      box.seal(SECRET, 'soc-alpha'),
    ]);
    expect(a?.wrappedKey).not.toBe(b?.wrappedKey);
    expect(a?.iv).not.toBe(b?.iv);
    expect(a?.ciphertext).not.toBe(b?.ciphertext);
  });

  it("refuses to open a secret for another party (moved onto another party's record)", async () => {
    const sealed = await box.seal(SECRET, 'soc-alpha');
    await expect(box.open(sealed, 'soc-beta')).rejects.toThrow();
  });

  it('refuses an altered envelope, field by field', async () => {
    const sealed = await box.seal(SECRET, 'soc-alpha');
    for (const field of ['ciphertext', 'tag', 'iv', 'wrappedKey'] as const)
      await expect(box.open(altered(sealed, field), 'soc-alpha')).rejects.toThrow();
  });

  it('refuses an envelope sealed under another key file, naming the key id only', async () => {
    const other = createEnvelopeSecretBox(createLocalKeyWrapping(randomBytes(32)));
    const sealed = await other.seal(SECRET, 'soc-alpha');
    const failure = await box.open(sealed, 'soc-alpha').catch((error: unknown) => error);
    expect(String(failure)).toContain(sealed.kid);
    expect(String(failure)).not.toContain(SECRET);
  });
});

/**
 * A fake KMS with one symmetric key: GenerateDataKey and Decrypt as KMS answers them,
 * the encryption context bound to the ciphertext blob (as KMS binds it).
 */
function fakeKms(keyArn: string) {
  const master = randomBytes(32);
  const calls: Array<GenerateDataKeyCommand | DecryptCommand> = [];
  const contextOf = (context: Record<string, string> | undefined) =>
    Buffer.from(JSON.stringify(Object.entries(context ?? {}).sort()));
  const send = async (command: GenerateDataKeyCommand | DecryptCommand) => {
    calls.push(command);
    if (command instanceof GenerateDataKeyCommand) {
      const { KeyId, KeySpec, EncryptionContext } = command.input;
      if (KeyId !== keyArn) throw new Error('NotFoundException');
      if (KeySpec !== 'AES_256') throw new Error('ValidationException');
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', master, iv);
      cipher.setAAD(contextOf(EncryptionContext));
      const blob = Buffer.concat([
        iv,
        cipher.update(plaintext),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return {
        KeyId: keyArn,
        Plaintext: new Uint8Array(plaintext),
        CiphertextBlob: new Uint8Array(blob),
      } as GenerateDataKeyCommandOutput;
    }
    const { KeyId, CiphertextBlob, EncryptionContext } = command.input;
    if (KeyId !== keyArn) throw new Error('IncorrectKeyException');
    const blob = Buffer.from(CiphertextBlob ?? new Uint8Array());
    const decipher = createDecipheriv('aes-256-gcm', master, blob.subarray(0, 12));
    decipher.setAAD(contextOf(EncryptionContext));
    decipher.setAuthTag(blob.subarray(blob.byteLength - 16));
    try {
      const plaintext = Buffer.concat([
        decipher.update(blob.subarray(12, blob.byteLength - 16)),
        decipher.final(),
      ]);
      return { KeyId: keyArn, Plaintext: new Uint8Array(plaintext) } as DecryptCommandOutput;
    } catch {
      throw new Error('InvalidCiphertextException');
    }
  };
  return { kms: { send } as unknown as KmsSender, calls };
}

describe('KMS key wrapping (AWS), against a fake KMS', () => {
  it('asks KMS for an AES-256 data key under the webhook-secret key with the party as context, and stores only its wrapped form', async () => {
    const { kms, calls } = fakeKms(KEY_ARN);
    const box = createEnvelopeSecretBox(createKmsKeyWrapping(kms, KEY_ARN));

    const sealed = await box.seal(SECRET, 'soc-alpha');

    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeInstanceOf(GenerateDataKeyCommand);
    expect(calls[0]?.input).toEqual({
      KeyId: KEY_ARN,
      KeySpec: 'AES_256',
      EncryptionContext: { purpose: 'webhook-secret', party: 'soc-alpha' },
    });
    // The envelope: the key ARN, KMS's ciphertext blob verbatim, and the AES-GCM fields.
    expect(Object.keys(sealed).sort()).toEqual([
      'ciphertext',
      'iv',
      'kid',
      'tag',
      'v',
      'wrappedKey',
    ]);
    expect(sealed.kid).toBe(KEY_ARN);
    expect(b64(sealed.wrappedKey)).toHaveLength(12 + 32 + 16);
    expect(JSON.stringify(sealed)).not.toContain(SECRET);
  });

  it('opens with one Decrypt naming the key and the same context', async () => {
    const { kms, calls } = fakeKms(KEY_ARN);
    const box = createEnvelopeSecretBox(createKmsKeyWrapping(kms, KEY_ARN));
    const sealed = await box.seal(SECRET, 'soc-alpha');

    expect(await box.open(sealed, 'soc-alpha')).toBe(SECRET);

    const decrypt = calls[1];
    expect(decrypt).toBeInstanceOf(DecryptCommand);
    const { CiphertextBlob, ...rest } = (decrypt as DecryptCommand).input;
    expect(Buffer.from(CiphertextBlob ?? []).equals(b64(sealed.wrappedKey))).toBe(true);
    expect(rest).toEqual({
      KeyId: KEY_ARN,
      EncryptionContext: { purpose: 'webhook-secret', party: 'soc-alpha' },
    });
  });

  it('cannot open a secret for another party: KMS refuses the context', async () => {
    const { kms } = fakeKms(KEY_ARN);
    const box = createEnvelopeSecretBox(createKmsKeyWrapping(kms, KEY_ARN));
    const sealed = await box.seal(SECRET, 'soc-alpha');
    await expect(box.open(sealed, 'soc-beta')).rejects.toThrow('InvalidCiphertextException');
  });
});
