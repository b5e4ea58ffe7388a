/**
 * Property-based fuzz over every route of ROUTES (issue #12 item 2), in-process on the
 * in-memory store: random bodies (near-valid messages with one value replaced or a
 * prototype key added, the events/ samples, garbage bytes, deep nesting, huge strings,
 * XML bombs), content types, path ids of any shape and length, identities (none, any
 * registered party, garbage claims), Accept, Accept-Language, Idempotency-Key and query
 * strings. Every answer is below 500, and every 4xx is an RFC 9457 problem document in
 * the caller's format with a stable code.
 *
 * A fixed seed and FUZZ_RUNS cases (10 000 by default in `npm test`); `npm run fuzz`
 * runs more. FUZZ_SEED replays another seed.
 */
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createCursorSeal } from '../../../functions/core/paging/cursor-seal.js';
import type { PartyRecord } from '../../../functions/core/ports/records.js';
import type { HttpResult } from '../../../functions/handlers/http/http-types.js';
import { ROUTES } from '../../../functions/handlers/http/routes.js';
import { type FuzzRequest, type FuzzWorld, requestArbitrary } from '../../support/fuzz-requests.js';
import { annex7Fields, billingObject, notification } from '../../support/messages.js';
import { headerOf, jsonOf, type RouteHarness, routeHarness } from '../../support/route-harness.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
/** The instant every case runs at (the sample messages are built around it). */
const NOW = '2026-11-20T04:12:31.204Z';
const JSON_TYPE = { 'content-type': 'application/json' };
/** Enough budget that the fuzz never spends it: 429 is tested by the route tests. */
const POLICY = { ratePerMinute: 100_000 };

/** A fresh world every this many cases, so the store stays small and each case cheap. */
const CASES_PER_WORLD = 2_000;

/** Two stores built alike: one whose cursors pass as the store wrote them, one sealing them. */
let worlds: RouteHarness[];
let world: FuzzWorld;

async function created(h: RouteHarness, call: FuzzRequest): Promise<string> {
  const result = await h.call(call);
  if ((result.statusCode ?? 0) >= 300) throw new Error(`${call.url}: ${result.body}`);
  return String(jsonOf(result).id);
}

/** Parties of every role, an incident, a notice and deliveries (ids are deterministic). */
async function buildWorld(h: RouteHarness): Promise<FuzzWorld> {
  await h.register('admin', 'admin', { policy: POLICY });
  await h.register('ncc-duty', 'ncc', { policy: POLICY });
  await h.register('owner-energo', 'owner', { policy: POLICY });
  await h.register('authority', 'authority', { policy: POLICY });
  await h.register('soc-a', 'soc', {
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
    policy: POLICY,
  });
  await h.register('soc-b', 'soc', { policy: POLICY });
  const incident = await created(h, {
    method: 'POST',
    url: '/v1/incidents',
    as: 'soc-a',
    headers: JSON_TYPE,
    body: JSON.stringify(notification({ socReference: 'FUZZ-WORLD-1' })),
  });
  const notice = await created(h, {
    method: 'POST',
    url: '/v1/notices',
    as: 'ncc-duty',
    headers: JSON_TYPE,
    body: JSON.stringify({
      kind: 'threat',
      registeredAt: '2026-11-20T04:00:00Z',
      ...annex7Fields(),
      description: 'Фишинг',
      tlp: 'amber',
      recipients: { parties: ['soc-a', 'soc-b'] },
    }),
  });
  const deliveries = [
    ...(await h.adapters.deliveries.listDeliveries('ncc-duty', { limit: 5 })).items,
    ...(await h.adapters.deliveries.listDeliveries('owner-energo', { limit: 5 })).items,
  ];
  return {
    parties: ['admin', 'ncc-duty', 'owner-energo', 'authority', 'soc-a', 'soc-b'],
    roles: {
      admin: 'admin',
      'ncc-duty': 'ncc',
      'owner-energo': 'owner',
      authority: 'authority',
      'soc-a': 'soc',
      'soc-b': 'soc',
    },
    ids: { inc: [incident], ntc: [notice], dlv: deliveries.map((d) => d.id) },
  };
}

async function freshWorlds(): Promise<void> {
  worlds = [
    routeHarness(NOW),
    routeHarness(NOW, { cursorSeal: createCursorSeal(new Uint8Array(32).fill(7)) }),
  ];
  const built = await Promise.all(worlds.map(buildWorld));
  world = built[0] as FuzzWorld;
  // Both are built by the same steps, so their ids agree.
  expect(built[1]).toEqual(world);
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
  await freshWorlds();
});

afterAll(() => {
  vi.useRealTimers();
});

const xml = new XMLParser({ ignoreAttributes: false, removeNSPrefix: false, parseTagValue: false });
const CODE = /^[a-z][a-z0-9_]*$/;

