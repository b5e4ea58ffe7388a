/**
 * Issue #9 item 5: what the audit trail costs.
 *
 * 1. Ingest with and without the audit append, through the use case (`acceptIncident`):
 *    on the in-memory store (cards/s, one at a time), and on the embedded stack's
 *    DynamoDB Local (CPU per incident, this process + the JVM, at 8 in flight — from
 *    8 SOCs, one request each, and from one SOC, all 8 racing for its chain head). HTTP,
 *    token and validation cost the same on both sides, so leaving them out only makes the
 *    audit's share look larger. "Without" is the same write with its `audit` dropped by a
 *    wrapper around the store's `saveNewIncident`: the entry is still built (an object),
 *    the chain is not touched. Sides alternate in rounds (ABBA); ratios are per-round medians.
 * 2. Verification: `verifyAuditChain` over a generated chain (rows/s), the rate of
 *    `GET /v1/audit/verify` and `npm run audit:verify` once the rows are read.
 */

import { createDynamoDbClient } from '../functions/adapters/aws-clients.js';
import { createDynamoStorePorts } from '../functions/adapters/dynamodb/index.js';
import { createMemoryStorePorts } from '../functions/adapters/memory/create-memory-adapters.js';
import { MemoryDb } from '../functions/adapters/memory/memory-db.js';
import { type AuditEvent, chainAuditEvents } from '../functions/core/audit/audit-entry.js';
import { verifyAuditChain } from '../functions/core/audit/verify-chain.js';
import type { IncidentStore } from '../functions/core/ports/incidents.js';
import type { StorePorts } from '../functions/core/ports/ports.js';
import type { PartyRecord } from '../functions/core/ports/records.js';
import type { Principal } from '../functions/core/use-cases/context.js';
import { acceptIncident } from '../functions/core/use-cases/incidents/accept-incident.js';
import { readBody } from '../functions/core/wire/read-body.js';
import { EMULATOR_REQUEST_TIMEOUT_MS } from '../functions/local/emulators.js';
import { ensureTables } from '../functions/local/provision.js';
import { cardTemplate, cardWithReference } from './cards.js';
import { type CpuSample, cpuMeter, cpuSpent } from './cpu-meter.js';
import { median } from './harness.js';
import { closedLoop } from './load.js';
import { BENCH_REGION, startBenchEmulators } from './local-stack.js';
import { type BenchOptions, type BenchSection, formatCount } from './report.js';

const TARGETS = { addedCost: 0.2, verifyRowsPerSecond: 50_000 };
const CONCURRENCY = 8;

/** The incident store without the audit append: the same write, its entries dropped. */
function withoutAudit(incidents: IncidentStore): IncidentStore {
  return {
    ...incidents,
    saveNewIncident: ({ audit: _dropped, ...write }) => incidents.saveNewIncident(write),
  };
}

function soc(id: string): Principal {
  const party: PartyRecord = {
    id,
    clientId: id,
    role: 'soc',
    name: id,
    sectors: ['electricity'],
    createdAt: '2026-11-20T04:00:00Z',
    updatedAt: '2026-11-20T04:00:00Z',
  };
  return { partyId: id, role: 'soc', party, clientId: id, connectionPoint: '198.51.100.7' };
}

/** Use-case deps over `ports` (a queue that drops: deliveries stay in the outbox). */
let nextId = 0;
function depsOver(ports: StorePorts, incidents: IncidentStore) {
  return {
    ...ports,
    incidents,
    queue: { enqueue: async () => {}, enqueueFanout: async () => {} },
    now: () => new Date(),
    newId: (prefix: string) => `${prefix}_${(nextId++).toString(36).padStart(26, '0')}`,
    log: { warn: () => {} },
  };
}

let references = 0;
const template = cardTemplate();
/** One card, fresh socReference, through the use case. */
function ingestOne(deps: ReturnType<typeof depsOver>, principal: Principal) {
  references += 1;
  const bytes = Buffer.from(cardWithReference(template, `SOC-AUDIT-${references}`));
  return acceptIncident(deps, principal, readBody(bytes, 'application/json'));
}

interface Plan {
  rounds: number;
  roundMs: number;
  chainRows: number;
}
const FULL: Plan = { rounds: 6, roundMs: 4_000, chainRows: 100_000 };
const QUICK: Plan = { rounds: 2, roundMs: 500, chainRows: 20_000 };

