/**
 * Arbitrary requests for every route of ROUTES (issue #12 item 2): hostile and
 * near-valid bodies, content types, path ids of any shape, headers and query strings.
 * Near-valid bodies start from the sample messages in events/ and the message builders,
 * then have one value replaced, one key dropped or a prototype key added, so the fuzz
 * reaches the use cases and not only the body reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { JWTPayload } from 'jose';
import type { RouteDefinition } from '../../functions/handlers/http/routes.js';
import type { ApiRequest } from './api-events.js';
import { annex7Fields, asXml, billingObject, completeCard, notification } from './messages.js';

/** The identities a fuzz case may act as: registered parties, strangers, garbage claims. */
export interface FuzzWorld {
  /** Registered parties (id = client id) the fuzz may act as. */
  parties: readonly string[];
  /** Each party's role, so most cases act as a party the route serves. */
  roles: Readonly<Record<string, string>>;
  /** Existing ids by path prefix, so some cases reach real objects. */
  ids: { inc: readonly string[]; ntc: readonly string[]; dlv: readonly string[] };
}

export type FuzzRequest = ApiRequest & { as?: string };

/** XML root element (and events/ folder) of each route's body. */
const BODY_FORM: Record<string, string> = {
  'post-incident': 'incidentNotification',
  'put-incident-card': 'incidentCard',
  'close-incident': 'incidentClosure',
  'post-notice': 'nccNotice',
  'post-notice-response': 'noticeResponse',
  'put-party': 'party',
  'post-vulnerability': 'vulnerability',
  'put-vulnerability': 'vulnerability',
};

const EVENTS_DIR = join(import.meta.dirname, '../../events');

/** Every sample message of events/ (hostile XML included), by form. */
function sampleTexts(form: string): string[] {
  const dir = join(EVENTS_DIR, form);
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.expected.json') && (f.endsWith('.json') || f.endsWith('.xml')))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** Valid (or nearly valid) bodies as objects, per form. */
function sampleObjects(form: string): unknown[] {
  const fromEvents = sampleTexts(form)
    .filter((text) => text.trimStart().startsWith('{'))
    .map((text) => JSON.parse(text) as unknown);
  const built: Record<string, unknown[]> = {
    incidentNotification: [notification({ socReference: 'FUZZ-1' }), completeCard()],
    incidentCard: [completeCard({ socReference: 'FUZZ-2' })],
    incidentClosure: [{ eliminatedAt: '2026-11-20T09:00:00+05:00', actionsTaken: 'Жабылды.' }],
    nccNotice: [
      {
        kind: 'threat',
        registeredAt: '2026-11-20T04:00:00Z',
        ...annex7Fields(),
        description: 'Фишинг',
        tlp: 'amber',
        recipients: { parties: ['soc-a'] },
      },
    ],
    noticeResponse: [
      { kind: 'threat_analysis', results: 'Қатер талданды.' },
      { kind: 'incident_card', card: completeCard() },
    ],
    party: [
      {
        role: 'soc',
        name: 'Fuzz SOC',
        objects: [billingObject()],
        webhook: { url: 'https://hooks.example.kz/in', secret: 'x'.repeat(40) },
        policy: { ratePerMinute: 100, allowedKinds: ['incident'] },
      },
    ],
  };
  return [...fromEvents, ...(built[form] ?? [])];
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''];

/** Values that have broken parsers and validators elsewhere. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\uD800',
    '&#0;',
    '<x/>',
    '%00',
    -0,
    1e308,
    -1,
    0.5,
    Number.MAX_SAFE_INTEGER + 2,
    '2026-02-30T25:61:00Z',
    '9999-12-31T23:59:59.999+14:00',
    '0000-01-01T00:00:00Z',
    'P99999999Y',
    'x'.repeat(70_000),
    [],
    {},
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

type Mutable = Record<string, unknown> | unknown[];

/** Every path to a value inside `value` (objects and arrays), the root included. */
function pathsOf(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [at];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...at, i]));
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

