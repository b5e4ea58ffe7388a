/**
 * The in-memory store's state: one map per record type, transactions of named items
 * that commit whole or not at all, and a "dependency down" switch. Every port of
 * `adapters/memory/` works on one `MemoryDb`, so a test sees one consistent store, the
 * way the DynamoDB adapters share one table.
 *
 * Fidelity over speed where it matters to callers: every operation yields to the event
 * loop first (so concurrent requests interleave as they do against a real store), and
 * records are copied in and out (a caller never holds a live reference to stored data).
 */
import { DependencyUnavailableError } from '../../core/errors.js';
import type { Named, TxOutcome } from '../transactions.js';

/** The record maps, keyed as documented on each. */
export interface MemoryTables {
  /** party id → PartyRecord */
  parties: Map<string, unknown>;
  /** client id → party id */
  clients: Map<string, unknown>;
  /** incident id → IncidentRecord */
  incidents: Map<string, unknown>;
  /** `<incidentId>#<version>` → CardVersionRecord */
  versions: Map<string, unknown>;
  /** `<subjectId>#<obligationId>` → Obligation */
  obligations: Map<string, unknown>;
  /** delivery id → DeliveryRecord */
  deliveries: Map<string, unknown>;
  /** notice id → NoticeRecord */
  notices: Map<string, unknown>;
  /** notice id → NoticeFanoutRecord */
  fanouts: Map<string, unknown>;
  /** `<noticeId>#<partyId>` → NoticeRecipientRecord */
  recipients: Map<string, unknown>;
  /** `<noticeId>#<responseId>` → NoticeResponseRecord */
  responses: Map<string, unknown>;
  /** `<socId>#<socReference>` → stored claim */
  socReferences: Map<string, unknown>;
  /** vulnerability id → VulnerabilityRecord */
  vulnerabilities: Map<string, unknown>;
  /** `<vulnerabilityId>#<version>` → VulnerabilityVersionRecord */
  vulnerabilityVersions: Map<string, unknown>;
  /** `<reporterId>#<reference>` → stored claim */
  vulnerabilityReferences: Map<string, unknown>;
  /** `<partyId>#<key>` → IdempotencyRecord */
  idempotency: Map<string, unknown>;
  /** party id → { windowStart, used } */
  rates: Map<string, unknown>;
  /** party id → StoredConnection (connection state and the counters the blocking rules read) */
  connections: Map<string, unknown>;
  /** `<partyId>#<12-digit seq>` → AuditEntry */
  auditEntries: Map<string, unknown>;
  /** party id → AuditHead */
  auditHeads: Map<string, unknown>;
  /** day → SignedAuditDigest */
  auditDigests: Map<string, unknown>;
}

export type TableName = keyof MemoryTables;

/**
 * One item of a transaction: a named write (or check) of one record, under a condition;
 * its name and role are the DynamoDB adapter's (`adapters/transactions.ts`).
 */
export interface MemoryTxItem extends Named {
  table: TableName;
  key: string;
  /** Must hold for the stored record (undefined when there is none); absent means always. */
  condition?: (current: unknown) => boolean;
  /** The record to store, from the current one; absent for a pure check; `null` deletes. */
  write?: (current: unknown) => unknown;
}

/** How a transaction ended: committed, or cancelled with the names of the items whose condition failed. */
export type MemoryTxOutcome = TxOutcome;

/** Thrown for a store fault that is ours, not the caller's (a 500 on the HTTP side). */
export class MemoryStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryStoreError';
  }
}

export interface MemoryDbOptions {
  /** Decides when an idempotency record has expired. Defaults to the wall clock. */
  now?: () => Date;
  /** Name in the 503's detail when the store is down. */
  dependency?: string;
}

