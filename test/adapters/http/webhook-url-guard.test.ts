import { describe, expect, it } from 'vitest';
import {
  checkWebhookUrl,
  type HostLookup,
  isNonPublicAddress,
  vetWebhookTarget,
  WebhookRefusedError,
} from '../../../functions/adapters/http/webhook-url-guard.js';

const resolvesTo =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const strict = (lookup: HostLookup = resolvesTo('93.184.216.34')) => ({
  allowInsecure: false,
  lookup,
});

describe('isNonPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
    '::127.0.0.1',
    '::a9fe:a9fe',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2a00:1450:4001::200e', '::ffff:8.8.8.8'])(
    'allows %s',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(false);
    },
  );
});

describe('checkWebhookUrl', () => {
  it('accepts https to a host that resolves to public addresses only', async () => {
    const url = await checkWebhookUrl('https://soc-alpha.example.kz/hooks/ncc', strict());
    expect(url.href).toBe('https://soc-alpha.example.kz/hooks/ncc');
  });

  it.each([
    ['http://soc-alpha.example.kz/hook', /https/],
    ['https://127.0.0.1/hook', /not a public address/],
    ['https://[::1]/hook', /not a public address/],
    ['https://0x7f000001/hook', /127\.0\.0\.1/],
    ['https://169.254.169.254/latest/meta-data', /not a public address/],
    ['https://user:pw@soc.example.kz/hook', /credentials/],
    ['ftp://soc.example.kz/hook', /https/],
    ['not a url', /valid URL/],
  ])('refuses %s', async (url, reason) => {
    await expect(checkWebhookUrl(url, strict())).rejects.toThrow(reason);
  });

  it('refuses a name that resolves to any private address (split-horizon or rebinding setups)', async () => {
    const check = checkWebhookUrl(
      'https://evil.example.kz/',
      strict(resolvesTo('93.184.216.34', '10.0.0.5')),
    );
    await expect(check).rejects.toBeInstanceOf(WebhookRefusedError);
    await expect(check).rejects.toThrow(/evil\.example\.kz resolves to a non-public address/);
  });

  it('never shows the admin the private address a name resolved to', async () => {
    const error = await checkWebhookUrl(
      'https://evil.example.kz/',
      strict(resolvesTo('169.254.169.254')),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WebhookRefusedError);
    expect(String(error)).not.toContain('169.254');
  });

  it.each([
    'https://[::127.0.0.1]/hook',
    'https://[::a9fe:a9fe]/latest/meta-data',
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook',
  ])('refuses the IPv4-compatible or Teredo literal %s', async (url) => {
    await expect(checkWebhookUrl(url, strict())).rejects.toThrow(/not a public address/);
  });

  it.each(['https://soc.example.kz:8443/hook', 'https://soc.example.kz:80/hook'])(
    'refuses any port but 443: %s',
    async (url) => {
      await expect(checkWebhookUrl(url, strict())).rejects.toThrow(/port 443/);
      await expect(checkWebhookUrl(url.replace(/:\d+/, ':443'), strict())).resolves.toBeDefined();
    },
  );

  it('resolves once and returns the vetted address to connect to', async () => {
    let lookups = 0;
    const lookup: HostLookup = async () => {
      lookups += 1;
      return [{ address: '93.184.216.34', family: 4 }];
    };

    const target = await vetWebhookTarget('https://soc.example.kz/hook', strict(lookup));

    expect(lookups).toBe(1);
    expect(target.address).toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('refuses a name that does not resolve', async () => {
    const failing: HostLookup = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(checkWebhookUrl('https://nowhere.example.kz/', strict(failing))).rejects.toThrow(
      /does not resolve/,
    );
  });

  it('allows http://127.0.0.1 only with allowInsecure (local runtime)', async () => {
    await expect(
      checkWebhookUrl('http://127.0.0.1:8080/hook', { allowInsecure: true }),
    ).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', strict())).rejects.toThrow(
      WebhookRefusedError,
    );
  });
});