/** Cards/s on the in-memory store, with and without the audit append, one at a time. */
async function memoryIngest(plan: Plan) {
  const db = new MemoryDb();
  const ports = createMemoryStorePorts(db);
  const sides = {
    with: depsOver(ports, ports.incidents),
    without: depsOver(ports, withoutAudit(ports.incidents)),
  };
  const principal = soc('soc-mem');
  const rates = { with: [] as number[], without: [] as number[] };
  const round = async (side: 'with' | 'without') => {
    const result = await closedLoop(1, plan.roundMs, async () => {
      await ingestOne(sides[side], principal);
    });
    if (result.errors > 0) throw new Error(result.errorSamples[0]);
    rates[side].push(result.opsPerSecond);
  };
  await round('with');
  await round('without');
  rates.with.length = 0;
  rates.without.length = 0;
  for (let i = 0; i < plan.rounds; i++) {
    for (const side of i % 2 === 0
      ? (['with', 'without'] as const)
      : (['without', 'with'] as const))
      await round(side);
  }
  return {
    with: median(rates.with),
    without: median(rates.without),
    added: median(rates.without.map((r, i) => r / (rates.with[i] ?? Number.NaN))) - 1,
  };
}

/** CPU per incident (this process + DynamoDB Local) on the embedded stack's store. */
async function dynamoIngest(plan: Plan) {
  const emulators = await startBenchEmulators();
  try {
    const client = createDynamoDbClient({
      region: BENCH_REGION,
      endpoint: emulators.endpoints.dynamodb,
      requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
    });
    const tableName = 'ncc-gateway-audit-bench';
    // The item table and the audit table beside it (no indexes), as the embedded stack has.
    const auditTableName = await ensureTables(client, { tableName });
    // As the embedded stack configures it (config.singleWriter): one process writes, so an
    // append builds on the head it wrote last instead of reading it.
    const ports = createDynamoStorePorts({ client, tableName, auditTableName, singleWriter: true });
    const sides = {
      with: depsOver(ports, ports.incidents),
      without: depsOver(ports, withoutAudit(ports.incidents)),
    };
    const readCpu = cpuMeter(emulators.endpoints.dynamodb);
    const many = Array.from({ length: CONCURRENCY }, (_, i) => soc(`soc-${i}`));
    const idle = [...many];
    const one = soc('soc-burst');
    type Side = 'with' | 'without';
    type Shape = 'many' | 'one';
    const cpuPer: Record<Shape, Record<Side, number[]>> = {
      many: { with: [], without: [] },
      one: { with: [], without: [] },
    };
    const rate: Record<Shape, Record<Side, number[]>> = {
      many: { with: [], without: [] },
      one: { with: [], without: [] },
    };
    let errors = 0;
    const errorSamples: string[] = [];
    const round = async (shape: Shape, side: Side, record: boolean) => {
      const before: CpuSample = readCpu();
      const result = await closedLoop(CONCURRENCY, plan.roundMs, async () => {
        if (shape === 'one') return void (await ingestOne(sides[side], one));
        // Each operation takes an idle SOC, so no two of "8 SOCs" share a chain head.
        const principal = idle.pop() as Principal;
        try {
          await ingestOne(sides[side], principal);
        } finally {
          idle.push(principal);
        }
      });
      const spent = cpuSpent(before, readCpu());
      // A timeout of the loaded emulator now and then is noted, not fatal; its CPU is counted.
      errors += result.errors;
      if (result.errors > 0) errorSamples.push(`${shape}/${side}: ${result.errorSamples[0]}`);
      if (result.completed === 0) throw new Error(`${shape}/${side}: ${result.errorSamples[0]}`);
      if (!record) return;
      cpuPer[shape][side].push((spent.processMs + (spent.emulatorMs ?? 0)) / result.completed);
      rate[shape][side].push(result.opsPerSecond);
    };
    for (const shape of ['many', 'one'] as const) {
      await round(shape, 'with', false);
      await round(shape, 'without', false);
      for (let i = 0; i < plan.rounds; i++) {
        for (const side of i % 2 === 0
          ? (['with', 'without'] as const)
          : (['without', 'with'] as const))
          await round(shape, side, true);
      }
    }
    const summary = (shape: Shape) => ({
      cpuWith: median(cpuPer[shape].with),
      cpuWithout: median(cpuPer[shape].without),
      added:
        median(cpuPer[shape].with.map((c, i) => c / (cpuPer[shape].without[i] ?? Number.NaN))) - 1,
      rateWith: median(rate[shape].with),
      rateWithout: median(rate[shape].without),
    });
    return {
      many: summary('many'),
      one: summary('one'),
      jvm: readCpu().emulatorMs !== undefined,
      errors,
      errorSamples,
    };
  } finally {
    await emulators.stop();
  }
}

