/**
 * docs/contract.md §8, issue #3: one clock sweep over 100 000 open obligations of which 100 are due.
 *
 * A fresh table on its own DynamoDB Local (in memory) is seeded first, timed separately:
 * 100 incidents written as the gateway writes them (`saveNewIncident`), each with one
 * open `card` obligation due a minute ago, and the other open obligations put straight
 * into the table (BatchWriteItem of the store's own item layout), due from an hour to a
 * month ahead, some with a pending reminder. Those belong to incidents that are not
 * written: the sweep never reads an incident, it only updates the ones it escalates.
 *
 * Then `sweep()` runs once with the real store (capacity observed on every query) and an
 * SQS queue on fauxqs, and once more right after, when nothing is due any more.
 */
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClient, createSqsClient } from '../functions/adapters/aws-clients.js';
import {
  type CapacitySample,
  createDynamoGatewayStore,
} from '../functions/adapters/dynamodb/index.js';
import { obligationItem } from '../functions/adapters/dynamodb/obligation-items.js';
import { QUEUE } from '../functions/adapters/sqs/queue-definitions.js';
import { createSqsDeliveryQueue } from '../functions/adapters/sqs/sqs-delivery-queue.js';
import { type Obligation, obligationId } from '../functions/core/clocks/obligations.js';
import type { ObligationKind } from '../functions/core/model/messages.js';
import { storePortsOf } from '../functions/core/ports/ports.js';
import type { PartyRecord } from '../functions/core/ports/records.js';
import { newGatewayId, type Uses } from '../functions/core/use-cases/context.js';
import { type SweepStats, sweep } from '../functions/core/use-cases/deliveries/sweep.js';
import { prepareNewIncident } from '../functions/core/use-cases/incidents/accept-incident.js';
import { readMessage } from '../functions/core/validation/read-message.js';
import { readBody } from '../functions/core/wire/read-body.js';
import { ensureQueues, ensureTables } from '../functions/local/provision.js';
import { cardTemplate } from './cards.js';
import { BENCH_REGION, startBenchEmulators } from './local-stack.js';
import { type BenchOptions, type BenchSection, formatCount, formatMs } from './report.js';

const TARGETS = { sweepMs: 1_000, readsPerDue: 2 };