function mutate(
  base: unknown,
  pathIndex: number,
  how: 'replace' | 'drop' | 'hostile-key',
  replacement: unknown,
  key: string,
): unknown {
  const copy = structuredClone(base);
  const paths = pathsOf(copy);
  const path = paths[pathIndex % paths.length] ?? [];
  if (path.length === 0) return how === 'replace' ? replacement : copy;
  let parent = copy as Mutable;
  for (const step of path.slice(0, -1))
    parent = (parent as Record<string, unknown>)[step] as Mutable;
  const last = path[path.length - 1] as string | number;
  if (how === 'replace') (parent as Record<string | number, unknown>)[last] = replacement;
  else if (how === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last as string];
  } else {
    const target = (parent as Record<string | number, unknown>)[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target))
      Object.defineProperty(target, key, {
        value: replacement,
        enumerable: true,
        configurable: true,
        writable: true,
      });
  }
  return copy;
}

/** Near-valid bodies of one form, as JSON or XML text. */
function formBodies(form: string): fc.Arbitrary<{ text: string; xml: boolean }> {
  const objects = sampleObjects(form);
  const texts = sampleTexts(form);
  const mutated = fc
    .tuple(
      fc.constantFrom(...objects),
      fc.nat(),
      fc.constantFrom('replace' as const, 'drop' as const, 'hostile-key' as const),
      nastyValue,
      fc.constantFrom(...HOSTILE_KEYS),
      fc.boolean(),
    )
    .map(([base, index, how, replacement, key, xml]) => {
      const value = mutate(base, index, how, replacement, key);
      if (!xml) return { text: JSON.stringify(value) ?? 'null', xml: false };
      try {
        return { text: asXml(form, value), xml: true };
      } catch {
        return { text: JSON.stringify(value) ?? 'null', xml: false };
      }
    });
  return fc.oneof(
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...texts)
        .map((text) => ({ text, xml: text.startsWith('<') || text.startsWith('\uFEFF<') })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...objects).map((o) => ({ text: JSON.stringify(o), xml: false })),
    },
    { weight: 4, arbitrary: mutated },
  );
}

const HUGE = 'x'.repeat(300 * 1024);
const JUST_UNDER = 'я'.repeat(120 * 1024);

/** Bodies that are not messages: garbage, deep nesting, huge, bombs, prototype keys. */
const hostileBody: fc.Arbitrary<{ text: string | Buffer; xml: boolean }> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ text, xml: false })),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ text: Buffer.from(bytes), xml: false })),
  fc.json({ maxDepth: 4 }).map((text) => ({ text, xml: false })),
  fc
    .tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('[', '{"a":', '<a>'))
    .map(([depth, open]) => ({ text: open.repeat(depth), xml: open === '<a>' })),
  // Balanced nesting as deep as fits under the 256 KiB limit (~130 000 levels of `[]`).
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 20, max: 5_000 }), fc.integer({ min: 5_000, max: 131_000 })),
      fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"description":[', ']}']),
    )
    .map(([depth, [open, close]]) => {
      const levels = Math.min(depth, Math.floor(260_000 / (open.length + close.length)));
      return { text: `${open.repeat(levels)}1${close.repeat(levels)}`, xml: false };
    }),
  fc
    .oneof(fc.integer({ min: 20, max: 5_000 }), fc.integer({ min: 5_000, max: 37_000 }))
    .map((depth) => ({
      text: `<?xml version="1.0"?><incidentCard xmlns="urn:kz:ncc-gateway:v1">${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</incidentCard>`,
      xml: true,
    })),
  fc.constantFrom(
    { text: `{"description":"${HUGE}"}`, xml: false },
    { text: `{"description":"${JUST_UNDER}"}`, xml: false },
    { text: `{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}`, xml: false },
    { text: '{"a":1,"a":2}', xml: false },
    { text: '\uFEFF{}', xml: false },
    { text: 'null', xml: false },
    { text: '[]', xml: false },
    { text: '"str"', xml: false },
    { text: '1e999999', xml: false },
    {
      text: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;">]><a>&y;</a>',
      xml: true,
    },
    {
      text: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
      xml: true,
    },
    { text: '<a xmlns="urn:kz:ncc-gateway:v1"><__proto__><x>1</x></__proto__></a>', xml: true },
    { text: `<a>${'<b/>'.repeat(20_000)}</a>`, xml: true },
    { text: '<?xml version="1.0" encoding="UTF-16"?><a/>', xml: true },
    { text: '<a', xml: true },
  ),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/xml',
  'text/xml; charset=UTF-8',
  'application/problem+json',
  'application/vnd.api+json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  '',
  ';;;',
  'application/json; charset="',
];