export class MemoryDb {
  readonly tables: MemoryTables = {
    parties: new Map(),
    clients: new Map(),
    incidents: new Map(),
    versions: new Map(),
    obligations: new Map(),
    deliveries: new Map(),
    notices: new Map(),
    fanouts: new Map(),
    recipients: new Map(),
    responses: new Map(),
    socReferences: new Map(),
    vulnerabilities: new Map(),
    vulnerabilityVersions: new Map(),
    vulnerabilityReferences: new Map(),
    idempotency: new Map(),
    rates: new Map(),
    connections: new Map(),
    auditEntries: new Map(),
    auditHeads: new Map(),
    auditDigests: new Map(),
  };
  readonly now: () => Date;
  private readonly dependency: string;
  private down = false;
  /** Operations left before an outage starts (undefined: no outage planned). */
  private healthyOperations: number | undefined;
  /** Operations that fail before the store works again (a short outage). */
  private failingOperations = 0;
  /** Operations run so far (reads and transactions). */
  operations = 0;
  /** Tables whose writes fail with a 503 (a dependency of one kind of record down). */
  private readonly failingTables = new Set<TableName>();

  constructor(options: MemoryDbOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.dependency = options.dependency ?? 'DynamoDB';
  }

  /** Takes the store down (every operation then fails with a 503 and changes nothing) or brings it back. */
  setDown(down: boolean): void {
    this.down = down;
    this.healthyOperations = undefined;
  }

  /** Lets `operations` more operations succeed, then takes the store down: a failure mid-request. */
  failAfter(operations: number): void {
    this.down = false;
    this.healthyOperations = operations;
  }

  /** Fails the next `operations` operations with a 503, then works again: a blip. */
  failNext(operations: number): void {
    this.failingOperations = operations;
  }

  /**
   * Fails every transaction that writes to `table` with a 503, changing nothing, or lets
   * it work again: e.g. the audit trail unavailable while the rest of the store works.
   */
  failWritesTo(table: TableName, failing = true): void {
    if (failing) this.failingTables.add(table);
    else this.failingTables.delete(table);
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Runs one operation atomically, after yielding to the event loop; its result is a copy. */
  async run<T>(read: () => T): Promise<T> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.enter();
    return structuredClone(read());
  }

  /**
   * {@link run} for an operation that awaits (the shared `writeNamed`): still one
   * operation, and atomic, because `operation` may await only promises that settle
   * without yielding to the event loop — every other operation first waits for it.
   */
  async runAsync<T>(operation: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.enter();
    return structuredClone(await operation());
  }

  /** Commits the items whole if every condition holds; otherwise changes nothing. */
  transact(items: readonly MemoryTxItem[]): MemoryTxOutcome {
    const unavailable = items.find((item) => this.failingTables.has(item.table));
    if (unavailable !== undefined) {
      throw new DependencyUnavailableError(`${this.dependency} (${unavailable.table})`);
    }
    const failed = new Set<string>();
    for (const item of items) {
      if (item.condition && !item.condition(this.tables[item.table].get(item.key))) {
        failed.add(item.name);
      }
    }
    if (failed.size > 0) return { committed: false, failed };
    // Compute every new record before storing any, so a throwing writer leaves nothing half-written.
    const writes = items
      .filter((item) => item.write !== undefined)
      .map((item) => ({
        item,
        value: item.write?.(this.tables[item.table].get(item.key)),
      }));
    for (const { item, value } of writes) {
      if (value === null) this.tables[item.table].delete(item.key);
      else this.tables[item.table].set(item.key, structuredClone(value));
    }
    return { committed: true };
  }

  /** A stored record (not a copy: for use inside {@link run} only). */
  get<T>(table: TableName, key: string): T | undefined {
    return this.tables[table].get(key) as T | undefined;
  }

  /** Every stored record of a table (live: for use inside {@link run} only). */
  values<T>(table: TableName): T[] {
    return [...this.tables[table].values()] as T[];
  }

  private enter(): void {
    this.operations += 1;
    if (this.failingOperations > 0) {
      this.failingOperations -= 1;
      throw new DependencyUnavailableError(this.dependency);
    }
    if (this.healthyOperations !== undefined) {
      if (this.healthyOperations === 0) this.down = true;
      else this.healthyOperations -= 1;
    }
    if (this.down) throw new DependencyUnavailableError(this.dependency);
  }
}
