/**
 * Connection state in memory: one record per party with the block and the counters the
 * blocking rules read. A block or unblock is one transaction with its `connection.*`
 * deliveries and its audit entry, as on DynamoDB (`adapters/dynamodb/connections.ts`).
 */
import type {
  ConnectionBlock,
  ConnectionChange,
  ConnectionState,
  ConnectionStore,
  StrikeKind,
} from '../../core/ports/connections.js';
import { auditAppendItems } from './audit-trail.js';
import { putDelivery } from './items.js';
import type { MemoryDb, MemoryTxItem } from './memory-db.js';

const HOUR_MS = 3_600_000;

/** What is stored per party: the state the port returns plus the counters behind it. */
interface StoredConnection extends ConnectionState {
  lastAuthFailureAt?: string;
  rateBreaches?: number[];
  hostileInputs?: number[];
  readsHour?: number;
  readsCount?: number;
}

const STRIKES: Record<StrikeKind, 'rateBreaches' | 'hostileInputs'> = {
  rate_breach: 'rateBreaches',
  hostile_input: 'hostileInputs',
};

function stateOf(stored: StoredConnection): ConnectionState {
  return {
    partyId: stored.partyId,
    authFailures: stored.authFailures,
    ...(stored.lastSeenAt === undefined ? {} : { lastSeenAt: stored.lastSeenAt }),
    ...(stored.unblockedAt === undefined ? {} : { unblockedAt: stored.unblockedAt }),
    ...(stored.credentialsIssuedAt === undefined
      ? {}
      : { credentialsIssuedAt: stored.credentialsIssuedAt }),
    ...(stored.credentialReminderFor === undefined
      ? {}
      : { credentialReminderFor: stored.credentialReminderFor }),
    ...(stored.blocked === undefined ? {} : { blocked: stored.blocked }),
  };
}

export function createMemoryConnectionStore(db: MemoryDb): ConnectionStore {
  /** The party's record, created empty on first write (like an UpdateItem). */
  function record(partyId: string): StoredConnection {
    let stored = db.get<StoredConnection>('connections', partyId);
    if (stored === undefined) {
      stored = { partyId, authFailures: 0 };
      db.tables.connections.set(partyId, stored);
    }
    return stored;
  }

  /** The connection item's change, the deliveries and the audit entry, whole or not at all. */
  function changeWithAudit(connection: MemoryTxItem, change: ConnectionChange): boolean {
    const audit = auditAppendItems(db, [change.audit]);
    return db.transact([connection, ...change.deliveries.map(putDelivery), ...audit.items])
      .committed;
  }

  return {
    getConnection: (partyId) =>
      db.run(() => {
        const stored = db.get<StoredConnection>('connections', partyId);
        return stored === undefined ? undefined : stateOf(stored);
      }),
    addAuthFailure: (partyId, at) =>
      db.run(() => {
        const stored = record(partyId);
        stored.authFailures += 1;
        stored.lastAuthFailureAt = at;
        return stored.authFailures;
      }),
    recordSeen: (partyId, at) =>
      db.run(() => {
        const stored = record(partyId);
        stored.lastSeenAt = at;
        stored.authFailures = 0;
      }),
    addStrike: (partyId, kind, atMs, windowMs) =>
      db.run(() => {
        const stored = record(partyId);
        const recent = [...(stored[STRIKES[kind]] ?? []), atMs].filter((t) => t > atMs - windowMs);
        stored[STRIKES[kind]] = recent;
        return recent.length;
      }),
    addReads: (partyId, items, atMs) =>
      db.run(() => {
        const hour = Math.floor(atMs / HOUR_MS) * HOUR_MS;
        const stored = record(partyId);
        if (stored.readsHour === hour) {
          stored.readsCount = (stored.readsCount ?? 0) + items;
        } else if (stored.readsHour === undefined || stored.readsHour < hour) {
          stored.readsHour = hour;
          stored.readsCount = items;
        } else {
          // The stored hour is later than ours (a request that read the clock long ago): not counted.
          return 0;
        }
        return stored.readsCount;
      }),
    block: (block: ConnectionBlock, change) =>
      db.run(() =>
        changeWithAudit(
          {
            name: 'connection',
            table: 'connections',
            key: change.partyId,
            condition: (current) =>
              (current as StoredConnection | undefined)?.blocked === undefined,
            write: (current) => ({
              ...((current as StoredConnection | undefined) ?? {
                partyId: change.partyId,
                authFailures: 0,
              }),
              blocked: block,
            }),
          },
          change,
        ),
      ),
    unblock: (at, change) =>
      db.run(() => {
        const lifted = db.get<StoredConnection>('connections', change.partyId)?.blocked;
        if (lifted === undefined) return undefined;
        const done = changeWithAudit(
          {
            name: 'connection',
            table: 'connections',
            key: change.partyId,
            condition: (current) =>
              (current as StoredConnection | undefined)?.blocked?.at === lifted.at,
            write: (current) => {
              const {
                blocked: _lifted,
                rateBreaches: _rate,
                hostileInputs: _hostile,
                ...rest
              } = current as StoredConnection;
              return { ...rest, unblockedAt: at, authFailures: 0, lastSeenAt: at };
            },
          },
          change,
        );
        return done ? structuredClone(lifted) : undefined;
      }),
    reissueCredentials: (issuedAt, change) =>
      db.run(() => {
        changeWithAudit(
          {
            name: 'connection',
            table: 'connections',
            key: change.partyId,
            write: (current) => {
              const { credentialReminderFor: _forgotten, ...rest } = (current as
                | StoredConnection
                | undefined) ?? { partyId: change.partyId, authFailures: 0 };
              return { ...rest, credentialsIssuedAt: issuedAt };
            },
          },
          change,
        );
      }),
    remindCredentialExpiry: (credential, change) =>
      db.run(() =>
        changeWithAudit(
          {
            name: 'connection',
            table: 'connections',
            key: change.partyId,
            condition: (current) =>
              (current as StoredConnection | undefined)?.credentialReminderFor !== credential,
            write: (current) => ({
              ...((current as StoredConnection | undefined) ?? {
                partyId: change.partyId,
                authFailures: 0,
              }),
              credentialReminderFor: credential,
            }),
          },
          change,
        ),
      ),
  };
}
