/**
 * The party registry: every party and a copy of it under its OAuth2 client id, in one
 * small partition (`REGISTRY`). The copy makes the per-request token lookup a single
 * strongly consistent GetItem; both are written in one transaction, so they never
 * disagree, and a client id can name only one party.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../core/audit/audit-entry.js';
import { ConflictError } from '../../core/errors.js';
import { type PartyStore, withoutWebhookSecret } from '../../core/ports/parties.js';
import type { PartyRecord } from '../../core/ports/records.js';
import { StaleWriteError } from '../../core/ports/write-conflicts.js';
import { pauseBeforeRetry, RETRY_POLICY } from '../../core/retry.js';
import { auditHeadItem, withAuditAppend } from './audit-items.js';
import { perStoreContext, rememberedReads, type StoreContext } from './context.js';
import { DynamoStoreError, withStoreErrors } from './errors.js';
import { ENTITY, KEY, SK_PREFIX } from './keys.js';
import { queryAll } from './pagination.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import {
  arrayOf,
  decodeData,
  isMap,
  isNumber,
  isString,
  oneOf,
  optional,
  type Shape,
} from './shape.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named, transactWrite } from './transact.js';

const PARTY_SHAPE: Shape<PartyRecord> = {
  id: isString,
  role: oneOf('soc', 'ncc', 'owner', 'authority', 'admin'),
  name: isString,
  clientId: isString,
  sectors: optional(arrayOf(isString)),
  webhook: optional(isMap),
  objects: optional(arrayOf(isMap)),
  policy: optional(isMap),
  escalation: optional(isMap),
  contact: optional(isMap),
  contactReports: optional(arrayOf(isMap)),
  createdAt: isString,
  updatedAt: isString,
  blocked: optional(isMap),
  authFailures: optional(isNumber),
  lastSeenAt: optional(isString),
};

function decodeParty(item: unknown, entity: string = ENTITY.party): PartyRecord {
  return decodeData(item, entity, PARTY_SHAPE);
}

async function getItem(
  ctx: StoreContext,
  key: { pk: string; sk: string },
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await ctx.doc.send(
    new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/**
 * Registered party ids are at most 64 characters (put-party.ts); a longer one names no
 * party. Answered here, before DynamoDB refuses a key over its 2048-byte limit as a
 * ValidationException that would surface as a 500 on every route that looks a party up.
 */
const LONGEST_PARTY_ID_BYTES = 1_024;

async function getParty(ctx: StoreContext, id: string): Promise<PartyRecord | undefined> {
  if (Buffer.byteLength(id, 'utf8') > LONGEST_PARTY_ID_BYTES) return undefined;
  const item = await getItem(ctx, KEY.party(id));
  return item === undefined ? undefined : decodeParty(item);
}

async function findPartyByClientId(
  ctx: StoreContext,
  clientId: string,
): Promise<PartyRecord | undefined> {
  const item = await getItem(ctx, KEY.partyClient(clientId));
  return item === undefined ? undefined : decodeParty(item, ENTITY.partyClient);
}

/**
 * The registration transaction: the party (only if it is still as read), its copy under
 * the client id (only if that id is free or already ours) and, when the client id
 * changed, the removal of the old copy.
 */
function registration(
  ctx: StoreContext,
  party: PartyRecord,
  previous: PartyRecord | undefined,
  expected?: { updatedAt: string },
): NamedItem[] {
  const items: NamedItem[] = [
    named('party', {
      Put: {
        TableName: ctx.tableName,
        Item: { ...KEY.party(party.id), entity: ENTITY.party, data: party },
        ...(previous === undefined
          ? {
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': ATTR.pk },
            }
          : {
              ConditionExpression: [
                '#data.#clientId = :previousClientId',
                ...(expected === undefined ? [] : ['#data.#updatedAt = :expectedUpdatedAt']),
              ].join(' AND '),
              ExpressionAttributeNames: {
                '#data': 'data',
                '#clientId': 'clientId',
                ...(expected === undefined ? {} : { '#updatedAt': 'updatedAt' }),
              },
              ExpressionAttributeValues: {
                ':previousClientId': previous.clientId,
                ...(expected === undefined ? {} : { ':expectedUpdatedAt': expected.updatedAt }),
              },
            }),
      },
    }),
    named('client', {
      Put: {
        TableName: ctx.tableName,
        Item: {
          ...KEY.partyClient(party.clientId),
          entity: ENTITY.partyClient,
          data: withoutWebhookSecret(party),
        },
        ConditionExpression: 'attribute_not_exists(#pk) OR #data.#id = :id',
        ExpressionAttributeNames: { '#pk': ATTR.pk, '#data': 'data', '#id': 'id' },
        ExpressionAttributeValues: { ':id': party.id },
      },
    }),
  ];
  if (previous !== undefined && previous.clientId !== party.clientId) {
    items.push(
      named('old-client', {
        Delete: { TableName: ctx.tableName, Key: KEY.partyClient(previous.clientId) },
      }),
    );
  }
  return items;
}