/** Rows/s of verifyAuditChain over a generated chain of one party (median of rounds). */
function verifyRate(plan: Plan) {
  const at = '2026-11-20T04:12:31.204Z';
  const events: AuditEvent[] = Array.from({ length: plan.chainRows }, (_, i) => ({
    partyId: 'soc-alpha',
    at,
    startedAt: at,
    connectionPoint: '198.51.100.7',
    userId: 'soc-alpha',
    source: 'post-incident',
    action: 'message.received',
    outcome: 'accepted',
    subjectId: `inc_01JD${String(i).padStart(22, '0')}`,
    sha256: 'a'.repeat(64),
    description: `Incident inc_01JD${String(i).padStart(22, '0')} reported (complete card, json, 2093 bytes)`,
  }));
  const { entries, head } = chainAuditEvents(undefined, events);
  const rates: number[] = [];
  for (let i = 0; i < Math.max(3, plan.rounds); i++) {
    const started = performance.now();
    const verdict = verifyAuditChain(entries, { partyId: 'soc-alpha', ...(head ? { head } : {}) });
    const ms = performance.now() - started;
    if (verdict.fault || verdict.checked !== entries.length)
      throw new Error('chain did not verify');
    rates.push((entries.length * 1000) / ms);
  }
  return median(rates);
}

const pct = (fraction: number) => `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)} %`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

export async function auditBench(options: BenchOptions): Promise<BenchSection> {
  const plan = options.quick ? QUICK : FULL;
  const memory = await memoryIngest(plan);
  const dynamo = await dynamoIngest(plan);
  const verify = verifyRate(plan);
  const cpuSource = dynamo.jvm ? 'this process + DynamoDB Local' : 'this process only';
  return {
    title: 'Audit trail: cost of the append, speed of verification (issue #9 item 5)',
    rows: [
      {
        name: 'memory store, with audit',
        value: `${formatCount(memory.with)} cards/s`,
        note: 'acceptIncident, one at a time',
      },
      { name: 'memory store, without audit', value: `${formatCount(memory.without)} cards/s` },
      { name: '  audit adds', value: pct(memory.added), note: 'median of per-round ratios' },
      {
        name: 'DynamoDB Local, 8 SOCs, with audit',
        value: ms(dynamo.many.cpuWith),
        note: `CPU per incident (${cpuSource}); ${formatCount(dynamo.many.rateWith)} incidents/s`,
      },
      {
        name: 'DynamoDB Local, 8 SOCs, without audit',
        value: ms(dynamo.many.cpuWithout),
        note: `${formatCount(dynamo.many.rateWithout)} incidents/s`,
      },
      { name: '  audit adds', value: pct(dynamo.many.added) },
      {
        name: 'DynamoDB Local, 1 SOC × 8, with audit',
        value: ms(dynamo.one.cpuWith),
        note: `all racing for one chain head; ${formatCount(dynamo.one.rateWith)} incidents/s`,
      },
      {
        name: 'DynamoDB Local, 1 SOC × 8, without audit',
        value: ms(dynamo.one.cpuWithout),
        note: `${formatCount(dynamo.one.rateWithout)} incidents/s`,
      },
      { name: '  audit adds', value: pct(dynamo.one.added) },
      {
        name: 'DynamoDB Local errors',
        value: formatCount(dynamo.errors),
        note: dynamo.errorSamples[0] ?? 'none',
      },
      {
        name: 'verifyAuditChain',
        value: `${formatCount(verify)} rows/s`,
        note: `${formatCount(plan.chainRows)} generated rows of one party`,
      },
    ],
    targets: [
      {
        target: 'audit adds ≤ 20 % to cards/s (in-memory use case)',
        actual: pct(memory.added),
        pass: memory.added <= TARGETS.addedCost,
      },
      {
        target: 'audit adds ≤ 20 % to CPU per incident (embedded stack, 8 SOCs)',
        actual: pct(dynamo.many.added),
        pass: dynamo.many.added <= TARGETS.addedCost,
      },
      {
        target: 'verify ≥ 50 000 rows/s',
        actual: `${formatCount(verify)} rows/s`,
        pass: verify >= TARGETS.verifyRowsPerSecond,
      },
    ],
  };
}
