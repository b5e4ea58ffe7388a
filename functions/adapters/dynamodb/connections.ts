/**
 * Connection state on the single table: one item per party (`PARTY#<id>` / `CONNECTION`)
 * with the block and the counters the blocking rules read. Counters are single
 * UpdateItems; a block or unblock is one transaction with its `connection.*`
 * deliveries (the outbox) and its audit entry.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AuditHeadMovedError } from '../../core/ports/audit-trail.js';
import type {
  ConnectionBlock,
  ConnectionChange,
  ConnectionState,
  ConnectionStore,
  StrikeKind,
} from '../../core/ports/connections.js';
import { failedAny } from '../transactions.js';
import { AUDIT_APPEND_ATTEMPTS, auditAppendItems, readAuditHeads } from './audit-items.js';
import { perStoreContext, rememberedReads, type StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { withStoreErrors } from './errors.js';
import { ENTITY, KEY } from './keys.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { isObject } from './shape.js';
import { type NamedItem, named, transactWrite } from './transact.js';

const HOUR_MS = 3_600_000;
/** The connection item's name in a block or unblock (its failure: the state was not as read). */
const CONNECTION_ITEM = 'connection';
const STRIKE_ATTRIBUTE: Record<StrikeKind, string> = {
  rate_breach: 'rateBreaches',
  hostile_input: 'hostileInputs',
};

function decodeConnection(partyId: string, item: Record<string, unknown>): ConnectionState {
  const blocked = item.blocked;
  return {
    partyId,
    authFailures: typeof item.authFailures === 'number' ? item.authFailures : 0,
    ...(typeof item.lastSeenAt === 'string' ? { lastSeenAt: item.lastSeenAt } : {}),
    ...(typeof item.unblockedAt === 'string' ? { unblockedAt: item.unblockedAt } : {}),
    ...(typeof item.credentialsIssuedAt === 'string'
      ? { credentialsIssuedAt: item.credentialsIssuedAt }
      : {}),
    ...(typeof item.credentialReminderFor === 'string'
      ? { credentialReminderFor: item.credentialReminderFor }
      : {}),
    ...(isObject(blocked) ? { blocked: blocked as unknown as ConnectionBlock } : {}),
  };
}

/** How long a single writer trusts a connection state it read (see `StoreContext.singleWriter`). */
export const CONNECTION_REUSE_MS = 5_000;

/**
 * Connection states as last read by a single writer, per party: every authenticated request
 * reads its party's state (п.90-1: blocked? credentials reissued? inactive?), and on the
 * embedded stack nothing but this process changes it. A state is trusted for
 * {@link CONNECTION_REUSE_MS} and forgotten whenever this process writes that party's
 * connection item (after the write settles, so no read begun before it is kept); one memory
 * per store context, so every connection store on it forgets together.
 */
const rememberedConnections = perStoreContext(() =>
  rememberedReads<ConnectionState | undefined>(CONNECTION_REUSE_MS),
);

/** A single writer's connection store: reads remembered, every write forgetting its party. */
function rememberingReads(ctx: StoreContext, store: ConnectionStore): ConnectionStore {
  const memory = rememberedConnections(ctx);
  const forgetting =
    <A extends unknown[], R>(partyOf: (...args: A) => string, write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } finally {
        memory.forget(partyOf(...args));
      }
    };
  return {
    getConnection: async (partyId) => {
      const state = await memory.read(partyId, () => store.getConnection(partyId));
      return state === undefined ? undefined : structuredClone(state);
    },
    addAuthFailure: forgetting((partyId) => partyId, store.addAuthFailure),
    recordSeen: forgetting((partyId) => partyId, store.recordSeen),
    addStrike: forgetting((partyId) => partyId, store.addStrike),
    addReads: forgetting((partyId) => partyId, store.addReads),
    block: forgetting((_block, change) => change.partyId, store.block),
    unblock: forgetting((_at, change) => change.partyId, store.unblock),
    reissueCredentials: forgetting((_issuedAt, change) => change.partyId, store.reissueCredentials),
    remindCredentialExpiry: forgetting(
      (_credential, change) => change.partyId,
      store.remindCredentialExpiry,
    ),
  };
}

export function createConnectionStore(ctx: StoreContext): ConnectionStore {
  const store = createDirectConnectionStore(ctx);
  return ctx.singleWriter ? rememberingReads(ctx, store) : store;
}

