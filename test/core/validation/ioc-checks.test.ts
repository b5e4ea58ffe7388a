import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/core/errors.js';
import {
  iocValueProblem,
  isCidr,
  isDomainName,
  isEmail,
  isUrl,
} from '../../../functions/core/validation/ioc-checks.js';
import { readMessage } from '../../../functions/core/validation/read-message.js';
import { exampleCard, exampleNotice, fixedClock, jsonBody, xmlBody } from '../fixtures.js';

const hex = (length: number, digit = 'a') => digit.repeat(length);
const label = (length: number) => 'a'.repeat(length);

/** Type → values that must be accepted and values that must be refused. */
const TABLE: Record<string, { valid: string[]; invalid: string[] }> = {
  ipv4: {
    valid: ['203.0.113.7', '0.0.0.0', '255.255.255.255', '10.0.0.1'],
    invalid: [
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      ' 1.2.3.4',
      '1.2.3.4/24',
      '2001:db8::1',
      'example.kz',
    ],
  },
  ipv6: {
    valid: [
      '2001:db8::1',
      '::1',
      '::',
      '::ffff:203.0.113.7',
      'FE80::ABCD',
      '2001:0db8:0000:0000:0000:0000:0000:0001',
    ],
    invalid: [
      '2001:db8:::1',
      '12345::1',
      'gggg::1',
      '203.0.113.7',
      '2001:db8::1/64',
      '1:2:3:4:5:6:7:8:9',
    ],
  },
  cidr: {
    valid: [
      '203.0.113.0/24',
      '0.0.0.0/0',
      '10.0.0.1/32',
      '2001:db8::/32',
      '::/0',
      '2001:db8::1/128',
    ],
    invalid: [
      '10.0.0.0/33',
      '2001:db8::/129',
      '10.0.0.0',
      '10.0.0.0/',
      '10.0.0.0/-1',
      '10.0.0.0/2a',
      '10.0.0.0/0024',
      '/24',
      'example.kz/24',
      '300.0.0.0/8',
    ],
  },
  domain: {
    valid: [
      'example.kz',
      'sub.example.kz',
      'EXAMPLE.KZ',
      'a-b.example.kz',
      'мысал.қаз',
      'пример.рф',
      'xn--80ak6aa92e.com',
      `${label(63)}.kz`,
    ],
    invalid: [
      '',
      'localhost',
      'example.kz.',
      '-bad.kz',
      'bad-.kz',
      'a..kz',
      '1.2.3.4',
      'example.123',
      'exa mple.kz',
      'ex_ample.kz',
      '*.example.kz',
      `${label(64)}.kz`,
      `${Array.from({ length: 5 }, () => label(60)).join('.')}.kz`,
      'https://example.kz',
    ],
  },
  url: {
    valid: [
      'https://example.kz/path?q=1#frag',
      'http://203.0.113.7:8080/x',
      'http://[2001:db8::1]:8080/x',
      'ftp://files.example.kz/a.zip',
      'https://мысал.қаз/төлем',
      'wss://example.kz/socket',
    ],
    invalid: [
      'example.kz/path',
      '/relative/path',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'mailto:user@example.kz',
      'data:text/html,<b>x</b>',
      'https://',
      'http:// spaced.kz',
    ],
  },
  email: {
    valid: [
      'user@example.kz',
      'first.last+tag@sub.example.kz',
      "o'brien@example.kz",
      'пайдаланушы@мысал.қаз',
    ],
    invalid: [
      'user@',
      '@example.kz',
      'user@localhost',
      '.user@example.kz',
      'user.@example.kz',
      'us er@example.kz',
      'a"b@example.kz',
      'a(b)@example.kz',
      `${'x'.repeat(65)}@example.kz`,
      'user@example..kz',
      'user',
    ],
  },
  md5: {
    valid: [hex(32), hex(32, 'F'), '9e107d9d372bb6826bd81d3542a419d6'],
    invalid: [hex(31), hex(33), `${hex(31)}g`, hex(40), hex(64), '', ` ${hex(31)}`],
  },
  sha1: {
    valid: [hex(40), '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', hex(40, 'D')],
    invalid: [hex(39), hex(41), `${hex(39)}z`, hex(32), hex(64)],
  },
  sha256: {
    valid: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', hex(64, 'E')],
    invalid: [hex(63), hex(65), `${hex(63)}x`, hex(40), `0x${hex(62)}`],
  },
  filename: {
    valid: [
      'invoice.pdf.exe',
      'C:\\Windows\\Temp\\x.dll',
      '/tmp/шифр.sh',
      'name with spaces.txt',
      'a'.repeat(1024),
    ],
    invalid: ['', '   ', 'a\nb', 'a\rb', 'a\0b', 'a'.repeat(1025)],
  },
  other: {
    valid: ['anything at all', 'AS12345', 'Мұнда кез келген мәтін'],
    invalid: [],
  },
};

