/**
 * The commissioning load test (issue #15 item 7, 003 checks N1–N4): the target profile
 * of docs/loadtest.md against a running gateway, with autocannon.
 *
 * Three streams at once, for the same duration:
 * - **incidents**: every SOC of the profile (41 by default) posts incident cards,
 *   round-robin, over `connections` keep-alive connections, as fast as answered;
 * - **notice bursts**: every `noticeEverySeconds` the NCC sends one notice to all the
 *   profile's SOCs (the national fan-out);
 * - **compliance report**: the NCC reads `GET /v1/reports/compliance` once a second.
 * Each stream reports requests, errors (non-2xx or transport), throughput and latency
 * percentiles; the run passes when errors stay under 1 % and the incidents' p99 is
 * within the target.
 */
import autocannon from 'autocannon';
import { freshSampleCard } from '../smoke/run-smoke.js';

export interface LoadParty {
  partyId: string;
  token: string;
}

export interface LoadProfile {
  /** SOC parties posting incidents (the profile: 41). */
  socs: LoadParty[];
  /** The NCC party sending notices and reading the report. */
  ncc: LoadParty;
}

export interface LoadtestOptions {
  url: string;
  profile: LoadProfile;
  durationSeconds: number;
  /** Connections of the incidents stream (default 8). */
  connections: number;
  noticeEverySeconds: number;
  log: (line: string) => void;
}

export interface StreamResult {
  name: string;
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadtestResult {
  streams: StreamResult[];
  targets: Array<{ name: string; target: string; actual: string; pass: boolean }>;
  ok: boolean;
}

/** How the profile's parties get onto a gateway whose admin runs the test. */
export interface ProfileRegistrar {
  /** PUT /v1/parties/{id} as the admin; throws unless 200/201. */
  register(id: string, body: Record<string, unknown>): Promise<void>;
  /** A bearer token for the party. */
  tokenFor(id: string, role: 'soc' | 'ncc'): Promise<string>;
}

/**
 * Registers the profile's parties — `load-soc-01` … and `load-ncc` — and returns them
 * with their tokens (`npm run loadtest -- --token-url local` and the bench section).
 */
export async function registerLoadProfile(
  socCount: number,
  registrar: ProfileRegistrar,
): Promise<LoadProfile> {
  const party = async (partyId: string, role: 'soc' | 'ncc'): Promise<LoadParty> => {
    // A generous budget: the test measures the gateway, not the per-party rate limit.
    await registrar.register(partyId, {
      role,
      name: `Load test ${partyId}`,
      clientId: partyId,
      policy: { ratePerMinute: 100_000 },
    });
    return { partyId, token: await registrar.tokenFor(partyId, role) };
  };
  const socs: LoadParty[] = [];
  for (let i = 1; i <= socCount; i += 1)
    socs.push(await party(`load-soc-${String(i).padStart(2, '0')}`, 'soc'));
  return { socs, ncc: await party('load-ncc', 'ncc') };
}

/** p99 latency of POST /v1/incidents the profile must hold (issue #14's ingest target). */
export const INCIDENT_P99_TARGET_MS = 150;
const MAX_ERROR_RATE = 0.01;

function streamOf(name: string, result: autocannon.Result): StreamResult {
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    name,
    requests: result.requests.total,
    errors,
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
  };
}

let references = 0;

