/**
 * The incident half of the store (item layout: `incident-items.ts`). A new incident and
 * every later revision or closure are each one transaction with their obligations,
 * deliveries and claims.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type {
  IncidentDetail,
  IncidentFilter,
  IncidentStore,
  IncidentUpdateWrite,
  NewIncidentWrite,
} from '../../core/ports/incidents.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type { IncidentRecord } from '../../core/ports/records.js';
import { ClaimTakenError } from '../../core/ports/write-conflicts.js';
import { ITEM, writeNamed } from '../transactions.js';
import { withAuditAppend } from './audit-items.js';
import { perStoreContext, type StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { storeFault, withStoreErrors } from './errors.js';
import { putIdempotencyClaim, type StoredClaim } from './idempotency.js';
import {
  decodeCardVersion,
  decodeIncident,
  incidentIndexKeys,
  newIncidentItems,
  putCardVersion,
  socReferenceClaimOf,
} from './incident-items.js';
import { ENTITY, KEY, PARTITION } from './keys.js';
import {
  decodeObligation,
  MISSED_OBLIGATIONS,
  missedMapClauses,
  putObligationChange,
} from './obligation-items.js';
import { type Filter, type QuerySpec, queryAll, queryPage } from './pagination.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { ATTR, INDEX } from './table-definition.js';
import { type NamedItem, named, transactWrite } from './transact.js';

/** A new incident this process is writing now: its request, and what its claim became. */
interface CreateInFlight {
  requestSha256: string;
  /** Its Idempotency-Key, if it sent one: a copy with the same key lost that claim first. */
  idempotencyKey: string | undefined;
  /** The stored (SOC, socReference) claim once settled, or undefined if the write failed otherwise. */
  claim: Promise<StoredClaim | undefined>;
}

/** New incidents being written by this process, by their (SOC, socReference). */
const createsInFlight = perStoreContext(() => new Map<string, CreateInFlight>());

/**
 * How long a settled claim stays in {@link createsInFlight}: a copy still being validated
 * when the first write committed is answered from it too (a claim, once taken, stays taken).
 */
const SETTLED_CLAIM_KEPT_MS = 10_000;

/**
 * One transaction with the incident, its version, clocks, deliveries, claims and audit entry.
 *
 * A client that retries in parallel sends the same request many times at once (the e2e test
 * sends fifty). Each copy would queue one transaction behind the SOC's audit head, only to be
 * cancelled by the claim, one after another: seconds under load, past the request deadline.
 * So a copy of a request this process is writing (or wrote in the last 10 s) waits for that
 * write instead, and answers from its claim as if its own transaction had lost the claim (a
 * replay); if that write failed otherwise, the copy writes as usual.
 */
async function saveNewIncident(ctx: StoreContext, write: NewIncidentWrite): Promise<void> {
  const flights = createsInFlight(ctx);
  const key = `${write.incident.socId}\u0000${write.incident.socReference}`;
  for (let leader = flights.get(key); leader !== undefined; leader = flights.get(key)) {
    if (leader.requestSha256 !== write.requestSha256) break;
    const claim = await leader.claim;
    if (claim === undefined) continue;
    // As the write would have said: the key's claim first when the copy shares it.
    const sameKey =
      write.idempotency !== undefined && write.idempotency.key === leader.idempotencyKey;
    throw new ClaimTakenError(sameKey ? 'idempotencyKey' : 'socReference', claim);
  }
  let settle!: (claim: StoredClaim | undefined) => void;
  const mine: CreateInFlight = {
    requestSha256: write.requestSha256,
    idempotencyKey: write.idempotency?.key,
    claim: new Promise((resolve) => {
      settle = resolve;
    }),
  };
  if (!flights.has(key)) flights.set(key, mine);
  let taken: StoredClaim | undefined;
  try {
    await withAuditAppend(ctx, write.audit ?? [], (audit) =>
      writeNamed(
        (items) => transactWrite(ctx, items),
        () => [...newIncidentItems(ctx, write), ...audit],
        { subject: `saveNewIncident ${write.incident.id}`, fault: storeFault },
      ),
    );
    taken = socReferenceClaimOf(write);
  } catch (error) {
    if (error instanceof ClaimTakenError && error.claim === 'socReference') taken = error.existing;
    throw error;
  } finally {
    settle(taken);
    if (flights.get(key) === mine) {
      if (taken === undefined) flights.delete(key);
      else
        setTimeout(() => {
          if (flights.get(key) === mine) flights.delete(key);
        }, SETTLED_CLAIM_KEPT_MS).unref();
    }
  }
}

