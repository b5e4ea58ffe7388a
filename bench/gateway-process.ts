/**
 * The gateway alone in a process of its own, for `bench/gateway-cpu.ts` (issue #14, "Must
 * show"): the whole local gateway (HTTP server, SQS poller and delivery worker, sweep
 * ticker) on emulators the parent runs, so that this process's CPU time is the gateway's
 * and nothing else's — no load generator, no fauxqs, no webhook receiver.
 *
 *   node --import tsx bench/gateway-process.ts <dynamodb endpoint> <sqs endpoint> <owner webhook url>
 *
 * Registers the bench's NCC, SOC and owner, then prints one JSON line `{ url, token, pid }`
 * (a SOC token). With `BENCH_CPU_PROFILE=<file>`, SIGUSR2 starts V8's CPU profiler (what
 * `node --cpu-prof` runs, here limited to the measured window). On SIGTERM it stops the
 * gateway, writes the profile, prints one JSON line `{ split }` — for every POST answered
 * since SIGUSR2, the server-side time and the part of it spent waiting on DynamoDB and
 * SQS, and every DynamoDB and SQS call made since, counted by operation — and exits.
 *
 * The split is taken by wrapping node:http's `request` (the SDK's outgoing calls; webhooks
 * go through fetch) and the server's `request` event, with an AsyncLocalStorage per
 * incoming request: bench instrumentation only, nothing of it is in the gateway's code.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One incoming request: when it started, and the outgoing calls made on its behalf. */
interface RequestTrace {
  startMs: number;
  calls: Array<[number, number]>;
}

/** Per POST: server-side ms, and ms during which at least one AWS call was outstanding. */
export interface RequestSplit {
  totalMs: number;
  awaitingMs: number;
}

const traces = new AsyncLocalStorage<RequestTrace>();
let splits: RequestSplit[] = [];
/** Outgoing AWS calls since SIGUSR2, by operation (`X-Amz-Target`'s action, or `sqs:<path>`). */
let calls: Record<string, number> = {};

/** The operation an SDK request names: DynamoDB and SQS (JSON protocol) put it in X-Amz-Target. */
function operationOf(args: unknown[]): string {
  const options = args.find((a) => typeof a === 'object' && a !== null && !(a instanceof URL)) as
    | { headers?: Record<string, unknown> }
    | undefined;
  const headers = options?.headers ?? {};
  const target = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-amz-target');
  return target === undefined ? 'other' : (String(target[1]).split('.').pop() ?? 'other');
}

/** The length of the union of the intervals (calls made in parallel count once). */
function unionMs(intervals: Array<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

const originalRequest = http.request;
http.request = function tracedRequest(this: unknown, ...args: unknown[]) {
  const trace = traces.getStore();
  const request = (originalRequest as (...a: unknown[]) => http.ClientRequest).apply(this, args);
  const operation = operationOf(args);
  calls[operation] = (calls[operation] ?? 0) + 1;
  if (trace !== undefined) {
    const startMs = performance.now();
    request.once('close', () => trace.calls.push([startMs, performance.now()]));
  }
  return request;
} as typeof http.request;
syncBuiltinESMExports();

const originalEmit = http.Server.prototype.emit as (...args: unknown[]) => boolean;
http.Server.prototype.emit = function tracedEmit(
  this: http.Server,
  event: string | symbol,
  ...args: unknown[]
) {
  if (event !== 'request') return originalEmit.apply(this, [event, ...args]);
  const [incoming, response] = args as [http.IncomingMessage, http.ServerResponse];
  const trace: RequestTrace = { startMs: performance.now(), calls: [] };
  if (incoming.method === 'POST' && incoming.url === '/v1/incidents') {
    response.once('finish', () => {
      splits.push({
        totalMs: performance.now() - trace.startMs,
        awaitingMs: unionMs(trace.calls),
      });
    });
  }
  return traces.run(trace, () => originalEmit.apply(this, [event, ...args]));
};

// Imported after the wrapping, so every client the gateway builds goes through it.
const { startLocalGateway } = await import('../functions/local/start-local-gateway.js');
const { registerPartyAs } = await import('../test/support/http.js');
const { billingObject } = await import('../test/support/messages.js');

/** As in the ingest section (`bench/ingest.ts`): the SOC's budget is the schema's highest. */
const NCC_ID = 'ncc-duty';
const SOC_ID = 'soc-alpha';
const OWNER_ID = 'owner-energo';
const OWNER_SECRET = 'owner-secret-owner-secret-owner-secret';
const SOC_RATE_PER_MINUTE = 100_000;

const [dynamodb, sqs, ownerWebhook] = process.argv.slice(2);
if (dynamodb === undefined || sqs === undefined || ownerWebhook === undefined)
  throw new Error('usage: see the header');

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const dataDir = await mkdtemp(join(tmpdir(), 'ncc-gateway-bench-process-'));
const gateway = await startLocalGateway({
  port: 0,
  dataDir,
  endpoints: { dynamodb, sqs },
  tableName: 'ncc-gateway-bench-process',
  queuePrefix: 'ncc-gateway-bench-process',
});
const admin = await gateway.tokenFor('admin', 'admin');
await registerPartyAs(gateway.url, admin, NCC_ID, { role: 'ncc', name: 'NCC duty desk' });
await registerPartyAs(gateway.url, admin, SOC_ID, {
  role: 'soc',
  name: 'SOC Alpha',
  sectors: ['electricity'],
  objects: [billingObject(OWNER_ID)],
  policy: { ratePerMinute: SOC_RATE_PER_MINUTE },
});
await registerPartyAs(gateway.url, admin, OWNER_ID, {
  role: 'owner',
  name: 'Energo',
  webhook: { url: ownerWebhook, secret: OWNER_SECRET },
});
const token = await gateway.tokenFor(SOC_ID, 'soc', 3_600);
console.log(JSON.stringify({ url: gateway.url, token, pid: process.pid }));

const profileFile = process.env.BENCH_CPU_PROFILE;
const session = new Session();
process.once('SIGUSR2', async () => {
  splits = [];
  calls = {};
  if (profileFile === undefined) return;
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
});

process.once('SIGTERM', async () => {
  if (profileFile !== undefined) {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(profileFile, JSON.stringify(profile));
  }
  const measured = splits;
  const counted = calls;
  await gateway.stop();
  await rm(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify({ split: measured, calls: counted }));
  process.exit(0);
});