async function putParty(
  ctx: StoreContext,
  party: PartyRecord,
  expected?: { updatedAt: string },
  audit: readonly AuditEvent[] = [],
): Promise<void> {
  const heads = new Set(audit.map((e) => auditHeadItem(e.partyId)));
  // The entries go in the registration's own transaction; a chain head another write moved
  // meanwhile is the append's to retry (withAuditAppend), on fresh heads.
  await withAuditAppend(ctx, audit, async (auditItems) => {
    // Concurrent registrations of one party re-read and retry, on the one retry policy.
    for (let attempt = 1; attempt <= RETRY_POLICY.attempts; attempt++) {
      const previous = await getParty(ctx, party.id);
      // The caller's record was built from a party that has changed since (or is gone).
      if (expected !== undefined && previous?.updatedAt !== expected.updatedAt)
        throw new StaleWriteError(`Party ${party.id}`);
      const outcome = await transactWrite(ctx, [
        ...registration(ctx, party, previous, expected),
        ...auditItems,
      ]);
      if (outcome.committed) return;
      if (outcome.failed.has('client')) {
        throw new ConflictError(
          'client_id_taken',
          `Client id ${party.clientId} already belongs to another party.`,
        );
      }
      const headsMoved = [...outcome.failed].filter((name) => heads.has(name));
      if (headsMoved.length > 0) throw new StaleWriteError(`Party ${party.id}`, headsMoved);
      // The party changed between our read and write (another registration): read again.
      if (attempt < RETRY_POLICY.attempts) await pauseBeforeRetry(attempt);
    }
    throw new DynamoStoreError(`putParty ${party.id}: kept changing concurrently`);
  });
}

async function listParties(ctx: StoreContext): Promise<PartyRecord[]> {
  const items = await queryAll(ctx, {
    operation: 'listParties',
    partitionName: ATTR.pk,
    partitionValue: KEY.registry,
    sortName: ATTR.sk,
    sort: { op: 'begins_with', prefix: SK_PREFIX.party },
    consistent: true,
  });
  return items.map((item) => decodeParty(item));
}

/** How long a single writer trusts the registry it read (see `StoreContext.singleWriter`). */
export const REGISTRY_REUSE_MS = 5_000;

/**
 * The registry as last read, shared by every party lookup of a single writer: one
 * consistent Query at most every {@link REGISTRY_REUSE_MS}, forgotten on every registration
 * this process makes (one memory per store context, so every party store on it forgets
 * together). Callers get copies.
 */
const rememberedRegistry = perStoreContext(() => rememberedReads<PartyRecord[]>(REGISTRY_REUSE_MS));
/** The one key the registry memory holds: the whole registry. */
const ALL_PARTIES = 'all';

/** The party store of a process that does every write: lookups answered from the registry. */
function createSingleWriterPartyStore(ctx: StoreContext): PartyStore {
  const memory = rememberedRegistry(ctx);
  const registry = {
    read: () => memory.read(ALL_PARTIES, () => listParties(ctx)),
    forget: () => memory.forget(ALL_PARTIES),
  };
  return {
    getParty: (id) =>
      withStoreErrors('getParty', async () => {
        const found = (await registry.read()).find((p) => p.id === id);
        return found === undefined ? undefined : structuredClone(found);
      }),
    findPartyByClientId: (clientId) =>
      withStoreErrors('findPartyByClientId', async () => {
        const found = (await registry.read()).find((p) => p.clientId === clientId);
        return found === undefined ? undefined : withoutWebhookSecret(structuredClone(found));
      }),
    putParty: (party, expected, audit) =>
      withStoreErrors('putParty', async () => {
        try {
          await putParty(ctx, party, expected, audit);
        } finally {
          registry.forget();
        }
      }),
    listParties: () =>
      withStoreErrors('listParties', async () => structuredClone(await registry.read())),
  };
}

/** The party half of the store. */
export function createPartyStore(ctx: StoreContext): PartyStore {
  if (ctx.singleWriter) return createSingleWriterPartyStore(ctx);
  return {
    getParty: (id) => withStoreErrors('getParty', () => getParty(ctx, id)),
    findPartyByClientId: (clientId) =>
      withStoreErrors('findPartyByClientId', () => findPartyByClientId(ctx, clientId)),
    putParty: (party, expected, audit) =>
      withStoreErrors('putParty', () => putParty(ctx, party, expected, audit)),
    listParties: () => withStoreErrors('listParties', () => listParties(ctx)),
  };
}

/**
 * The party registry for a function that only reads it (capability `parties: 'read'`):
 * the write path is left out, so the bundle names no write command its role lacks.
 */
export function dynamoPartyReader(settings: DynamoSettings): PartyStore {
  const ctx = storeContextFor(settings);
  return {
    getParty: (id) => withStoreErrors('getParty', () => getParty(ctx, id)),
    findPartyByClientId: (clientId) =>
      withStoreErrors('findPartyByClientId', () => findPartyByClientId(ctx, clientId)),
    listParties: () => withStoreErrors('listParties', () => listParties(ctx)),
    putParty: () =>
      Promise.reject(new Error('This function reads the party registry only (its capabilities).')),
  };
}

/** The party registry on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoPartyStore(settings: DynamoSettings): PartyStore {
  return createPartyStore(storeContextFor(settings));
}
