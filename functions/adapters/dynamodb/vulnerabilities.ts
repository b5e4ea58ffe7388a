/**
 * Vulnerabilities (001 п.13) in the single table: a head item (`VULNERABILITY`) and one
 * item per version in the vulnerability's subject partition, next to its obligations —
 * `getVulnerability` is one Query. The head is listed per reporter on gsi1 and NCC-wide
 * on gsi2, newest first. A first report and each revision are one transaction with their
 * obligations, deliveries and claims, as for incidents.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PageRequest } from '../../core/ports/paging.js';
import type { VulnerabilityRecord, VulnerabilityVersionRecord } from '../../core/ports/records.js';
import type {
  NewVulnerabilityWrite,
  VulnerabilityDetail,
  VulnerabilityFilter,
  VulnerabilityStore,
  VulnerabilityUpdateWrite,
} from '../../core/ports/vulnerabilities.js';
import { ClaimTakenError } from '../../core/ports/write-conflicts.js';
import { ITEM, writeNamed } from '../transactions.js';
import { withAuditAppend } from './audit-items.js';
import type { StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { storeFault, withStoreErrors } from './errors.js';
import { putIdempotencyClaim, type StoredClaim } from './idempotency.js';
import { ENTITY, KEY, PARTITION, sortableInstant } from './keys.js';
import { decodeObligation, putObligation, putObligationChange } from './obligation-items.js';
import { type Filter, type QuerySpec, queryAll, queryPage } from './pagination.js';
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
import { ATTR, INDEX } from './table-definition.js';
import { type NamedItem, named, transactWrite } from './transact.js';

const VULNERABILITY_SHAPE: Shape<VulnerabilityRecord> = {
  id: isString,
  reporterId: isString,
  reporterRole: oneOf('owner', 'soc'),
  reference: isString,
  ownerId: optional(isString),
  status: oneOf('reported', 'not_eliminated', 'eliminated'),
  detectedAt: isString,
  version: isNumber,
  vulnerability: isMap,
  createdAt: isString,
  updatedAt: isString,
};

const VERSION_SHAPE: Shape<VulnerabilityVersionRecord> = {
  vulnerabilityId: isString,
  version: isNumber,
  messageId: isString,
  receivedAt: isString,
  sha256: isString,
  format: oneOf('json', 'xml'),
  vulnerability: isMap,
  warnings: arrayOf(isMap),
  sentBy: optional(isString),
};

const CLAIM_SHAPE: Shape<StoredClaim> = {
  requestSha256: isString,
  receipt: isMap,
  statusCode: isNumber,
  subjectId: isString,
  request: optional(isMap),
};

function indexKeys(v: VulnerabilityRecord): Record<string, string> {
  const createdAt = sortableInstant(v.createdAt);
  return {
    [ATTR.gsi1pk]: PARTITION.vulnerabilitiesOf(v.reporterId),
    [ATTR.gsi1sk]: createdAt,
    [ATTR.gsi2pk]: PARTITION.allVulnerabilities,
    [ATTR.gsi2sk]: createdAt,
  };
}

function headItem(v: VulnerabilityRecord): Record<string, unknown> {
  return { ...KEY.vulnerability(v.id), entity: ENTITY.vulnerability, data: v, ...indexKeys(v) };
}

/** A version is immutable: it may be written only once. */
function putVersion(ctx: StoreContext, version: VulnerabilityVersionRecord): NamedItem {
  return named(ITEM.version, {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...KEY.vulnerabilityVersion(version.vulnerabilityId, version.version),
        entity: ENTITY.vulnerabilityVersion,
        data: version,
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': ATTR.pk },
    },
  });
}

async function getClaim(
  ctx: StoreContext,
  reporterId: string,
  reference: string,
): Promise<StoredClaim | undefined> {
  const { Item } = await ctx.doc.send(
    new GetCommand({
      TableName: ctx.tableName,
      Key: KEY.vulnerabilityReferenceClaim(reporterId, reference),
      ConsistentRead: true,
    }),
  );
  return Item === undefined
    ? undefined
    : decodeData(Item, ENTITY.vulnerabilityReferenceClaim, CLAIM_SHAPE);
}

/** The (reporter, reference) claim; fails if the pair was ever used. */
function putReferenceClaim(
  ctx: StoreContext,
  reporterId: string,
  reference: string,
  claim: StoredClaim,
): NamedItem {
  const taken = async () => {
    const stored = await getClaim(ctx, reporterId, reference);
    return stored === undefined ? undefined : new ClaimTakenError('vulnerabilityReference', stored);
  };
  return named(
    ITEM.vulnerabilityReference,
    {
      Put: {
        TableName: ctx.tableName,
        Item: {
          ...KEY.vulnerabilityReferenceClaim(reporterId, reference),
          entity: ENTITY.vulnerabilityReferenceClaim,
          data: claim,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
      },
    },
    { kind: 'claim', taken },
  );
}

function newItems(ctx: StoreContext, write: NewVulnerabilityWrite): NamedItem[] {
  const { vulnerability } = write;
  return [
    named(ITEM.vulnerability, {
      Put: {
        TableName: ctx.tableName,
        Item: headItem(vulnerability),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
      },
    }),
    putVersion(ctx, write.version),
    ...write.obligations.map((o) => putObligation(ctx, o)),
    ...write.deliveries.map((d) => putDelivery(ctx, d)),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(ctx, write.idempotency)]),
    putReferenceClaim(ctx, vulnerability.reporterId, vulnerability.reference, {
      requestSha256: write.requestSha256,
      receipt: write.receipt,
      statusCode: 201,
      subjectId: vulnerability.id,
    }),
  ];
}

