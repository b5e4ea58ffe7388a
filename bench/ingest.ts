/**
 * docs/contract.md §8, issue #3: local end-to-end ingest. The whole gateway runs in this process on
 * fresh emulators; a SOC posts ~2 KB complete JSON cards (unique socReference and
 * Idempotency-Key each) over keep-alive HTTP at a fixed concurrency. The ceiling is the
 * same DynamoDB and SQS calls made directly through the same store and queue, at the
 * same concurrency, without HTTP, token checks or validation:
 *
 *   GetItem (the caller's party, as `authenticate` does), UpdateItem (the party's
 *   request budget, as `partyPolicy` does), GetItem (Idempotency-Key), Query (the
 *   parties, in `prepareNewIncident`), TransactWriteItems (`saveNewIncident`),
 *   SendMessageBatch (`queue.enqueue`), TransactWriteItems (`markQueued`).
 *
 * Both run against the running gateway, whose SQS poller delivers every incident to the
 * owner's webhook meanwhile, so background work is alike on both sides. Ingest and
 * ceiling alternate in rounds (ABBA), the delivery backlog drained between rounds; the
 * ratio is the median of the per-round ratios, which holds better on a loaded machine.
 */

import type { IncidentNotification } from '../functions/core/model/messages.js';
import type { Principal } from '../functions/core/use-cases/context.js';
import { handOff } from '../functions/core/use-cases/dispatch.js';
import { IDEMPOTENCY_TTL_SECONDS } from '../functions/core/use-cases/idempotency.js';
import { prepareNewIncident } from '../functions/core/use-cases/incidents/accept-incident.js';
import { enforceRateLimit } from '../functions/core/use-cases/party-policy.js';
import { readMessage } from '../functions/core/validation/read-message.js';
import { readBody } from '../functions/core/wire/read-body.js';
import { billingObject } from '../test/support/messages.js';
import { cardTemplate, cardWithReference } from './cards.js';
import { type CpuSample, cpuMeter, cpuSpent } from './cpu-meter.js';
import { median } from './harness.js';
import {
  closedLoop,
  type KeepAliveClient,
  keepAliveClient,
  type LoadResult,
  percentile,
} from './load.js';
import { type BenchGateway, startBenchGateway, waitFor } from './local-stack.js';
import {
  type BenchOptions,
  type BenchSection,
  formatCount,
  formatMs,
  formatRatio,
} from './report.js';
import { startWebhookSink, type WebhookSink } from './webhook-sink.js';

const TARGETS = { ratio: 0.6, p99Ms: 100 };

/** Keep-alive connections (HTTP) and concurrent operations (ceiling). */
const CONCURRENCY = 8;
const SOC_ID = 'soc-alpha';
const OWNER_ID = 'owner-energo';
const NCC_ID = 'ncc-duty';
/** The schema's highest per-party budget. */
const SOC_RATE_PER_MINUTE = 100_000;
const OWNER_SECRET = 'owner-secret-owner-secret-owner-secret';
const DRAIN_TIMEOUT_MS = 120_000;

interface Plan {
  warmupMs: number;
  /** Rounds per side; each side runs `rounds × roundMs` in all. */
  rounds: number;
  roundMs: number;
  /** The closing run at one connection. */
  singleMs: number;
}

const FULL: Plan = { warmupMs: 3_000, rounds: 6, roundMs: 5_000, singleMs: 5_000 };
const QUICK: Plan = { warmupMs: 1_000, rounds: 2, roundMs: 3_000, singleMs: 2_000 };

function aggregate(results: readonly LoadResult[]): LoadResult {
  const latenciesMs = results.flatMap((r) => r.latenciesMs);
  const elapsedMs = results.reduce((sum, r) => sum + r.elapsedMs, 0);
  return {
    completed: latenciesMs.length,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 3),
    latenciesMs,
    elapsedMs,
    opsPerSecond: (latenciesMs.length * 1000) / elapsedMs,
  };
}

interface Setup {
  stack: BenchGateway;
  sink: WebhookSink;
  client: KeepAliveClient;
  /** Distinct deliveries the owner's webhook has received. */
  ownerDeliveries: Set<string>;
}

async function setUp(): Promise<Setup> {
  const ownerDeliveries = new Set<string>();
  const sink = await startWebhookSink((arrival) => {
    const id = arrival.headers['x-gateway-delivery-id'];
    if (arrival.path === '/owner' && typeof id === 'string') ownerDeliveries.add(id);
  });
  let stack: BenchGateway;
  try {
    stack = await startBenchGateway();
  } catch (error) {
    await sink.close();
    throw error;
  }
  try {
    await stack.registerParty(NCC_ID, { role: 'ncc', name: 'NCC duty desk' });
    // The bench sends far more than the default budget of 600 requests a minute.
    await stack.registerParty(SOC_ID, {
      role: 'soc',
      name: 'SOC Alpha',
      sectors: ['electricity'],
      objects: [billingObject(OWNER_ID)],
      policy: { ratePerMinute: SOC_RATE_PER_MINUTE },
    });
    await stack.registerParty(OWNER_ID, {
      role: 'owner',
      name: 'Energo',
      webhook: { url: sink.url('/owner'), secret: OWNER_SECRET },
    });
  } catch (error) {
    await stack.stop();
    await sink.close();
    throw error;
  }
  return { stack, sink, client: keepAliveClient(stack.gateway.url, CONCURRENCY), ownerDeliveries };
}

