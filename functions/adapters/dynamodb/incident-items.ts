/**
 * How an incident is stored: a head item (`INCIDENT`) and one item per card version in
 * the incident's subject partition, next to its obligations — `getIncident` is one
 * Query. The head is listed per SOC on gsi1 and NCC-wide on gsi2, newest first.
 */

import type { NewIncidentWrite } from '../../core/ports/incidents.js';
import type { CardVersionRecord, IncidentRecord } from '../../core/ports/records.js';
import { ITEM } from '../transactions.js';
import type { StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { putIdempotencyClaim, putSocReferenceClaim, type StoredClaim } from './idempotency.js';
import { ENTITY, KEY, PARTITION, sortableInstant } from './keys.js';
import { MISSED_OBLIGATIONS, missedMapOf, putObligation } from './obligation-items.js';
import {
  arrayOf,
  decodeData,
  isBoolean,
  isMap,
  isNumber,
  isString,
  oneOf,
  optional,
  type Shape,
} from './shape.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named } from './transact.js';

const INCIDENT_SHAPE: Shape<IncidentRecord> = {
  id: isString,
  socId: isString,
  socReference: isString,
  ownerId: optional(isString),
  status: oneOf('open', 'closed'),
  confirmedAt: isString,
  severity: isNumber,
  type: isString,
  version: isNumber,
  completeCard: isBoolean,
  card: isMap,
  createdAt: isString,
  updatedAt: isString,
  closedAt: optional(isString),
  eliminatedAt: optional(isString),
};

const CARD_VERSION_SHAPE: Shape<CardVersionRecord> = {
  incidentId: isString,
  version: isNumber,
  messageId: isString,
  receivedAt: isString,
  sha256: isString,
  format: oneOf('json', 'xml'),
  card: isMap,
  warnings: arrayOf(isMap),
};

/** Reads a stored incident head item. */
export function decodeIncident(item: unknown): IncidentRecord {
  return decodeData(item, ENTITY.incident, INCIDENT_SHAPE);
}

/** Reads a stored card version item. */
export function decodeCardVersion(item: unknown): CardVersionRecord {
  return decodeData(item, ENTITY.cardVersion, CARD_VERSION_SHAPE);
}

/** The listing keys of an incident head: they depend only on the SOC and creation time, which never change. */
export function incidentIndexKeys(incident: IncidentRecord): Record<string, string> {
  const createdAt = sortableInstant(incident.createdAt);
  return {
    [ATTR.gsi1pk]: PARTITION.incidentsOf(incident.socId),
    [ATTR.gsi1sk]: createdAt,
    [ATTR.gsi2pk]: PARTITION.allIncidents,
    [ATTR.gsi2sk]: createdAt,
  };
}

/** A transaction item writing a card version; versions are immutable, so it may exist only once. */
export function putCardVersion(ctx: StoreContext, version: CardVersionRecord): NamedItem {
  return named(ITEM.version, {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...KEY.cardVersion(version.incidentId, version.version),
        entity: ENTITY.cardVersion,
        data: version,
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': ATTR.pk },
    },
  });
}

/**
 * Everything `saveNewIncident` writes, as named transaction items: head (`incident`,
 * failing only on an id clash), `version` 1, obligations, deliveries, the Idempotency-Key
 * record and the (SOC, socReference) claim.
 */
export function newIncidentItems(ctx: StoreContext, write: NewIncidentWrite): NamedItem[] {
  const { incident } = write;
  const head = named(ITEM.incident, {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...KEY.incident(incident.id),
        entity: ENTITY.incident,
        data: incident,
        ...incidentIndexKeys(incident),
        // Present from the start, so later updates can SET entries inside it.
        [MISSED_OBLIGATIONS]: missedMapOf(write.obligations),
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': ATTR.pk },
    },
  });
  return [
    head,
    putCardVersion(ctx, write.version),
    ...write.obligations.map((o) => putObligation(ctx, o)),
    ...write.deliveries.map((d) => putDelivery(ctx, d)),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(ctx, write.idempotency)]),
    putSocReferenceClaim(ctx, incident.socId, incident.socReference, socReferenceClaimOf(write)),
  ];
}

/** What a new incident's (SOC, socReference) claim stores: its request and first receipt. */
export function socReferenceClaimOf(write: NewIncidentWrite): StoredClaim {
  return {
    requestSha256: write.requestSha256,
    receipt: write.receipt,
    statusCode: 201,
    subjectId: write.incident.id,
  };
}