function createDirectConnectionStore(ctx: StoreContext): ConnectionStore {
  const key = (partyId: string) => KEY.connection(partyId);
  const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

  /** One block or unblock: the connection item's change, its deliveries and its audit entry, retried when the audit head moved. */
  async function changeWithAudit(
    connectionItem: NamedItem,
    change: ConnectionChange,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const heads = await readAuditHeads(ctx, [change.audit.partyId]);
      const audit = auditAppendItems(ctx, heads, [change.audit]);
      const outcome = await transactWrite(ctx, [
        connectionItem,
        ...change.deliveries.map((d) => putDelivery(ctx, d)),
        ...audit.items,
      ]);
      if (outcome.committed) return true;
      if (failedAny(outcome, CONNECTION_ITEM)) return false;
      if (attempt >= AUDIT_APPEND_ATTEMPTS) throw new AuditHeadMovedError(change.audit.partyId);
    }
  }

  return {
    getConnection: (partyId) =>
      withStoreErrors('getConnection', async () => {
        const { Item } = await ctx.doc.send(
          new GetCommand({ TableName: ctx.tableName, Key: key(partyId), ConsistentRead: true }),
        );
        return Item ? decodeConnection(partyId, Item) : undefined;
      }),

    addAuthFailure: (partyId, at) =>
      withStoreErrors('addAuthFailure', async () => {
        const { Attributes } = await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: key(partyId),
            UpdateExpression: 'SET #entity = :entity, #last = :at ADD #failures :one',
            ExpressionAttributeNames: {
              '#entity': 'entity',
              '#failures': 'authFailures',
              '#last': 'lastAuthFailureAt',
            },
            ExpressionAttributeValues: { ':entity': ENTITY.connection, ':one': 1, ':at': at },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return typeof Attributes?.authFailures === 'number' ? Attributes.authFailures : 1;
      }),

    recordSeen: (partyId, at) =>
      withStoreErrors('recordSeen', async () => {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: key(partyId),
            UpdateExpression: 'SET #entity = :entity, #seen = :at, #failures = :zero',
            ExpressionAttributeNames: {
              '#entity': 'entity',
              '#seen': 'lastSeenAt',
              '#failures': 'authFailures',
            },
            ExpressionAttributeValues: { ':entity': ENTITY.connection, ':at': at, ':zero': 0 },
          }),
        );
      }),

    addStrike: (partyId, kind, atMs, windowMs) =>
      withStoreErrors('addStrike', async () => {
        const attribute = STRIKE_ATTRIBUTE[kind];
        const { Attributes } = await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: key(partyId),
            UpdateExpression:
              'SET #entity = :entity, #strikes = list_append(if_not_exists(#strikes, :empty), :one)',
            ExpressionAttributeNames: { '#entity': 'entity', '#strikes': attribute },
            ExpressionAttributeValues: {
              ':entity': ENTITY.connection,
              ':empty': [],
              ':one': [atMs],
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        const all = Array.isArray(Attributes?.[attribute])
          ? (Attributes[attribute] as unknown[]).filter((v): v is number => typeof v === 'number')
          : [atMs];
        const recent = all.filter((t) => t > atMs - windowMs);
        if (recent.length < all.length) {
          // Forget strikes that left the window; a concurrent strike makes this lose, which is fine.
          await ctx.doc
            .send(
              new UpdateCommand({
                TableName: ctx.tableName,
                Key: key(partyId),
                UpdateExpression: 'SET #strikes = :recent',
                ConditionExpression: 'size(#strikes) = :size',
                ExpressionAttributeNames: { '#strikes': attribute },
                ExpressionAttributeValues: { ':recent': recent, ':size': all.length },
              }),
            )
            .catch((error: unknown) => {
              if (!conditionFailed(error)) throw error;
            });
        }
        return recent.length;
      }),

    addReads: (partyId, items, atMs) =>
      withStoreErrors('addReads', async () => {
        const hour = Math.floor(atMs / HOUR_MS) * HOUR_MS;
        const names = { '#entity': 'entity', '#hour': 'readsHour', '#count': 'readsCount' };
        const addInHour = () =>
          ctx.doc.send(
            new UpdateCommand({
              TableName: ctx.tableName,
              Key: key(partyId),
              UpdateExpression: 'ADD #count :items',
              ConditionExpression: '#hour = :hour',
              ExpressionAttributeNames: { '#hour': 'readsHour', '#count': 'readsCount' },
              ExpressionAttributeValues: { ':hour': hour, ':items': items },
              ReturnValues: 'ALL_NEW',
            }),
          );
        const startHour = () =>
          ctx.doc.send(
            new UpdateCommand({
              TableName: ctx.tableName,
              Key: key(partyId),
              UpdateExpression: 'SET #entity = :entity, #hour = :hour, #count = :items',
              ConditionExpression: 'attribute_not_exists(#hour) OR #hour < :hour',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: {
                ':entity': ENTITY.connection,
                ':hour': hour,
                ':items': items,
              },
              ReturnValues: 'ALL_NEW',
            }),
          );
        for (const attempt of [addInHour, startHour, addInHour]) {
          try {
            const { Attributes } = await attempt();
            return typeof Attributes?.readsCount === 'number' ? Attributes.readsCount : items;
          } catch (error) {
            if (!conditionFailed(error)) throw error;
          }
        }
        // The stored hour is later than ours (a request that read the clock long ago): not counted.
        return 0;
      }),

    block: (block, change) =>
      withStoreErrors('blockConnection', () =>
        changeWithAudit(
          named(CONNECTION_ITEM, {
            Update: {
              TableName: ctx.tableName,
              Key: key(change.partyId),
              UpdateExpression: 'SET #entity = :entity, #blocked = :block',
              ConditionExpression: 'attribute_not_exists(#blocked)',
              ExpressionAttributeNames: { '#entity': 'entity', '#blocked': 'blocked' },
              ExpressionAttributeValues: { ':entity': ENTITY.connection, ':block': block },
            },
          }),
          change,
        ),
      ),

    unblock: (at, change) =>
      withStoreErrors('unblockConnection', async () => {
        const { Item } = await ctx.doc.send(
          new GetCommand({
            TableName: ctx.tableName,
            Key: key(change.partyId),
            ConsistentRead: true,
          }),
        );
        const lifted = Item ? decodeConnection(change.partyId, Item).blocked : undefined;
        if (!lifted) return undefined;
        const done = await changeWithAudit(
          named(CONNECTION_ITEM, {
            Update: {
              TableName: ctx.tableName,
              Key: key(change.partyId),
              UpdateExpression:
                'REMOVE #blocked, #rate, #hostile SET #unblocked = :at, #failures = :zero, #seen = :at',
              ConditionExpression: '#blocked.#blockedAt = :blockedAt',
              ExpressionAttributeNames: {
                '#blocked': 'blocked',
                '#blockedAt': 'at',
                '#rate': STRIKE_ATTRIBUTE.rate_breach,
                '#hostile': STRIKE_ATTRIBUTE.hostile_input,
                '#unblocked': 'unblockedAt',
                '#failures': 'authFailures',
                '#seen': 'lastSeenAt',
              },
              ExpressionAttributeValues: { ':at': at, ':zero': 0, ':blockedAt': lifted.at },
            },
          }),
          change,
        );
        return done ? lifted : undefined;
      }),

    reissueCredentials: (issuedAt, change) =>
      withStoreErrors('reissueCredentials', async () => {
        await changeWithAudit(
          named(CONNECTION_ITEM, {
            Update: {
              TableName: ctx.tableName,
              Key: key(change.partyId),
              UpdateExpression: 'SET #entity = :entity, #issued = :issuedAt REMOVE #reminded',
              ExpressionAttributeNames: {
                '#entity': 'entity',
                '#issued': 'credentialsIssuedAt',
                '#reminded': 'credentialReminderFor',
              },
              ExpressionAttributeValues: { ':entity': ENTITY.connection, ':issuedAt': issuedAt },
            },
          }),
          change,
        );
      }),

    remindCredentialExpiry: (credential, change) =>
      withStoreErrors('remindCredentialExpiry', () =>
        changeWithAudit(
          named(CONNECTION_ITEM, {
            Update: {
              TableName: ctx.tableName,
              Key: key(change.partyId),
              UpdateExpression: 'SET #entity = :entity, #reminded = :credential',
              ConditionExpression: 'attribute_not_exists(#reminded) OR #reminded <> :credential',
              ExpressionAttributeNames: {
                '#entity': 'entity',
                '#reminded': 'credentialReminderFor',
              },
              ExpressionAttributeValues: {
                ':entity': ENTITY.connection,
                ':credential': credential,
              },
            },
          }),
          change,
        ),
      ),
  };
}

/** Connection state on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoConnectionStore(settings: DynamoSettings): ConnectionStore {
  return createConnectionStore(storeContextFor(settings));
}