const ACCEPTS = [
  'application/json',
  'application/xml',
  '*/*',
  'application/problem+json',
  'application/problem+xml',
  'text/xml',
  'application/json;q=0, application/xml',
  'application/xml;q=0.1, application/json;q=0.9',
  'text/html',
  'image/png',
  'application/*;q=abc',
  ',,,;q=',
  'application/pdf',
  'text/html;q=1, */*;q=0',
];

const LANGUAGES = ['kk', 'ru', 'en', 'ru-RU,ru;q=0.9,en;q=0.8', 'de', '*', ';q=x', 'kk-KZ'];

/** A path parameter value: existing ids, well-shaped unknown ids, and anything at all. */
function idArbitrary(route: RouteDefinition, world: FuzzWorld): fc.Arbitrary<string> {
  if (route.path.includes('{name}'))
    return fc.oneof(
      fc.constantFrom(
        'incident-notification.schema.json',
        'incident-card.xsd',
        'party.schema.json',
        'common.xsd',
        '..%2F..%2Fpackage.json',
        '../package.json',
        '__proto__',
        'constructor',
        'x'.repeat(3_000),
      ),
      fc.string({ minLength: 1, maxLength: 80 }),
    );
  const prefix = route.path.startsWith('/v1/parties')
    ? 'party'
    : route.path.startsWith('/v1/notices')
      ? 'ntc'
      : route.path.startsWith('/v1/deliveries')
        ? 'dlv'
        : 'inc';
  if (prefix === 'party')
    // Never the world's own parties: a fuzz PUT must not re-role the callers.
    return fc.oneof(
      fc.stringMatching(/^fuzz-[a-z0-9-]{1,20}$/),
      fc.constantFrom('fuzz-__proto__', 'fuzz-constructor', `fuzz-${'p'.repeat(3_000)}`),
    );
  const existing = world.ids[prefix as 'inc' | 'ntc' | 'dlv'];
  const ulid = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  return fc.oneof(
    ...(existing.length > 0 ? [{ weight: 5, arbitrary: fc.constantFrom(...existing) }] : []),
    ...[...world.ids.inc, ...world.ids.ntc, ...world.ids.dlv]
      .slice(0, 3)
      .map((id) => fc.constant(id)),
    ulid.map((u) => `${prefix}_${u}`),
    ulid.map((u) => `${prefix}_${u.toLowerCase()}`),
    fc.constantFrom('inc', 'ntc', 'dlv', 'xyz').chain((p) => ulid.map((u) => `${p}_${u}`)),
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
    fc.constantFrom('x'.repeat(3_000), `${prefix}_${'0'.repeat(3_000)}`, '..', '.', '%', '\u0000'),
  );
}

const QUERY_NAMES = [
  'limit',
  'cursor',
  'state',
  'severity',
  'overdue',
  'from',
  'to',
  'soc',
  'party',
  'dueWithin',
  'lang',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
];

const queryValue = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '1',
    '-1',
    '100',
    '1000000',
    '1e3',
    'NaN',
    'true',
    'false',
    'open',
    'closed',
    'missed',
    '4',
    'PT1H',
    'P1Y2M3DT4H5M6S',
    'P',
    'PT99999999999H',
    '2026-11-20T00:00:00Z',
    '2026-11-20',
    '2026-13-40T99:99:99Z',
    'soc-a',
    'soc-b',
    'ru',
    'kk',
    'x'.repeat(3_000),
    'eyJwayI6IlBBUlRZI3NvYy1hIn0',
    'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

function queryArbitrary(route: RouteDefinition): fc.Arbitrary<string> {
  const declared = route.doc?.query?.map((q) => q.name) ?? [];
  const names = fc.oneof(
    fc.constantFrom(...new Set([...declared, ...QUERY_NAMES])),
    fc.string({ maxLength: 10 }),
  );
  const pair = fc
    .tuple(names, queryValue, fc.boolean())
    .map(([name, value, raw]) =>
      raw
        ? `${name.replace(/[&#]/g, '')}=${value.replace(/[&#]/g, '')}`
        : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
    );
  return fc.oneof(
    fc.constant(''),
    fc.array(pair, { minLength: 1, maxLength: 5 }).map((pairs) => `?${pairs.join('&')}`),
    fc.constantFrom('?', '?&&', '?=', '?%zz=%zz', '?limit=1&limit=2', '?a=%E0%A4%A'),
  );
}

