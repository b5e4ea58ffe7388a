/**
 * What every aggregate module of the DynamoDB adapter shares: the document client,
 * the table names (items, audit), a clock (for idempotency expiry only) and an optional capacity
 * observer. Built once by `createDynamoGatewayStore`.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultAuditTableName } from './table-definition.js';

/** Read cost of one query, reported when an observer is given (metrics, tests). */
export interface CapacitySample {
  /** The store method, e.g. `listDue`. */
  operation: string;
  /** Read capacity units DynamoDB reports for the request (absent if it reports none). */
  capacityUnits?: number;
  /** Items DynamoDB read before filtering. */
  scannedCount: number;
  /** Items it returned. */
  count: number;
}

/** Options of {@link createDynamoGatewayStore}. */
export interface DynamoGatewayStoreOptions {
  /** Built at the edge (see `adapters/aws-clients.ts`) and passed in. */
  client: DynamoDBClient;
  tableName: string;
  /** The audit table (table-definition.ts); defaults to `<tableName>-audit`. */
  auditTableName?: string | undefined;
  /** Decides when an idempotency record has expired before TTL deletes it. Defaults to the wall clock. */
  now?: () => Date;
  /** Receives the read cost of every query; turns on ReturnConsumedCapacity. */
  observeCapacity?: (sample: CapacitySample) => void;
  /** See {@link StoreContext.singleWriter}. */
  singleWriter?: boolean;
}

/** The adapter's shared state. */
export interface StoreContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Every audit item (entries, heads, day markers, digests) lives here, none in `tableName`. */
  auditTableName: string;
  now: () => Date;
  observeCapacity: ((sample: CapacitySample) => void) | undefined;
  /**
   * This process does every write to the table (the embedded stack), so the adapter may
   * remember what it wrote instead of reading it back:
   * - the next audit append builds on the head this process last wrote (`withAuditAppend`):
   *   a strongly consistent GetItem less per message; a head moved by anyone else costs a
   *   cancelled transaction (then the read), never a wrong chain;
   * - the party registry is read at most every few seconds and forgotten on every
   *   registration this process makes (`parties.ts`): a Query and two GetItems less per
   *   incident; a party written by another process is seen within that time.
   * Off on Lambda, where a party's requests and registrations land in many containers:
   * there a remembered head or registry is usually stale.
   */
  singleWriter: boolean;
}

/** Wraps the given client in a document client and fills the defaults. */
export function createStoreContext(options: DynamoGatewayStoreOptions): StoreContext {
  // The document client stores these options on the shared client's config, where
  // another `from` call may replace them; writes therefore also drop `undefined`
  // themselves (codec.ts), and reads check every item's shape (shape.ts).
  const doc = DynamoDBDocumentClient.from(options.client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  return {
    doc,
    tableName: options.tableName,
    auditTableName: options.auditTableName ?? defaultAuditTableName(options.tableName),
    now: options.now ?? (() => new Date()),
    observeCapacity: options.observeCapacity,
    singleWriter: options.singleWriter ?? false,
  };
}

/**
 * State an adapter keeps per store context — one per process and table — made on first use
 * (audit turns and remembered heads, a single writer's registry and undelivered memo). Two
 * stores on one table keep apart, as two Lambda containers do.
 */
export function perStoreContext<T>(make: (ctx: StoreContext) => T): (ctx: StoreContext) => T {
  const states = new WeakMap<StoreContext, T>();
  return (ctx) => {
    let state = states.get(ctx);
    if (state === undefined) {
      state = make(ctx);
      states.set(ctx, state);
    }
    return state;
  };
}

/**
 * Values a single writer read and may trust for `reuseMs` (see `StoreContext.singleWriter`):
 * concurrent readers of one key share one read, a failed read is not remembered, and the
 * writer forgets a key after each of its own writes to what it holds.
 */
export function rememberedReads<T>(reuseMs: number) {
  const entries = new Map<string, { readAtMs: number; value: Promise<T> }>();
  return {
    read(key: string, load: () => Promise<T>): Promise<T> {
      const nowMs = Date.now();
      const known = entries.get(key);
      if (known !== undefined && nowMs - known.readAtMs < reuseMs) return known.value;
      const fresh = { readAtMs: nowMs, value: load() };
      entries.set(key, fresh);
      fresh.value.catch(() => {
        if (entries.get(key) === fresh) entries.delete(key);
      });
      return fresh.value;
    },
    forget(key: string): void {
      entries.delete(key);
    },
  };
}
