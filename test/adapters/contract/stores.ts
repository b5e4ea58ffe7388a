/**
 * The two store implementations the contract suite holds to one behaviour: the
 * in-memory adapters and the DynamoDB adapters on a fresh table of the run's shared
 * DynamoDB Local. Each contract file runs its cases against both (`describe.each`).
 *
 * Both have a "dependency down" switch, and one for a blip (the next N operations fail):
 * the memory store's own, and for DynamoDB a client middleware that fails commands the
 * way an unreachable endpoint does (ECONNREFUSED), before the SDK sends or retries anything.
 */
import { createDynamoDbClient } from '../../../functions/adapters/aws-clients.js';
import { createDynamoStorePorts } from '../../../functions/adapters/dynamodb/index.js';
import { createMemoryStorePorts } from '../../../functions/adapters/memory/create-memory-adapters.js';
import { MemoryDb } from '../../../functions/adapters/memory/memory-db.js';
import type { StorePorts } from '../../../functions/core/ports/ports.js';
import { EMULATOR_REQUEST_TIMEOUT_MS } from '../../../functions/local/emulators.js';
import { ensureTables } from '../../../functions/local/provision.js';
import { dynamoEndpoint, freshTableName, TEST_REGION } from '../../support/emulators.js';

/** One store under test: its ports and its outage switch. */
export interface ContractStore extends StorePorts {
  /** Every operation fails as if the dependency were unreachable, or works again. */
  setDown(down: boolean): void;
  /** The next `count` operations (store calls in memory, commands on DynamoDB) fail so, then it works again. */
  failNext(count: number): void;
  /**
   * Only the audit trail fails (its heads and entries unreachable) while the rest of the
   * store works, or works again: a write that must append can then not be made.
   */
  failAudit(failing: boolean): void;
}

export interface StoreOptions {
  /** Judges idempotency expiry (defaults to the wall clock). */
  now?: () => Date;
  /** The embedded stack's setting: this process does every write (`StoreContext.singleWriter`). */
  singleWriter?: boolean;
}

export interface StoreKind {
  name: 'memory' | 'dynamodb' | 'dynamodb, single writer';
  create(options?: StoreOptions): Promise<ContractStore>;
}

const memory: StoreKind = {
  name: 'memory',
  async create(options = {}) {
    const db = new MemoryDb(options.now === undefined ? {} : { now: options.now });
    return {
      ...createMemoryStorePorts(db),
      setDown: (down) => db.setDown(down),
      failNext: (count) => db.failNext(count),
      failAudit: (failing) => {
        db.failWritesTo('auditHeads', failing);
        db.failWritesTo('auditEntries', failing);
      },
    };
  },
};

const dynamodb: StoreKind = {
  name: 'dynamodb',
  async create(options = {}) {
    const client = createDynamoDbClient({
      region: TEST_REGION,
      endpoint: dynamoEndpoint(),
      requestTimeoutMs: EMULATOR_REQUEST_TIMEOUT_MS,
    });
    const tableName = freshTableName();
    const auditTableName = await ensureTables(client, { tableName });
    let down = false;
    let failing = 0;
    let auditDown = false;
    client.middlewareStack.add(
      (next) => async (args) => {
        // Commands touching the audit table (a transaction names each item's table).
        const touchesAudit =
          auditDown && JSON.stringify(args.input).includes(`"${auditTableName}"`);
        if (down || failing > 0 || touchesAudit) {
          if (!down && !touchesAudit) failing -= 1;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
            code: 'ECONNREFUSED',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'contractOutage' },
    );
    return {
      ...createDynamoStorePorts({
        client,
        tableName,
        auditTableName,
        ...(options.now === undefined ? {} : { now: options.now }),
        ...(options.singleWriter === undefined ? {} : { singleWriter: options.singleWriter }),
      }),
      setDown: (value) => {
        down = value;
      },
      failNext: (count) => {
        failing = count;
      },
      failAudit: (value) => {
        auditDown = value;
      },
    };
  },
};

/** Both implementations, for `describe.each(STORES)`. */
export const STORES: readonly StoreKind[] = [memory, dynamodb];

/**
 * DynamoDB as the embedded stack configures it: one process does every write, so the
 * adapter remembers what it read (registry, audit heads, connection states). For the
 * contracts of the ports that remember: what a caller reads must not change.
 */
export const SINGLE_WRITER_DYNAMODB: StoreKind = {
  name: 'dynamodb, single writer',
  create: (options = {}) => dynamodb.create({ ...options, singleWriter: true }),
};