/** Claims as API Gateway's authorizer would pass them, valid or not. */
function claimsArbitrary(world: FuzzWorld, atSeconds: number): fc.Arbitrary<JWTPayload> {
  const iat = atSeconds - 60;
  const who = fc.oneof(fc.constantFrom(...world.parties, 'nobody'), fc.string({ maxLength: 20 }));
  const scope = fc.oneof(
    fc.constantFrom('soc', 'ncc', 'owner', 'authority', 'admin').map((r) => `ncc-gateway/${r}`),
    fc.constantFrom('', 'ncc-gateway/', 'ncc-gateway/soc ncc-gateway/admin', 'openid'),
    fc.string({ maxLength: 30 }),
  );
  const time = fc.oneof(
    fc.constantFrom(iat, iat + 3_000, iat + 90_000, atSeconds + 600, 0, -1, 1e12),
    fc.integer(),
  );
  return fc.record(
    {
      client_id: who,
      sub: who,
      scope,
      iat: time,
      exp: time,
      nbf: time,
      kid: fc.string({ maxLength: 10 }),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<JWTPayload>;
}

/** One request to `route`: who, path, query, headers and body. */
export function requestArbitrary(
  route: RouteDefinition,
  world: FuzzWorld,
  atSeconds: number,
): fc.Arbitrary<FuzzRequest> {
  const form = BODY_FORM[route.name];
  const body = fc.oneof(
    ...(form === undefined
      ? []
      : [
          {
            weight: 6,
            arbitrary: formBodies(form) as fc.Arbitrary<{ text: string | Buffer; xml: boolean }>,
          },
        ]),
    { weight: 2, arbitrary: hostileBody },
    {
      weight: route.method === 'GET' || form === undefined ? 4 : 1,
      arbitrary: fc.constant(undefined),
    },
  );
  const roles: readonly string[] = route.doc?.roles ?? [];
  const fitting = world.parties.filter((p) => roles.includes(world.roles[p] ?? 'none'));
  const identity = fc.oneof(
    ...(fitting.length > 0
      ? [{ weight: 8, arbitrary: fc.constantFrom(...fitting).map((as) => ({ as })) }]
      : []),
    { weight: 3, arbitrary: fc.constantFrom(...world.parties).map((as) => ({ as })) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 2, arbitrary: claimsArbitrary(world, atSeconds).map((claims) => ({ claims })) },
  );
  /** Mostly absent or well-formed, sometimes anything. */
  const maybe = (wellFormed: readonly string[], odd: readonly string[]) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) },
      { weight: 4, arbitrary: fc.constantFrom(...wellFormed) },
      { weight: 1, arbitrary: fc.constantFrom(...odd) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    );
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  return fc
    .record({
      ids: fc.tuple(...params.map(() => idArbitrary(route, world))),
      query: queryArbitrary(route),
      body,
      identity,
      contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
      matchContentType: fc.boolean().chain((b) => (b ? fc.constant(true) : fc.boolean())),
      accept: maybe(ACCEPTS.slice(0, 8), ACCEPTS.slice(8)),
      language: maybe(LANGUAGES.slice(0, 4), LANGUAGES.slice(4)),
      idempotencyKey: fc.option(
        fc.oneof(fc.string({ maxLength: 40 }), fc.constant('k'.repeat(5_000)), fc.constant('   ')),
        { nil: undefined },
      ),
      authorization: fc.option(fc.constantFrom('Bearer garbage', 'Basic YTpi', 'Bearer '), {
        nil: undefined,
      }),
    })
    .map((c) => {
      let index = 0;
      const path = route.path.replace(/\{(\w+)\}/g, () =>
        encodeURIComponent(c.ids[index++] ?? 'x'),
      );
      const headers: Record<string, string> = {};
      const contentType =
        c.matchContentType && c.body !== undefined
          ? c.body.xml
            ? 'application/xml'
            : 'application/json'
          : c.contentType;
      if (contentType !== undefined) headers['content-type'] = contentType;
      if (c.accept !== undefined) headers.accept = c.accept;
      if (c.language !== undefined) headers['accept-language'] = c.language;
      if (c.idempotencyKey !== undefined) headers['idempotency-key'] = c.idempotencyKey;
      if (c.authorization !== undefined) headers.authorization = c.authorization;
      return {
        method: route.method,
        url: `${path}${c.query}`,
        headers,
        ...(c.body === undefined ? {} : { body: c.body.text }),
        ...c.identity,
      };
    });
}
