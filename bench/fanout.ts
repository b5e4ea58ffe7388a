/**
 * docs/contract.md §8, issue #3: notice fan-out. 50 SOCs of one sector, each with its own webhook
 * (one local server, a path per SOC); the NCC posts a notice to the sector, and for each
 * recipient the bench times the POST's start to the arrival of its signed delivery
 * (signature checked). Repeated for several notices, one after the other; the target is
 * judged on the worst notice.
 *
 * Issue #14 item 5: the same for a notice to the whole country — 600 recipients, the
 * notice accepted with its fan-out record and expanded batch by batch — with the time to
 * the last delivery.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyWebhookSignature } from '../functions/core/delivery/webhook-signature.js';
import { cpuMeter } from './cpu-meter.js';
import { percentile } from './load.js';
import { type BenchGateway, startBenchGateway, waitFor } from './local-stack.js';
import { type BenchOptions, type BenchSection, formatMs } from './report.js';
import { startWebhookSink, type WebhookArrival, type WebhookSink } from './webhook-sink.js';

const SECTOR = 'electricity';
const NCC_ID = 'ncc-duty';
const SECRET = 'soc-secret-soc-secret-soc-secret-0001';
/** A notice whose deliveries have not all arrived by then counts as not delivered. */
const ARRIVAL_TIMEOUT_MS = 60_000;
/** Registrations in flight at once. */
const REGISTER_CONCURRENCY = 5;

const socId = (n: number) => `soc-fan-${String(n).padStart(3, '0')}`;

/** One fan-out section: how many recipients, notices and what the worst p99 may be. */
interface FanoutRun {
  title: string;
  recipients: number;
  notices: { quick: number; full: number };
  p99Ms: number;
  /** Where the target comes from. */
  issue: string;
}

interface NoticeRun {
  /** When the POST was answered (201), ms after it started. */
  answeredMs: number;
  /** Arrival time − POST start, in ms, per recipient that received it. */
  latenciesMs: number[];
  /** Recipients reached (first arrival each). */
  reached: number;
  /** The last arrival − POST start, in ms. */
  lastMs: number;
  /** When every recipient's inbox entry, clocks and delivery were written − POST start, in ms. */
  expandedMs?: number;
  /**
   * The longest time the fan-out record's progress stood still while unfinished, in ms
   * (seen by polling every 50 ms): a hand-over between expanders shows here.
   */
  longestPauseMs?: number;
  /** CPU time of DynamoDB Local from the POST to the last arrival, in ms (Linux only). */
  jvmCpuMs?: number;
}

interface Arrival {
  partyId: string;
  noticeId: string;
  atMs: number;
  signed: boolean;
}

function noticeBody(): string {
  return JSON.stringify({
    kind: 'threat',
    registeredAt: new Date(Date.now() - 60_000).toISOString(),
    sourceIp: '198.51.100.23',
    description: 'Фишингтік тарату электр энергетикасы секторына бағытталған',
    tlp: 'amber',
    recipients: { sectors: [SECTOR] },
  });
}

/** Reads an arrival's envelope; the signature is checked on the raw body, as a SOC would. */
function readArrival(arrival: WebhookArrival): Arrival | undefined {
  const envelope = JSON.parse(arrival.body) as {
    partyId?: string;
    payload?: { noticeId?: string };
  };
  const header = arrival.headers['x-gateway-signature'];
  if (envelope.partyId === undefined || envelope.payload?.noticeId === undefined) return undefined;
  return {
    partyId: envelope.partyId,
    noticeId: envelope.payload.noticeId,
    atMs: arrival.atMs,
    signed:
      typeof header === 'string' &&
      verifyWebhookSignature(SECRET, header, arrival.body, Math.floor(Date.now() / 1000)),
  };
}

async function registerRecipients(
  stack: BenchGateway,
  sink: WebhookSink,
  recipients: number,
): Promise<void> {
  // The admin registers every recipient: more than its default 600 requests a minute.
  await stack.registerParty('admin', {
    role: 'admin',
    name: 'Local administrator',
    policy: { ratePerMinute: 100_000 },
  });
  await stack.registerParty(NCC_ID, { role: 'ncc', name: 'NCC duty desk' });
  const ids = Array.from({ length: recipients }, (_, i) => socId(i + 1));
  for (let i = 0; i < ids.length; i += REGISTER_CONCURRENCY) {
    await Promise.all(
      ids.slice(i, i + REGISTER_CONCURRENCY).map((id) =>
        stack.registerParty(id, {
          role: 'soc',
          name: `SOC ${id}`,
          sectors: [SECTOR],
          webhook: { url: sink.url(`/${id}`), secret: SECRET },
        }),
      ),
    );
  }
}

export function fanoutBench(options: BenchOptions): Promise<BenchSection> {
  return runFanout(options, {
    title: 'Notice fan-out to 50 SOC webhooks (issue #3)',
    recipients: 50,
    notices: { quick: 3, full: 5 },
    p99Ms: 2_000,
    issue: 'issue #3',
  });
}

/** `npm run bench -- --only=nationalNotice`: a notice to the whole country (issue #14 item 5). */
export function nationalNoticeBench(options: BenchOptions): Promise<BenchSection> {
  return runFanout(options, {
    title: 'Notice to 600 recipients, time to the last delivery (issue #14 item 5)',
    recipients: 600,
    notices: { quick: 1, full: 3 },
    p99Ms: 5_000,
    issue: 'issue #14',
  });
}

