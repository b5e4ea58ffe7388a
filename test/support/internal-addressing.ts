/**
 * What no response may carry (issue #9 item 4, п.90-1(6)): an internal host name, a
 * private, loopback or link-local IP address, an AWS resource name or ARN, or a table or
 * queue name. The route harness collects every response its suites produce, and the
 * route tests grep them all with {@link internalAddressingIn}.
 *
 * The client's own source address (the harness sends 203.0.113.10, a documentation
 * address) and a party's registered connection points are the party's, not ours, so
 * public addresses are allowed; only the ranges a deployment's own hosts live in are not.
 */

interface Rule {
  what: string;
  pattern: RegExp;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)';

const RULES: readonly Rule[] = [
  {
    what: 'private, loopback, link-local or shared IPv4 address',
    pattern: new RegExp(
      `(?<![\\d.])(?:10\\.${OCTET}|127\\.${OCTET}|169\\.254|192\\.168|172\\.(?:1[6-9]|2\\d|3[01])|100\\.(?:6[4-9]|[7-9]\\d|1[01]\\d|12[0-7]))\\.${OCTET}\\.${OCTET}(?![\\d.])`,
      'g',
    ),
  },
  {
    what: 'loopback, unique-local or link-local IPv6 address',
    pattern: /(?<![\w:])(?:::1|f[cd][0-9a-f]{2}:[0-9a-f:]+|fe80:[0-9a-f:]+)(?![\w:])/gi,
  },
  { what: 'internal host name', pattern: /\blocalhost\b|\b[\w-]+\.(?:internal|local|lan)\b/gi },
  { what: 'emulator host', pattern: /\blocalstack\b|\bdynamodb-local\b|\bfauxqs\b/gi },
  { what: 'AWS endpoint', pattern: /\b[\w.-]+\.amazonaws\.com(?:\.cn)?\b/gi },
  { what: 'ARN', pattern: /\barn:aws[\w-]*:[\w-]+:/g },
  { what: 'SQS queue URL', pattern: /\/\d{12}\/[\w-]+/g },
  {
    what: 'table or queue name',
    pattern:
      /\bNccGateway-[\w-]+|\bncc-gateway-deliveries(?:-dlq)?\b|\btest-[0-9a-f]{16}(?:-[\w-]+)?/g,
  },
  {
    what: 'table key attribute',
    pattern: /\b(?:gsi\d(?:pk|sk)|outboxPk|outboxAt|TableName|QueueUrl)\b/g,
  },
];

/** Every internal name or address in `text`, as `what: match`. */
export function internalAddressingIn(text: string): string[] {
  return RULES.flatMap(({ what, pattern }) =>
    [...text.matchAll(pattern)].map((m) => `${what}: ${m[0]}`),
  );
}