const validRows = Object.entries(TABLE).flatMap(([type, { valid }]) =>
  valid.map((value) => ({ type, value })),
);
const invalidRows = Object.entries(TABLE).flatMap(([type, { invalid }]) =>
  invalid.map((value) => ({ type, value })),
);

describe('iocValueProblem', () => {
  it.each(validRows)('accepts $type $value', ({ type, value }) => {
    // Arrange / Act
    const problem = iocValueProblem(type, value);

    // Assert
    expect(problem).toBeUndefined();
  });

  it.each(invalidRows)('refuses $type $value', ({ type, value }) => {
    // Arrange / Act
    const problem = iocValueProblem(type, value);

    // Assert
    expect(problem).toEqual(expect.stringMatching(/^Must /));
  });

  it('names the expected hash length in its message', () => {
    // Arrange / Act
    const problem = iocValueProblem('sha1', hex(39));

    // Assert
    expect(problem).toContain('40 hexadecimal digits');
  });

  it('leaves an unknown type to the schema', () => {
    // Arrange / Act
    const problem = iocValueProblem('bogus', 'x');

    // Assert
    expect(problem).toBeUndefined();
  });
});

describe('the IOC predicates', () => {
  it.each([
    [0, true],
    [32, true],
    [33, false],
  ])('isCidr: an IPv4 prefix of /%i is %s', (bits, expected) => {
    // Arrange / Act / Assert
    expect(isCidr(`192.0.2.0/${bits}`)).toBe(expected);
  });

  it.each([
    [0, true],
    [64, true],
    [128, true],
    [129, false],
    [999, false],
  ])('isCidr: an IPv6 prefix of /%i is %s', (bits, expected) => {
    // Arrange / Act / Assert
    expect(isCidr(`2001:db8::/${bits}`)).toBe(expected);
  });

  it('isDomainName: the IDN мысал.қаз is accepted; 253 characters is the limit', () => {
    // Arrange
    const longest = `${[label(62), label(62), label(62), label(61)].join('.')}.kz`;

    // Act / Assert
    expect(isDomainName('мысал.қаз')).toBe(true);
    expect(longest).toHaveLength(253);
    expect(isDomainName(longest)).toBe(true);
    expect(isDomainName(`a${longest}`)).toBe(false);
  });

  it('isUrl and isEmail agree with the table', () => {
    // Arrange / Act / Assert
    expect(isUrl('https://example.kz')).toBe(true);
    expect(isUrl('javascript:alert(1)')).toBe(false);
    expect(isEmail('user@example.kz')).toBe(true);
    expect(isEmail('user@localhost')).toBe(false);
  });
});

describe('IOC values in messages', () => {
  it('reports each bad IOC of a card at its value, and keeps the good ones quiet', () => {
    // Arrange
    const card = exampleCard();
    card.details.iocs = [
      { type: 'ipv4', value: '203.0.113.7' },
      { type: 'ipv4', value: '203.0.113.700' },
      { type: 'domain', value: 'мысал.қаз' },
      { type: 'md5', value: hex(31) },
      { type: 'cidr', value: '10.0.0.0/33' },
    ];

    // Act
    const read = () => readMessage('incidentCard', jsonBody(card), fixedClock);

    // Assert
    expect(read).toThrow(ValidationError);
    expect(read).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ pointer: '/details/iocs/1/value', code: 'invalid_ioc_value' }),
          expect.objectContaining({ pointer: '/details/iocs/3/value', code: 'invalid_ioc_value' }),
          expect.objectContaining({ pointer: '/details/iocs/4/value', code: 'invalid_ioc_value' }),
        ],
      }),
    );
  });

  it('checks IOCs of a card sent as XML the same way', () => {
    // Arrange
    const card = exampleCard();
    card.details.iocs = [{ type: 'email', value: 'user@' }];

    // Act
    const read = () => readMessage('incidentCard', xmlBody('incidentCard', card), fixedClock);

    // Assert
    expect(read).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ pointer: '/details/iocs/0/value', code: 'invalid_ioc_value' }),
        ],
      }),
    );
  });

  it('checks IOCs of an NCC notice', () => {
    // Arrange
    const notice = { ...exampleNotice(), iocs: [{ type: 'url', value: 'javascript:alert(1)' }] };

    // Act
    const read = () => readMessage('nccNotice', jsonBody(notice), fixedClock);

    // Assert
    expect(read).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ pointer: '/iocs/0/value', code: 'invalid_ioc_value' })],
      }),
    );
  });

  it('accepts a card whose IOCs are given with type labels', () => {
    // Arrange
    const card: Record<string, unknown> = { ...exampleCard() };
    card.details = {
      ...exampleCard().details,
      iocs: [{ type: 'Доменное имя', value: 'мысал.қаз' }],
    };

    // Act
    const { message } = readMessage('incidentCard', jsonBody(card), fixedClock);

    // Assert
    expect(message.details.iocs).toEqual([{ type: 'domain', value: 'мысал.қаз' }]);
  });
});