async function runFanout(options: BenchOptions, run: FanoutRun): Promise<BenchSection> {
  const RECIPIENTS = run.recipients;
  const TARGETS = { p99Ms: run.p99Ms };
  const notices = options.quick ? run.notices.quick : run.notices.full;
  const arrivals: Arrival[] = [];
  let unsigned = 0;
  const sink = await startWebhookSink((arrival) => {
    const read = readArrival(arrival);
    if (read === undefined) return;
    if (!read.signed) unsigned += 1;
    arrivals.push(read);
  });
  const runs: NoticeRun[] = [];
  let stack: BenchGateway | undefined;
  try {
    stack = await startBenchGateway();
    await registerRecipients(stack, sink, RECIPIENTS);
    const { gateway } = stack;
    const token = await gateway.tokenFor(NCC_ID, 'ncc');
    const readCpu = cpuMeter(gateway.endpoints.dynamodb);
    const postNotice = async (): Promise<NoticeRun> => {
      const jvmBefore = readCpu().emulatorMs;
      const startedMs = performance.now();
      const response = await fetch(new URL('/v1/notices', gateway.url), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: noticeBody(),
      });
      const text = await response.text();
      const answeredMs = performance.now() - startedMs;
      if (response.status !== 201) throw new Error(`POST /v1/notices: ${response.status} ${text}`);
      const { id } = JSON.parse(text) as { id: string };
      // When the fan-out record says every recipient is written (one GetItem per 50 ms).
      let expandedMs: number | undefined;
      let longestPauseMs = 0;
      const watching = (async () => {
        const deadline = performance.now() + ARRIVAL_TIMEOUT_MS;
        let progress = -1;
        let sinceMs = performance.now();
        while (expandedMs === undefined && performance.now() < deadline) {
          const fanout = await gateway.runtime.notices.getFanout(id);
          const nowMs = performance.now();
          if (fanout !== undefined && fanout.expanded !== progress) {
            progress = fanout.expanded;
            sinceMs = nowMs;
          }
          longestPauseMs = Math.max(longestPauseMs, nowMs - sinceMs);
          if (fanout?.completedAt !== undefined) expandedMs = nowMs - startedMs;
          else await sleep(50);
        }
      })();
      const firstArrival = new Map<string, number>();
      const collect = () => {
        for (const a of arrivals)
          if (a.noticeId === id && !firstArrival.has(a.partyId))
            firstArrival.set(a.partyId, a.atMs);
        return firstArrival.size >= RECIPIENTS;
      };
      await waitFor(collect, ARRIVAL_TIMEOUT_MS);
      const jvmAfter = readCpu().emulatorMs;
      await watching;
      const latenciesMs = [...firstArrival.values()].map((atMs) => atMs - startedMs);
      return {
        answeredMs,
        ...(expandedMs === undefined ? {} : { expandedMs }),
        longestPauseMs,
        ...(jvmBefore === undefined || jvmAfter === undefined
          ? {}
          : { jvmCpuMs: jvmAfter - jvmBefore }),
        latenciesMs,
        reached: firstArrival.size,
        lastMs: Math.max(...latenciesMs),
      };
    };
    // One notice first, not counted: compiles the notice path and opens the connections.
    await postNotice();
    for (let i = 0; i < notices; i++) runs.push(await postNotice());
  } finally {
    await stack?.stop();
    await sink.close();
  }

  const p99s = runs.map((run) => percentile(run.latenciesMs, 0.99));
  const worstP99 = Math.max(...p99s);
  const allReached = runs.every((run) => run.reached === RECIPIENTS);
  return {
    title: run.title,
    rows: [
      ...runs.map((run, i) => ({
        name: `notice ${i + 1}`,
        value: `p99 ${formatMs(percentile(run.latenciesMs, 0.99))}`,
        note: `p50 ${formatMs(percentile(run.latenciesMs, 0.5))}, last ${formatMs(run.lastMs)}, reached ${run.reached}/${RECIPIENTS}; POST answered after ${formatMs(run.answeredMs)}${run.expandedMs === undefined ? '' : `, all recipients written after ${formatMs(run.expandedMs)}`}${run.longestPauseMs === undefined ? '' : ` (longest pause in the expansion ${formatMs(run.longestPauseMs)})`}${run.jvmCpuMs === undefined ? '' : `; DynamoDB Local CPU ${formatMs(run.jvmCpuMs)}`}`,
      })),
      {
        name: 'all notices',
        value: `p99 ${formatMs(
          percentile(
            runs.flatMap((r) => r.latenciesMs),
            0.99,
          ),
        )}`,
        note: `p50 ${formatMs(
          percentile(
            runs.flatMap((r) => r.latenciesMs),
            0.5,
          ),
        )}; POST start → signed webhook received; 1 warm-up notice not counted`,
      },
    ],
    targets: [
      {
        target: `every recipient receives a correctly signed delivery`,
        actual: `${runs.filter((r) => r.reached === RECIPIENTS).length} of ${runs.length} notices reached all ${RECIPIENTS}; ${unsigned} bad signature(s)`,
        pass: allReached && unsigned === 0,
      },
      {
        target: `worst notice p99 ≤ ${TARGETS.p99Ms / 1000} s`,
        actual: formatMs(worstP99),
        pass: allReached && worstP99 <= TARGETS.p99Ms,
      },
    ],
  };
}