/** The format the caller asked for, when it asked unambiguously (else undefined: either is fine). */
function expectedFormat(request: FuzzRequest): 'json' | 'xml' | undefined {
  const accept = request.headers?.accept;
  const type = (request.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const requestFormat = type === 'application/xml' || type === 'text/xml' ? 'xml' : 'json';
  if (accept === undefined || accept === '*/*') return requestFormat;
  if (accept === 'application/json' || accept === 'application/problem+json') return 'json';
  if (accept === 'application/xml' || accept === 'application/problem+xml') return 'xml';
  return undefined;
}

/** Routes that answer one fixed media type: Accept does not choose a problem's format. */
const FIXED_MEDIA_TYPE = new Set([
  'export-audit',
  'get-openapi',
  'get-docs',
  'get-docs-renderer',
  'get-duty',
  'get-incident-card-pdf',
]);

function bodyText(result: HttpResult): string {
  return result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64').toString('utf8')
    : (result.body ?? '');
}

/** No 5xx; every 4xx a problem document in the caller's format. Returns the status. */
function checkAnswer(routeName: string, request: FuzzRequest, result: HttpResult): number {
  const status = result.statusCode ?? 200;
  const where = `${routeName} ${request.method} ${request.url.slice(0, 200)} → ${status} ${bodyText(result).slice(0, 300)}`;
  expect(status, where).toBeLessThan(500);
  if (status < 400) return status;
  const contentType = headerOf(result, 'content-type') ?? '';
  const text = bodyText(result);
  let format: 'json' | 'xml';
  let problem: Record<string, unknown>;
  if (contentType.startsWith('application/problem+json')) {
    format = 'json';
    problem = JSON.parse(text) as Record<string, unknown>;
  } else if (contentType.startsWith('application/problem+xml')) {
    format = 'xml';
    const doc = xml.parse(text) as { problem?: Record<string, unknown> };
    expect(doc.problem, where).toBeDefined();
    problem = doc.problem ?? {};
    expect(problem['@_xmlns'], where).toBe('urn:ietf:rfc:7807');
  } else {
    throw new Error(`Not a problem document: ${where} (${contentType})`);
  }
  const wanted = FIXED_MEDIA_TYPE.has(routeName) ? undefined : expectedFormat(request);
  if (wanted !== undefined) expect(format, where).toBe(wanted);
  expect(String(problem.status), where).toBe(String(status));
  expect(problem.type, where).toEqual(expect.any(String));
  expect(problem.title, where).toEqual(expect.any(String));
  expect(problem.detail, where).toEqual(expect.any(String));
  expect(String(problem.code), where).toMatch(CODE);
  expect(headerOf(result, 'content-language'), where).toMatch(/^(kk|ru|en)$/);
  // Nothing internal: no stack trace, no table key, no parser message.
  expect(text, where).not.toMatch(/\bat [\w.<>]+ \(|PARTY#|CLIENT#|INCIDENT#|Unexpected token/);
  return status;
}

/** A failure report that fits a terminal: the case's bodies and ids can be 256 KiB long. */
function shortReport<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const clip = (text: string) =>
    text.length > 600 ? `${text.slice(0, 600)}… (${text.length} chars)` : text;
  const example = clip(
    JSON.stringify(details.counterexample, (_k, v: unknown) =>
      typeof v === 'string' ? clip(v) : v,
    ),
  );
  throw new Error(
    `Route fuzz failed after ${details.numRuns} cases (seed ${details.seed}, path ${details.counterexamplePath}): ${clip(String(details.errorInstance))}\nCase: ${example}`,
  );
}

it(
  `answers every route below 500, every 4xx a problem in the caller's format (${RUNS} cases)`,
  async () => {
    const statuses = new Map<number, number>();
    const perRoute = new Map<string, number>();
    const detail = new Map<string, number>();
    const at = Math.floor(Date.parse(NOW) / 1000);
    const cases = fc.tuple(
      fc.oneof(
        ...ROUTES.map((route) => ({
          // Rendering a PDF costs ~100 times a JSON answer: fewer cases, the same coverage.
          weight: route.name === 'get-incident-card-pdf' ? 1 : 4,
          arbitrary: requestArbitrary(route, world, at).map((request) => ({
            route: route.name,
            request,
          })),
        })),
      ),
      fc.nat(1),
    );
    let run = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(cases, async ([{ route, request }, sealed]) => {
        run += 1;
        if (run % CASES_PER_WORLD === 0) await freshWorlds();
        const h = worlds[sealed] as RouteHarness;
        const t0 = performance.now();
        const status = checkAnswer(route, request, await h.call(request));
        if (process.env.FUZZ_VERBOSE) {
          const key = `ms ${route}`;
          detail.set(key, (detail.get(key) ?? 0) + performance.now() - t0);
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
        if (process.env.FUZZ_VERBOSE) {
          const key = `${route} ${status}`;
          detail.set(key, (detail.get(key) ?? 0) + 1);
        }
      }),
      { seed: SEED, numRuns: RUNS, reporter: shortReport },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const histogram = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(
      `route fuzz: ${RUNS} cases over ${ROUTES.length} routes, seed ${SEED}, ${seconds} s; statuses ${histogram.join(' ')}`,
    );
    if (process.env.FUZZ_VERBOSE)
      console.log(
        [...detail]
          .sort()
          .map(([k, n]) => `${k}×${n}`)
          .join('\n'),
      );
    // Every route was exercised, and some cases got through to a success.
    expect([...perRoute.keys()].sort()).toEqual(ROUTES.map((r) => r.name).sort());
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
  },
  Math.max(120_000, RUNS * 30),
);