/**
 * The head update of a revision or closure: replaces the record, mirrors the changed
 * obligations' misses, and only if the stored version and status are the ones read.
 */
function updateIncidentHead(ctx: StoreContext, write: IncidentUpdateWrite): NamedItem {
  const { incident } = write;
  const missed = missedMapClauses(
    incident.id,
    write.obligations.map((change) => change.next),
  );
  const indexKeys = Object.entries(incidentIndexKeys(incident));
  const indexNames = Object.fromEntries(indexKeys.map(([name], i) => [`#ix${i}`, name]));
  const indexValues = Object.fromEntries(indexKeys.map(([, value], i) => [`:ix${i}`, value]));
  const set = [
    '#data = :incident',
    ...indexKeys.map((_entry, i) => `#ix${i} = :ix${i}`),
    ...missed.set,
  ];
  return named(
    ITEM.incident,
    {
      Update: {
        TableName: ctx.tableName,
        Key: KEY.incident(incident.id),
        UpdateExpression: [
          `SET ${set.join(', ')}`,
          missed.remove.length > 0 ? `REMOVE ${missed.remove.join(', ')}` : '',
        ]
          .filter((part) => part !== '')
          .join(' '),
        ConditionExpression:
          '#data.#version = :expectedVersion AND #data.#status = :expectedStatus',
        ExpressionAttributeNames: {
          '#data': 'data',
          '#version': 'version',
          '#status': 'status',
          ...indexNames,
          ...missed.names,
        },
        ExpressionAttributeValues: {
          ':incident': incident,
          ':expectedVersion': write.expectedVersion,
          ':expectedStatus': write.expectedStatus,
          ...indexValues,
          ...missed.values,
        },
      },
    },
    // Another revision or closure got there first (or there is no such incident).
    { kind: 'guard' },
  );
}

async function saveIncidentUpdate(ctx: StoreContext, write: IncidentUpdateWrite): Promise<void> {
  await withAuditAppend(ctx, write.audit ?? [], (audit) => writeIncidentUpdate(ctx, write, audit));
}

async function writeIncidentUpdate(
  ctx: StoreContext,
  write: IncidentUpdateWrite,
  audit: NamedItem[],
): Promise<void> {
  const build = (): NamedItem[] => [
    updateIncidentHead(ctx, write),
    // A version number another revision already took is a stale write too.
    ...(write.newVersion === undefined
      ? []
      : [{ ...putCardVersion(ctx, write.newVersion), role: { kind: 'guard' as const } }]),
    ...write.obligations.map((change) => putObligationChange(ctx, change)),
    ...write.deliveries.map((d) => putDelivery(ctx, d)),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(ctx, write.idempotency)]),
    ...audit,
  ];
  await writeNamed((items) => transactWrite(ctx, items), build, {
    subject: `Incident ${write.incident.id}`,
    fault: storeFault,
  });
}

/**
 * The head first, so an id that names no incident (a notice's, or a guess) costs one
 * GetItem instead of a read of someone else's partition; then the partition in one
 * strongly consistent Query (head, versions, obligations).
 */