/** One POST /v1/incidents over HTTP; anything but 201 is an error. */
function ingestOperation(setup: Setup, token: string, template: string) {
  return async (index: number): Promise<void> => {
    const body = Buffer.from(cardWithReference(template, `SOC-BENCH-${index}`));
    const answer = await setup.client.send(
      'POST',
      '/v1/incidents',
      {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': `bench-${index}`,
      },
      body,
    );
    if (answer.status !== 201)
      throw new Error(`HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
  };
}

/** The same store and queue calls as one POST, made directly (see the file comment). */
function ceilingOperation(setup: Setup, template: string) {
  const deps = setup.stack.gateway.runtime;
  const raw = readBody(Buffer.from(template), 'application/json');
  const { message } = readMessage('incidentNotification', raw, deps.now);
  return async (index: number): Promise<void> => {
    // authenticate: the token's client → its party.
    const party = await deps.parties.findPartyByClientId(SOC_ID);
    if (!party) throw new Error(`${SOC_ID} is not registered`);
    const principal: Principal = { partyId: party.id, role: party.role, party };
    // partyPolicy: one request from the party's budget.
    if (deps.rateLimiter) await enforceRateLimit(deps.rateLimiter, principal, deps.now().getTime());
    // The replay check of the Idempotency-Key.
    const key = `bench-${index}`;
    if (await deps.idempotency.getIdempotency(party.id, key))
      throw new Error(`key ${key} already used`);
    const card: IncidentNotification = { ...message, socReference: `SOC-BENCH-${index}` };
    const nowMs = deps.now().getTime();
    // Records as acceptIncident builds them, with the party reads it makes.
    const prepared = await prepareNewIncident(
      deps,
      principal,
      card,
      [],
      raw,
      nowMs,
      'post-incident',
    );
    const { receipt } = prepared;
    await deps.incidents.saveNewIncident({
      ...prepared.write,
      requestSha256: raw.sha256,
      idempotency: {
        partyId: party.id,
        key,
        requestSha256: raw.sha256,
        statusCode: 201,
        receipt,
        expiresAtEpochSeconds: Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_SECONDS,
      },
    });
    if (!(await handOff(deps, prepared.write.deliveries))) throw new Error('hand-off failed');
  };
}

/** One side's rounds, with the CPU they cost (delivery of their incidents included). */
interface Side {
  rounds: LoadResult[];
  cpu: CpuSample;
}

function addCpu(into: CpuSample, spent: CpuSample): void {
  into.processMs += spent.processMs;
  into.emulatorMs =
    into.emulatorMs === undefined || spent.emulatorMs === undefined
      ? undefined
      : into.emulatorMs + spent.emulatorMs;
}

/** "3.1 + 12.4 ms" (this process + DynamoDB Local) per operation. */
function cpuPerOperation(side: Side): string {
  const operations = side.rounds.reduce((sum, r) => sum + r.completed, 0);
  const own = (side.cpu.processMs / operations).toFixed(1);
  if (side.cpu.emulatorMs === undefined) return `${own} ms (this process)`;
  return `${own} + ${(side.cpu.emulatorMs / operations).toFixed(1)} ms (this process + DynamoDB Local)`;
}

export async function ingestBench(options: BenchOptions): Promise<BenchSection> {
  const plan = options.quick ? QUICK : FULL;
  const setup = await setUp();
  const readCpu = cpuMeter(setup.stack.gateway.endpoints.dynamodb);
  let accepted = 0;
  let next = 0;
  let drainMs = 0;
  const http: Side = { rounds: [], cpu: { processMs: 0, emulatorMs: 0 } };
  const direct: Side = { rounds: [], cpu: { processMs: 0, emulatorMs: 0 } };
  let single: LoadResult | undefined;
  try {
    const template = cardTemplate();
    const token = await setup.stack.gateway.tokenFor(SOC_ID, 'soc');
    const ingest = ingestOperation(setup, token, template);
    const ceiling = ceilingOperation(setup, template);
    // Runs one round, then waits until its incidents have reached the owner's webhook, so
    // that no round inherits another's delivery backlog. Every operation gets a fresh
    // index, hence a fresh socReference and Idempotency-Key.
    const run = async (
      operation: (index: number) => Promise<void>,
      durationMs: number,
      side?: Side,
      concurrency = CONCURRENCY,
    ) => {
      const offset = next;
      const cpuBefore = readCpu();
      const result = await closedLoop(concurrency, durationMs, (i) => operation(offset + i));
      next += result.completed + result.errors;
      accepted += result.completed;
      const started = performance.now();
      if (!(await waitFor(() => setup.ownerDeliveries.size >= accepted, DRAIN_TIMEOUT_MS)))
        throw new Error(
          `Only ${setup.ownerDeliveries.size} of ${accepted} incidents reached the owner's webhook`,
        );
      drainMs = Math.max(drainMs, performance.now() - started);
      if (side) {
        side.rounds.push(result);
        addCpu(side.cpu, cpuSpent(cpuBefore, readCpu()));
      }
      return result;
    };

    await run(ingest, plan.warmupMs);
    await run(ceiling, plan.warmupMs);
    for (let round = 0; round < plan.rounds; round++) {
      // ABBA: drift (a growing table, a warming JIT) hits both sides alike.
      const order = round % 2 === 0 ? [http, direct] : [direct, http];
      for (const side of order) await run(side === http ? ingest : ceiling, plan.roundMs, side);
    }
    // The same POSTs one at a time: the latency without queueing behind other requests.
    single = await run(ingest, plan.singleMs, undefined, 1);
  } finally {
    setup.client.close();
    await setup.stack.stop();
    await setup.sink.close();
  }

  const httpTotal = aggregate(http.rounds);
  const directTotal = aggregate(direct.rounds);
  const ratio = median(
    http.rounds.map((r, i) => r.opsPerSecond / (direct.rounds[i]?.opsPerSecond ?? Number.NaN)),
  );
  const p50 = percentile(httpTotal.latenciesMs, 0.5);
  const p99 = percentile(httpTotal.latenciesMs, 0.99);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  const requests = httpTotal.completed + httpTotal.errors;
  const errors = httpTotal.errors + directTotal.errors + single.errors;
  const errorSamples = [
    ...httpTotal.errorSamples,
    ...directTotal.errorSamples,
    ...single.errorSamples,
  ];
  return {
    title: 'Local end-to-end ingest (issue #3)',
    rows: [
      {
        name: 'POST /v1/incidents (HTTP)',
        value: `${formatCount(httpTotal.opsPerSecond)} req/s`,
        note: `${formatCount(requests)} cards of ${(Buffer.byteLength(cardTemplate()) / 1024).toFixed(1)} KB, ${CONCURRENCY} keep-alive connections, ${plan.rounds} rounds, ${seconds(httpTotal.elapsedMs)}`,
      },
      { name: '  latency p50', value: formatMs(p50) },
      { name: '  latency p99', value: formatMs(p99) },
      { name: '  latency max', value: formatMs(Math.max(...httpTotal.latenciesMs)) },
      { name: '  CPU per incident', value: '', note: cpuPerOperation(http) },
      {
        name: 'ceiling: same calls, direct',
        value: `${formatCount(directTotal.opsPerSecond)} ops/s`,
        note: `p50 ${formatMs(percentile(directTotal.latenciesMs, 0.5))}, p99 ${formatMs(percentile(directTotal.latenciesMs, 0.99))}, ${seconds(directTotal.elapsedMs)}`,
      },
      { name: '  CPU per incident', value: '', note: cpuPerOperation(direct) },
      {
        name: 'ingest / ceiling',
        value: formatRatio(ratio),
        note: `median of ${http.rounds.length} rounds; overall ${formatRatio(httpTotal.opsPerSecond / directTotal.opsPerSecond)}`,
      },
      {
        name: 'POST at 1 connection',
        value: `p99 ${formatMs(percentile(single.latenciesMs, 0.99))}`,
        note: `p50 ${formatMs(percentile(single.latenciesMs, 0.5))}, ${formatCount(single.opsPerSecond)} req/s, ${single.completed} requests: no queueing`,
      },
      {
        name: 'owner webhook deliveries',
        value: formatCount(setup.ownerDeliveries.size),
        note: `of ${formatCount(accepted)} incidents (warm-up included); slowest drain ${formatMs(drainMs)}`,
      },
    ],
    targets: [
      {
        target: 'zero errors (any non-201)',
        actual: `${errors} of ${formatCount(requests + single.completed + single.errors)} POSTs, ${directTotal.errors} direct${errorSamples.length > 0 ? ` — ${errorSamples.slice(0, 3).join(' | ')}` : ''}`,
        pass: errors === 0,
      },
      {
        target: `ingest / ceiling ≥ ${TARGETS.ratio}`,
        actual: formatRatio(ratio),
        pass: ratio >= TARGETS.ratio,
      },
      {
        target: `p99 ≤ ${TARGETS.p99Ms} ms at ${CONCURRENCY} connections`,
        actual: formatMs(p99),
        pass: p99 <= TARGETS.p99Ms,
      },
    ],
  };
}