const OPEN = 100_000;
/** `--quick`: a smaller table, so the smoke run stays short; the report says which N ran. */
const OPEN_QUICK = 20_000;
const DUE = 100;
const SOC_COUNT = 50;
const NCC_ID = 'ncc-duty';
/** BatchWriteItem takes at most 25 puts. */
const BATCH = 25;
/** BatchWriteItem requests in flight while seeding. */
const SEED_PARALLELISM = 16;
/** Incidents written at once while seeding the due ones. */
const INCIDENT_PARALLELISM = 10;
const NOT_DUE_KINDS: readonly ObligationKind[] = ['notify_owner', 'card', 'elimination'];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const socId = (n: number) => `soc-${String(n % SOC_COUNT).padStart(2, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();

function party(id: string, role: PartyRecord['role'], at: string): PartyRecord {
  return { id, role, name: id, clientId: id, createdAt: at, updatedAt: at };
}

/** The n-th obligation that is open and not due: due 1 h to 30 days ahead, every other one with a reminder. */
function notDue(n: number, nowMs: number): Obligation {
  const kind = NOT_DUE_KINDS[n % NOT_DUE_KINDS.length] ?? 'card';
  const subjectId = `inc_seed${String(Math.floor(n / NOT_DUE_KINDS.length)).padStart(6, '0')}`;
  const owedBy = socId(n);
  const dueAtMs = nowMs + HOUR_MS + (n % (30 * 24)) * HOUR_MS;
  return {
    id: obligationId(subjectId, kind, owedBy),
    kind,
    subjectId,
    owedBy,
    startsAt: iso(nowMs - HOUR_MS),
    dueAt: iso(dueAtMs),
    ...(n % 2 === 0 ? { remindAt: iso(dueAtMs - 30 * 60_000) } : {}),
    state: 'open',
  };
}

async function putAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let round = 0; pending.length > 0; round++) {
    if (round > 20) throw new Error('BatchWriteItem kept returning unprocessed items');
    const { UnprocessedItems } = await doc.send(
      new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
    );
    pending = (UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
      request.PutRequest?.Item ? [{ PutRequest: { Item: request.PutRequest.Item } }] : [],
    );
  }
}

/** Puts obligations n = 0 … count−1 of {@link notDue}, SEED_PARALLELISM batches at a time. */
async function seedNotDue(
  doc: DynamoDBDocumentClient,
  tableName: string,
  count: number,
  nowMs: number,
): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const start = next;
      next = Math.min(count, next + BATCH);
      const items = [];
      for (let n = start; n < next; n++) items.push(obligationItem(notDue(n, nowMs)));
      await putAll(doc, tableName, items);
    }
  }
  await Promise.all(Array.from({ length: SEED_PARALLELISM }, worker));
}

/** 100 incidents as the gateway writes them, each with one open `card` obligation due a minute ago. */
async function seedDue(deps: Uses<'parties' | 'incidents'>, nowMs: number): Promise<void> {
  const soc = party(socId(0), 'soc', iso(nowMs));
  const principal = { partyId: soc.id, role: soc.role, party: soc };
  const raw = readBody(Buffer.from(cardTemplate(2 * DAY_MS)), 'application/json');
  const { message } = readMessage('incidentNotification', raw, deps.now);
  for (let start = 0; start < DUE; start += INCIDENT_PARALLELISM) {
    const batch = Array.from(
      { length: Math.min(INCIDENT_PARALLELISM, DUE - start) },
      (_, i) => `SWEEP-${start + i}`,
    );
    await Promise.all(
      batch.map(async (socReference) => {
        const card = { ...message, socReference };
        const prepared = await prepareNewIncident(
          deps,
          principal,
          card,
          [],
          raw,
          nowMs,
          'post-incident',
        );
        const incidentId = prepared.write.incident.id;
        const due: Obligation = {
          id: obligationId(incidentId, 'card', soc.id),
          kind: 'card',
          subjectId: incidentId,
          owedBy: soc.id,
          startsAt: iso(nowMs - 3 * DAY_MS),
          dueAt: iso(nowMs - 60_000),
          state: 'open',
        };
        await deps.incidents.saveNewIncident({
          ...prepared.write,
          obligations: [due],
          deliveries: [],
          requestSha256: raw.sha256,
        });
      }),
    );
  }
}

/** First start and last end of the calls to one method during a sweep. */
interface Span {
  calls: number;
  startMs: number;
  endMs: number;
}

/** `target` with the methods `names` wrapped, so that each call widens that method's span. */
function timeSpans<T extends object>(
  target: T,
  spans: Map<string, Span>,
  names: readonly string[],
): T {
  const timed: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const name of names) {
    const method = timed[name];
    if (typeof method !== 'function') throw new Error(`No method ${name} to time`);
    timed[name] = async (...args: unknown[]) => {
      const startMs = performance.now();
      try {
        return await method(...args);
      } finally {
        const span = spans.get(name);
        spans.set(name, {
          calls: (span?.calls ?? 0) + 1,
          startMs: Math.min(span?.startMs ?? startMs, startMs),
          endMs: Math.max(span?.endMs ?? 0, performance.now()),
        });
      }
    };
  }
  return timed as T;
}

interface SweepRun {
  ms: number;
  stats: SweepStats;
  /** Items DynamoDB read, summed over every query of the run. */
  itemsRead: number;
  capacityUnits: number | undefined;
  byOperation: Map<string, number>;
  /** Where the time went: the transitions' and the hand-off's spans, by method. */
  phases: Map<string, Span>;
}

export async function sweepBench(options: BenchOptions): Promise<BenchSection> {
  const open = options.quick ? OPEN_QUICK : OPEN;
  const emulators = await startBenchEmulators();
  const aws = { region: BENCH_REGION, endpoint: emulators.endpoints.dynamodb };
  const dynamodb = createDynamoDbClient(aws);
  // Seeding floods DynamoDB Local: give its requests more time and retries than the gateway's.
  const seedClient = createDynamoDbClient({ ...aws, maxAttempts: 5, requestTimeoutMs: 30_000 });
  const sqs = createSqsClient({ region: BENCH_REGION, endpoint: emulators.endpoints.sqs });
  const samples: CapacitySample[] = [];
  const spans = new Map<string, Span>();
  const runs: SweepRun[] = [];
  let seedMs = 0;
  try {
    const tableName = 'ncc-gateway-sweep-bench';
    const [, queueUrls] = await Promise.all([
      ensureTables(dynamodb, { tableName }),
      ensureQueues(sqs, 'ncc-gateway-sweep-bench'),
    ]);
    const queueUrl = queueUrls[QUEUE.deliveries];
    if (queueUrl === undefined) throw new Error('No deliveries queue');
    const store = createDynamoGatewayStore({
      client: dynamodb,
      tableName,
      observeCapacity: (sample) => samples.push(sample),
    });
    const deps = {
      ...storePortsOf(timeSpans(store, spans, ['transitionOpenMany', 'markQueued'])),
      queue: timeSpans(createSqsDeliveryQueue({ client: sqs, queueUrl }), spans, ['enqueue']),
      now: () => new Date(),
      newId: newGatewayId,
      log: { warn: (message: string) => console.warn(`  sweep bench: ${message}`) },
      outboxGraceSeconds: 5,
      sweepPageSize: 100,
    };
    const nowMs = Date.now();
    await store.putParty(party(NCC_ID, 'ncc', iso(nowMs)));
    for (let n = 0; n < SOC_COUNT; n++) await store.putParty(party(socId(n), 'soc', iso(nowMs)));

    const seedStarted = performance.now();
    await seedDue(deps, nowMs);
    await seedNotDue(DynamoDBDocumentClient.from(seedClient), tableName, open - DUE, nowMs);
    seedMs = performance.now() - seedStarted;

    for (let i = 0; i < 2; i++) {
      samples.length = 0;
      const started = performance.now();
      const stats = await sweep(deps);
      const ms = performance.now() - started;
      const phases = new Map(spans);
      spans.clear();
      const byOperation = new Map<string, number>();
      for (const s of samples)
        byOperation.set(s.operation, (byOperation.get(s.operation) ?? 0) + s.scannedCount);
      const units = samples.flatMap((s) =>
        s.capacityUnits === undefined ? [] : [s.capacityUnits],
      );
      runs.push({
        ms,
        stats,
        itemsRead: samples.reduce((sum, s) => sum + s.scannedCount, 0),
        capacityUnits: units.length === 0 ? undefined : units.reduce((a, b) => a + b, 0),
        byOperation,
        phases,
      });
    }
  } finally {
    dynamodb.destroy();
    seedClient.destroy();
    sqs.destroy();
    await emulators.stop();
  }

  const [first, second] = runs;
  if (first === undefined || second === undefined) throw new Error('The sweep did not run');
  const describe = (run: SweepRun) =>
    `missed ${run.stats.missed}, reminded ${run.stats.reminded}, relayed ${run.stats.relayed}; ` +
    `items read ${[...run.byOperation].map(([op, n]) => `${op} ${n}`).join(', ')}` +
    (run.capacityUnits === undefined ? '' : `; ${run.capacityUnits} RCU`);
  const phase = (run: SweepRun, name: string) => {
    const span = run.phases.get(name);
    return span === undefined
      ? 'none'
      : `${formatMs(span.endMs - span.startMs)} (${span.calls} calls)`;
  };
  const readLimit = TARGETS.readsPerDue * DUE;
  return {
    title: `Sweep over ${formatCount(open)} open obligations, ${DUE} due (issue #3)`,
    rows: [
      {
        name: 'seeding (not measured)',
        value: `${(seedMs / 1000).toFixed(1)} s`,
        note: `${formatCount(open)} open obligations, ${formatCount(((open - DUE) * 1000) / seedMs)} items/s`,
      },
      { name: 'sweep, 100 due', value: formatMs(first.ms), note: describe(first) },
      { name: '  items read', value: formatCount(first.itemsRead) },
      {
        name: '  time spans',
        value: '',
        note: `transitionOpenMany ${phase(first, 'transitionOpenMany')}, enqueue ${phase(first, 'enqueue')}, markQueued ${phase(first, 'markQueued')}`,
      },
      { name: 'sweep again, none due', value: formatMs(second.ms), note: describe(second) },
      { name: '  items read', value: formatCount(second.itemsRead) },
    ],
    targets: [
      {
        target: `every due obligation missed and escalated once`,
        actual: `${first.stats.missed} of ${DUE}, then ${second.stats.missed}`,
        pass: first.stats.missed === DUE && second.stats.missed === 0,
      },
      {
        target: `sweep ≤ ${TARGETS.sweepMs / 1000} s (N = ${formatCount(open)})`,
        actual: formatMs(first.ms),
        pass: first.ms <= TARGETS.sweepMs,
      },
      {
        target: `items read ≤ ${readLimit} (${TARGETS.readsPerDue}× the due)`,
        actual: `${formatCount(first.itemsRead)}, then ${formatCount(second.itemsRead)}`,
        pass: first.itemsRead <= readLimit,
      },
    ],
  };
}
