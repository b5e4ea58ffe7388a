/**
 * The item table and the audit table, described once as plain data so that local provisioning
 * (`functions/local/provision.ts`) and the CDK stateful stack build the same shape.
 */

/** Attribute names the table and its indexes are keyed on. */
export const ATTR = {
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  gsi2pk: 'gsi2pk',
  gsi2sk: 'gsi2sk',
  duePk: 'duePk',
  dueAt: 'dueAt',
  remindPk: 'remindPk',
  remindAt: 'remindAt',
  outboxPk: 'outboxPk',
  outboxAt: 'outboxAt',
  expiresAt: 'expiresAt',
} as const;

/** Global secondary index names. */
export const INDEX = {
  gsi1: 'gsi1',
  gsi2: 'gsi2',
  byDue: 'byDue',
  byRemind: 'byRemind',
  byOutbox: 'byOutbox',
} as const;

/** A key attribute; every key in this table is a string. */
export interface KeyAttribute {
  name: string;
  type: 'S';
}

/** A global secondary index. */
export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  projection: 'ALL';
  /** Why the index exists; sparse indexes hold only items that carry both key attributes. */
  purpose: string;
}

/** The whole table shape, without its name (the name comes from config). */
export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: readonly IndexDefinition[];
  /** Attribute holding epoch seconds after which DynamoDB may delete the item (none: never). */
  timeToLiveAttribute: string | undefined;
  billingMode: 'PAY_PER_REQUEST';
}

const str = (name: string): KeyAttribute => ({ name, type: 'S' });

/** The gateway's single table. */
export const TABLE_DEFINITION: TableDefinition = {
  partitionKey: str(ATTR.pk),
  sortKey: str(ATTR.sk),
  globalSecondaryIndexes: [
    {
      indexName: INDEX.gsi1,
      partitionKey: str(ATTR.gsi1pk),
      sortKey: str(ATTR.gsi1sk),
      projection: 'ALL',
      purpose: 'Per-party listings (incidents, obligations, deliveries, inbox) by time.',
    },
    {
      indexName: INDEX.gsi2,
      partitionKey: str(ATTR.gsi2pk),
      sortKey: str(ATTR.gsi2sk),
      projection: 'ALL',
      // NCC-wide listings: every record of one kind in one partition, by time
      // (incidents by creation, obligations by due time). See docs/dynamodb-keys.md.
      purpose: 'Everything of a kind by time (NCC-wide listings).',
    },
    {
      indexName: INDEX.byDue,
      partitionKey: str(ATTR.duePk),
      sortKey: str(ATTR.dueAt),
      projection: 'ALL',
      // Sparse: closing an obligation removes duePk/dueAt, so the sweep's
      // `dueAt <= now` query reads only what is still open.
      purpose: 'Open obligations by deadline, for the sweep.',
    },
    {
      indexName: INDEX.byRemind,
      partitionKey: str(ATTR.remindPk),
      sortKey: str(ATTR.remindAt),
      projection: 'ALL',
      purpose: 'Pending reminders by time (sparse).',
    },
    {
      indexName: INDEX.byOutbox,
      partitionKey: str(ATTR.outboxPk),
      sortKey: str(ATTR.outboxAt),
      projection: 'ALL',
      // Sparse: written in the same transaction as the incident and removed
      // once SQS has the message, so an SQS outage delays but never loses a delivery.
      // Its `FANOUT` partition holds the notice fan-outs not yet complete, by last
      // progress, for the sweep to resume (issue #14 item 5).
      purpose: 'Deliveries not yet handed to SQS, and unfinished notice fan-outs (sparse).',
    },
  ],
  // Only idempotency records carry it.
  timeToLiveAttribute: ATTR.expiresAt,
  billingMode: 'PAY_PER_REQUEST',
};

/**
 * The audit table: every audit item (chain entries, heads, day markers, digests) and
 * nothing else. No indexes, no TTL — audit rows never expire (002 п.38) and a day's
 * entries are found by key (audit-days.ts). Kept apart from the item table so an append
 * writes no item to a table with indexes (issue #9: the audit append adds at most 20 %
 * to a write) and so IAM can make it append-only (cdk/grants.ts). Appends still commit in
 * the same TransactWriteItems as the write they record: a transaction spans tables.
 */
export const AUDIT_TABLE_DEFINITION: TableDefinition = {
  partitionKey: str(ATTR.pk),
  sortKey: str(ATTR.sk),
  globalSecondaryIndexes: [],
  timeToLiveAttribute: undefined,
  billingMode: 'PAY_PER_REQUEST',
};

/** The audit table's name when the configuration names none: `<table>-audit`. */
export const defaultAuditTableName = (tableName: string): string => `${tableName}-audit`;
