/**
 * Replay protection (docs/contract.md §4): the (SOC, socReference) claim and the Idempotency-Key
 * record, both in the claiming party's partition and both written with
 * attribute_not_exists inside the transaction they protect — so of fifty concurrent
 * identical requests exactly one writes, and the others learn what it stored.
 *
 * Only idempotency records carry the TTL attribute (`expiresAt`); socReference claims
 * last as long as the incident they name (≥ 3 years, docs/contract.md §6).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyClaim, IdempotencyStore } from '../../core/ports/idempotency.js';
import type { IdempotencyRecord } from '../../core/ports/records.js';
import { ClaimTakenError } from '../../core/ports/write-conflicts.js';
import { ITEM } from '../transactions.js';
import type { StoreContext } from './context.js';
import { withStoreErrors } from './errors.js';
import { ENTITY, type ItemKey, KEY } from './keys.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { decodeData, isMap, isNumber, isString, optional, type Shape } from './shape.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named } from './transact.js';

/** What a claim stores: enough to answer a replay with the original receipt or refuse it with 409. */
export type StoredClaim = ClaimTakenError['existing'];

const CLAIM_SHAPE: Shape<StoredClaim> = {
  requestSha256: isString,
  receipt: isMap,
  statusCode: isNumber,
  subjectId: isString,
  request: optional(isMap),
};

const IDEMPOTENCY_SHAPE: Shape<IdempotencyRecord> = {
  partyId: isString,
  key: isString,
  requestSha256: isString,
  statusCode: isNumber,
  receipt: isMap,
  expiresAtEpochSeconds: isNumber,
  request: optional(isMap),
};

const nowSeconds = (ctx: StoreContext) => Math.floor(ctx.now().getTime() / 1000);

/** The (SOC, socReference) claim of a new incident; fails if the pair was ever used. */
export function putSocReferenceClaim(
  ctx: StoreContext,
  socId: string,
  socReference: string,
  claim: StoredClaim,
): NamedItem {
  const taken = async () => {
    const stored = await getSocReferenceClaim(ctx, socId, socReference);
    return stored === undefined ? undefined : new ClaimTakenError('socReference', stored);
  };
  return named(
    ITEM.socReference,
    {
      Put: {
        TableName: ctx.tableName,
        Item: {
          ...KEY.socReferenceClaim(socId, socReference),
          entity: ENTITY.socReferenceClaim,
          data: claim,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
      },
    },
    { kind: 'claim', taken },
  );
}

/**
 * The idempotency record, with its TTL. A record past its expiry that TTL has not yet
 * deleted (deletion can lag by days) no longer counts and is overwritten.
 */
export function putIdempotencyClaim(ctx: StoreContext, claim: IdempotencyClaim): NamedItem {
  const taken = async () => {
    const record = await getIdempotency(ctx, claim.partyId, claim.key);
    return record === undefined
      ? undefined
      : new ClaimTakenError('idempotencyKey', {
          requestSha256: record.requestSha256,
          receipt: record.receipt,
          statusCode: record.statusCode,
          subjectId: record.receipt.id,
          ...(record.request === undefined ? {} : { request: record.request }),
        });
  };
  return named(
    ITEM.idempotency,
    {
      Put: {
        TableName: ctx.tableName,
        Item: {
          ...KEY.idempotency(claim.partyId, claim.key),
          entity: ENTITY.idempotency,
          data: claim,
          [ATTR.expiresAt]: claim.expiresAtEpochSeconds,
        },
        ConditionExpression: 'attribute_not_exists(#pk) OR #expiresAt <= :now',
        ExpressionAttributeNames: { '#pk': ATTR.pk, '#expiresAt': ATTR.expiresAt },
        ExpressionAttributeValues: { ':now': nowSeconds(ctx) },
      },
    },
    { kind: 'claim', taken },
  );
}

async function getItem(
  ctx: StoreContext,
  key: ItemKey,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await ctx.doc.send(
    new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/** A live (unexpired) idempotency record, read strongly consistently. */
export async function getIdempotency(
  ctx: StoreContext,
  partyId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const item = await getItem(ctx, KEY.idempotency(partyId, key));
  if (item === undefined) return undefined;
  const record = decodeData(item, ENTITY.idempotency, IDEMPOTENCY_SHAPE);
  return record.expiresAtEpochSeconds > nowSeconds(ctx) ? record : undefined;
}

async function getSocReferenceClaim(
  ctx: StoreContext,
  socId: string,
  socReference: string,
): Promise<StoredClaim | undefined> {
  const item = await getItem(ctx, KEY.socReferenceClaim(socId, socReference));
  return item === undefined ? undefined : decodeData(item, ENTITY.socReferenceClaim, CLAIM_SHAPE);
}

/** The idempotency half of the store. */
export function createIdempotencyStore(ctx: StoreContext): IdempotencyStore {
  return {
    getIdempotency: (partyId, key) =>
      withStoreErrors('getIdempotency', () => getIdempotency(ctx, partyId, key)),
  };
}

/** The idempotency store on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoIdempotencyStore(settings: DynamoSettings): IdempotencyStore {
  return createIdempotencyStore(storeContextFor(settings));
}