/** Runs the profile once and reports each stream and the targets. */
export async function runLoadtest(options: LoadtestOptions): Promise<LoadtestResult> {
  const base = options.url.replace(/\/+$/, '');
  const { socs, ncc } = options.profile;
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const run = `${Date.now().toString(36)}`;

  const incidents = autocannon({
    url: base,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/incidents',
        setupRequest(request) {
          references += 1;
          const soc = socs[references % socs.length] as LoadParty;
          const card = freshSampleCard(new Date(), `LOAD-${run}-${references}`);
          return {
            ...request,
            headers: { ...json, authorization: `Bearer ${soc.token}` },
            body: JSON.stringify(card),
          };
        },
      },
    ],
  });
  const report = autocannon({
    url: `${base}/v1/reports/compliance`,
    connections: 1,
    duration: options.durationSeconds,
    overallRate: 1,
    headers: { accept: 'application/json', authorization: `Bearer ${ncc.token}` },
  });

  const noticeLatencies: number[] = [];
  let noticeErrors = 0;
  const notices = (async () => {
    const deadline = Date.now() + options.durationSeconds * 1000;
    while (Date.now() < deadline) {
      const sent = performance.now();
      const response = await fetch(`${base}/v1/notices`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${ncc.token}` },
        body: JSON.stringify(noticeTo(socs.map((s) => s.partyId))),
      }).catch(() => undefined);
      if (response?.status === 201) noticeLatencies.push(performance.now() - sent);
      else noticeErrors += 1;
      await response?.arrayBuffer().catch(() => undefined);
      const wait = options.noticeEverySeconds * 1000 - (performance.now() - sent);
      if (Date.now() + wait >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    }
  })();

  const [incidentResult, reportResult] = await Promise.all([incidents, report, notices]);
  const sorted = [...noticeLatencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const streams: StreamResult[] = [
    streamOf(
      `POST /v1/incidents (${socs.length} SOCs, ${options.connections} connections)`,
      incidentResult,
    ),
    {
      name: `POST /v1/notices to ${socs.length} SOCs every ${options.noticeEverySeconds} s`,
      requests: noticeLatencies.length + noticeErrors,
      errors: noticeErrors,
      perSecond: (noticeLatencies.length + noticeErrors) / options.durationSeconds,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: sorted.at(-1) ?? 0,
    },
    streamOf('GET /v1/reports/compliance (1/s)', reportResult),
  ];
  for (const s of streams)
    options.log(
      `${s.name}: ${s.requests} requests, ${s.errors} errors, ${s.perSecond.toFixed(1)}/s, p50 ${s.p50Ms.toFixed(0)} ms, p99 ${s.p99Ms.toFixed(0)} ms, max ${s.maxMs.toFixed(0)} ms`,
    );
  const incident = streams[0] as StreamResult;
  const totalRequests = streams.reduce((n, s) => n + s.requests, 0);
  const totalErrors = streams.reduce((n, s) => n + s.errors, 0);
  const targets = [
    {
      name: 'POST /v1/incidents p99',
      target: `≤ ${INCIDENT_P99_TARGET_MS} ms`,
      actual: `${incident.p99Ms.toFixed(0)} ms`,
      pass: incident.requests > 0 && incident.p99Ms <= INCIDENT_P99_TARGET_MS,
    },
    {
      name: 'errors, all streams',
      target: `< ${MAX_ERROR_RATE * 100} %`,
      actual: `${totalRequests === 0 ? 100 : ((totalErrors / totalRequests) * 100).toFixed(2)} %`,
      pass: totalRequests > 0 && totalErrors / totalRequests < MAX_ERROR_RATE,
    },
  ];
  for (const t of targets)
    options.log(`${t.pass ? 'PASS' : 'FAIL'} ${t.name}: ${t.actual} (target ${t.target})`);
  return { streams, targets, ok: targets.every((t) => t.pass) };
}

/** A threat notice (001 Annex 7) to the given SOCs. */
function noticeTo(parties: string[]) {
  const now = new Date();
  return {
    kind: 'threat',
    registeredAt: now.toISOString().slice(0, 10),
    detectedAt: new Date(now.getTime() - 60_000).toISOString(),
    sourceIp: '198.51.100.23',
    deviceName: 'FW-LOAD-01',
    eventName: 'Жүктемелік сынақ',
    recurrence: 'new',
    affectedObject: { name: 'Load test object', kind: 'critical_ict_object' },
    description: 'Load test notice: not a real threat.',
    tlp: 'green',
    recipients: { parties },
  };
}