async function getIncident(ctx: StoreContext, id: string): Promise<IncidentDetail | undefined> {
  const { Item } = await ctx.doc.send(
    new GetCommand({
      TableName: ctx.tableName,
      Key: KEY.incident(id),
      ConsistentRead: true,
      ProjectionExpression: '#pk',
      ExpressionAttributeNames: { '#pk': ATTR.pk },
    }),
  );
  if (Item === undefined) return undefined;
  const items = await queryAll(ctx, {
    operation: 'getIncident',
    partitionName: ATTR.pk,
    partitionValue: KEY.subject(id),
    sortName: ATTR.sk,
    consistent: true,
  });
  const head = items.find((item) => item.entity === ENTITY.incident);
  if (head === undefined) return undefined;
  return {
    incident: decodeIncident(head),
    // Sort keys are zero-padded, so partition order is version order.
    versions: items.filter((item) => item.entity === ENTITY.cardVersion).map(decodeCardVersion),
    obligations: items.filter((item) => item.entity === ENTITY.obligation).map(decodeObligation),
  };
}

function incidentFilter(filter: IncidentFilter): Filter | undefined {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.status !== undefined) {
    clauses.push('#data.#status = :status');
    Object.assign(names, { '#data': 'data', '#status': 'status' });
    values[':status'] = filter.status;
  }
  if (filter.severity !== undefined) {
    clauses.push('#data.#severity = :severity');
    Object.assign(names, { '#data': 'data', '#severity': 'severity' });
    values[':severity'] = filter.severity;
  }
  if (filter.overdue !== undefined) {
    // `missedObligations` mirrors the incident's currently missed obligations.
    clauses.push(filter.overdue ? 'size(#missedMap) > :zero' : 'size(#missedMap) = :zero');
    names['#missedMap'] = MISSED_OBLIGATIONS;
    values[':zero'] = 0;
  }
  if (filter.createdFrom !== undefined || filter.createdTo !== undefined) {
    Object.assign(names, { '#data': 'data', '#createdAt': 'createdAt' });
    if (filter.createdFrom !== undefined) {
      clauses.push('#data.#createdAt >= :createdFrom');
      values[':createdFrom'] = filter.createdFrom;
    }
    if (filter.createdTo !== undefined) {
      clauses.push('#data.#createdAt <= :createdTo');
      values[':createdTo'] = filter.createdTo;
    }
  }
  return clauses.length === 0 ? undefined : { expression: clauses.join(' AND '), names, values };
}

/** One SOC's incidents from gsi1, or every incident from gsi2; newest first. */
function incidentListing(filter: IncidentFilter): QuerySpec {
  const where = incidentFilter(filter);
  const index =
    filter.socId === undefined
      ? {
          indexName: INDEX.gsi2,
          partitionName: ATTR.gsi2pk,
          partitionValue: PARTITION.allIncidents,
          sortName: ATTR.gsi2sk,
        }
      : {
          indexName: INDEX.gsi1,
          partitionName: ATTR.gsi1pk,
          partitionValue: PARTITION.incidentsOf(filter.socId),
          sortName: ATTR.gsi1sk,
        };
  return {
    operation: 'listIncidents',
    ...index,
    descending: true,
    ...(where === undefined ? {} : { filter: where }),
  };
}

async function listIncidents(
  ctx: StoreContext,
  filter: IncidentFilter,
  page: PageRequest,
): Promise<Page<IncidentRecord>> {
  const result = await queryPage(ctx, incidentListing(filter), page);
  return { ...result, items: result.items.map(decodeIncident) };
}

/** The incident half of the store. */
export function createIncidentStore(ctx: StoreContext): IncidentStore {
  return {
    saveNewIncident: (write) =>
      withStoreErrors('saveNewIncident', () => saveNewIncident(ctx, write)),
    saveIncidentUpdate: (write) =>
      withStoreErrors('saveIncidentUpdate', () => saveIncidentUpdate(ctx, write)),
    getIncident: (id) => withStoreErrors('getIncident', () => getIncident(ctx, id)),
    listIncidents: (filter, page) =>
      withStoreErrors('listIncidents', () => listIncidents(ctx, filter, page)),
  };
}

/** The incident store on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoIncidentStore(settings: DynamoSettings): IncidentStore {
  return createIncidentStore(storeContextFor(settings));
}