function updateItems(ctx: StoreContext, write: VulnerabilityUpdateWrite): NamedItem[] {
  return [
    named(
      ITEM.vulnerability,
      {
        Put: {
          TableName: ctx.tableName,
          Item: headItem(write.vulnerability),
          ConditionExpression: '#data.#version = :expectedVersion',
          ExpressionAttributeNames: { '#data': 'data', '#version': 'version' },
          ExpressionAttributeValues: { ':expectedVersion': write.expectedVersion },
        },
      },
      // Another revision got there first (or there is no such vulnerability).
      { kind: 'guard' },
    ),
    { ...putVersion(ctx, write.newVersion), role: { kind: 'guard' as const } },
    ...write.obligations.map((change) => putObligationChange(ctx, change)),
    ...write.deliveries.map((d) => putDelivery(ctx, d)),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(ctx, write.idempotency)]),
  ];
}

/** The head first (one GetItem for an id that names nothing), then the partition in one Query. */
async function getVulnerability(
  ctx: StoreContext,
  id: string,
): Promise<VulnerabilityDetail | undefined> {
  const { Item } = await ctx.doc.send(
    new GetCommand({
      TableName: ctx.tableName,
      Key: KEY.vulnerability(id),
      ConsistentRead: true,
      ProjectionExpression: '#pk',
      ExpressionAttributeNames: { '#pk': ATTR.pk },
    }),
  );
  if (Item === undefined) return undefined;
  const items = await queryAll(ctx, {
    operation: 'getVulnerability',
    partitionName: ATTR.pk,
    partitionValue: KEY.subject(id),
    sortName: ATTR.sk,
    consistent: true,
  });
  const head = items.find((item) => item.entity === ENTITY.vulnerability);
  if (head === undefined) return undefined;
  return {
    vulnerability: decodeData(head, ENTITY.vulnerability, VULNERABILITY_SHAPE),
    versions: items
      .filter((item) => item.entity === ENTITY.vulnerabilityVersion)
      .map((item) => decodeData(item, ENTITY.vulnerabilityVersion, VERSION_SHAPE)),
    obligations: items.filter((item) => item.entity === ENTITY.obligation).map(decodeObligation),
  };
}

function listingFilter(filter: VulnerabilityFilter): Filter | undefined {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.status !== undefined) {
    clauses.push('#data.#status = :status');
    Object.assign(names, { '#data': 'data', '#status': 'status' });
    values[':status'] = filter.status;
  }
  if (filter.createdFrom !== undefined) {
    clauses.push('#data.#createdAt >= :createdFrom');
    Object.assign(names, { '#data': 'data', '#createdAt': 'createdAt' });
    values[':createdFrom'] = filter.createdFrom;
  }
  if (filter.createdTo !== undefined) {
    clauses.push('#data.#createdAt <= :createdTo');
    Object.assign(names, { '#data': 'data', '#createdAt': 'createdAt' });
    values[':createdTo'] = filter.createdTo;
  }
  return clauses.length === 0 ? undefined : { expression: clauses.join(' AND '), names, values };
}

/** One reporter's vulnerabilities from gsi1, or every one from gsi2; newest first. */
function listing(filter: VulnerabilityFilter): QuerySpec {
  const where = listingFilter(filter);
  const index =
    filter.reporterId === undefined
      ? {
          indexName: INDEX.gsi2,
          partitionName: ATTR.gsi2pk,
          partitionValue: PARTITION.allVulnerabilities,
          sortName: ATTR.gsi2sk,
        }
      : {
          indexName: INDEX.gsi1,
          partitionName: ATTR.gsi1pk,
          partitionValue: PARTITION.vulnerabilitiesOf(filter.reporterId),
          sortName: ATTR.gsi1sk,
        };
  return {
    operation: 'listVulnerabilities',
    ...index,
    descending: true,
    ...(where === undefined ? {} : { filter: where }),
  };
}

/** The vulnerability half of the store. */
export function createVulnerabilityStore(ctx: StoreContext): VulnerabilityStore {
  const transact = (items: readonly NamedItem[]) => transactWrite(ctx, items);
  return {
    saveNewVulnerability: (write) =>
      withStoreErrors('saveNewVulnerability', async () => {
        await withAuditAppend(ctx, write.audit ?? [], (audit) =>
          writeNamed(transact, () => [...newItems(ctx, write), ...audit], {
            subject: `saveNewVulnerability ${write.vulnerability.id}`,
            fault: storeFault,
          }),
        );
      }),
    saveVulnerabilityUpdate: (write) =>
      withStoreErrors('saveVulnerabilityUpdate', async () => {
        await withAuditAppend(ctx, write.audit ?? [], (audit) =>
          writeNamed(transact, () => [...updateItems(ctx, write), ...audit], {
            subject: `Vulnerability ${write.vulnerability.id}`,
            fault: storeFault,
          }),
        );
      }),
    getVulnerability: (id) => withStoreErrors('getVulnerability', () => getVulnerability(ctx, id)),
    listVulnerabilities: (filter, page: PageRequest) =>
      withStoreErrors('listVulnerabilities', async () => {
        const result = await queryPage(ctx, listing(filter), page);
        return {
          ...result,
          items: result.items.map((item) =>
            decodeData(item, ENTITY.vulnerability, VULNERABILITY_SHAPE),
          ),
        };
      }),
  };
}

/** The vulnerability store on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoVulnerabilityStore(settings: DynamoSettings): VulnerabilityStore {
  return createVulnerabilityStore(storeContextFor(settings));
}
