import { describe, expect, it } from 'vitest';
import {
  signWebhook,
  verifyWebhookSignature,
} from '../../../functions/core/delivery/webhook-signature.js';

const SECRET = 'whsec_test_secret_at_least_32_chars_long';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const BODY = '{"deliveryId":"dlv_1","event":"notice.issued"}';

describe('signWebhook', () => {
  it('matches an HMAC-SHA256 computed independently (openssl dgst -hmac)', () => {
    // Act
    const header = signWebhook(SECRET, T, BODY);

    // Assert: printf '1767225600.<body>' | openssl dgst -sha256 -hmac '<secret>'
    expect(header).toBe(
      't=1767225600,v1=7e66e1a52f610a0b5f38b4f4b32f71ca7856ee530ab9a7a01d1a220c14d7a0ca',
    );
  });

  it('signs the UTF-8 bytes of non-ASCII bodies (Kazakh text)', () => {
    expect(signWebhook('k', T, 'Қазақстан')).toBe(
      't=1767225600,v1=69350ca3a46dfb12198796389c7da7dc33ecbe07d2404d69b8cfd05ef01e26ee',
    );
    expect(signWebhook('k', T, Buffer.from('Қазақстан', 'utf8'))).toBe(
      signWebhook('k', T, 'Қазақстан'),
    );
  });
});

describe('verifyWebhookSignature', () => {
  const header = signWebhook(SECRET, T, BODY);

  it('accepts the signature of the same body within the tolerance', () => {
    expect(verifyWebhookSignature(SECRET, header, BODY, T)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, BODY, T + 300)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, Buffer.from(BODY), T - 299)).toBe(true);
  });

  it('rejects a tampered body', () => {
    expect(verifyWebhookSignature(SECRET, header, BODY.replace('notice', 'incident'), T)).toBe(
      false,
    );
  });

  it('rejects another secret', () => {
    expect(verifyWebhookSignature(`${SECRET}x`, header, BODY, T)).toBe(false);
  });

  it('rejects a timestamp outside the tolerance, in the past or the future', () => {
    expect(verifyWebhookSignature(SECRET, header, BODY, T + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY, T - 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY, T + 3600, 3600)).toBe(true);
  });

  it('rejects a replay whose timestamp was moved forward', () => {
    const v1 = header.split('v1=')[1];
    expect(verifyWebhookSignature(SECRET, `t=${T + 1000},v1=${v1}`, BODY, T + 1000)).toBe(false);
  });

  it('rejects malformed headers', () => {
    for (const bad of [
      '',
      'garbage',
      `t=${T}`,
      `v1=${'a'.repeat(64)}`,
      `t=abc,v1=${'a'.repeat(64)}`,
      `t=${T},v1=xyz`,
    ]) {
      expect(verifyWebhookSignature(SECRET, bad, BODY, T)).toBe(false);
    }
  });

  it('accepts when any of several v1 signatures matches (secret rotation) and ignores unknown schemes', () => {
    const good = header.split('v1=')[1];
    const rotated = `t=${T},v1=${'0'.repeat(64)},v1=${good},v2=whatever`;
    expect(verifyWebhookSignature(SECRET, rotated, BODY, T)).toBe(true);
  });
});
