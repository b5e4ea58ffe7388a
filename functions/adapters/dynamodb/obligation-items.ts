/**
 * How an obligation is stored: one item per clock in its subject's partition. The
 * sparse `byDue` and `byRemind` keys exist only while the obligation is open (and its
 * reminder is pending) — or, in the `LEVEL2` partition of `byDue`, while a missed one
 * waits for level 2 — so the sweep's range queries read what is due and nothing else,
 * however many obligations are open.
 *
 * Incident obligations that are `missed` are also mirrored on the incident item
 * (`missedObligations`, obligation id → true), so "overdue incidents" is a filter on
 * the incident listing rather than a join. Every path that writes an incident's
 * obligation writes the mirror in the same transaction.
 */
import type { Obligation } from '../../core/clocks/obligations.js';
import type { ObligationKind } from '../../core/model/messages.js';
import type { ObligationChange } from '../../core/ports/obligations.js';
import { ITEM } from '../transactions.js';
import type { StoreContext } from './context.js';
import { ENTITY, KEY, PARTITION, sortableInstant } from './keys.js';
import { decodeData, isMap, isNumber, isString, oneOf, optional, type Shape } from './shape.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named } from './transact.js';

const OBLIGATION_KINDS: readonly ObligationKind[] = [
  'notify_ncc',
  'notify_owner',
  'card',
  'severity_review',
  'notice_ack',
  'notice_response',
  'elimination',
  'notify_responsible',
  'vulnerability_report',
  'vulnerability_measures',
  'vulnerability_elimination',
  'vulnerability_correction',
];

/** The clocks whose subject is an incident (docs/contract.md §2); the others belong to notices. */
const INCIDENT_KINDS: ReadonlySet<ObligationKind> = new Set([
  'notify_ncc',
  'notify_owner',
  'card',
  'severity_review',
  'elimination',
]);

const OBLIGATION_SHAPE: Shape<Obligation> = {
  id: isString,
  kind: oneOf(...OBLIGATION_KINDS),
  subjectId: isString,
  owedBy: isString,
  startsAt: isString,
  dueAt: isString,
  remindAt: optional(isString),
  state: oneOf('open', 'satisfied', 'satisfied_late', 'missed', 'waived'),
  satisfiedAt: optional(isString),
  satisfiedBy: optional(isString),
  lateBySeconds: optional(isNumber),
  missedAt: optional(isString),
  escalation: optional(isMap),
  waiver: optional(isMap),
};

/** The incident attribute mirroring its missed obligations. */
export const MISSED_OBLIGATIONS = 'missedObligations';

/** Reads a stored obligation item. */
export function decodeObligation(item: unknown): Obligation {
  return decodeData(item, ENTITY.obligation, OBLIGATION_SHAPE);
}

/**
 * The whole item of an obligation: its data, its listing keys and — only while open —
 * the sparse due and reminder keys. Every write path puts the item whole, so the keys
 * never disagree with the data.
 */
export function obligationItem(obligation: Obligation): Record<string, unknown> {
  const dueAt = sortableInstant(obligation.dueAt);
  const open = obligation.state === 'open';
  const level2DueAt =
    obligation.state === 'missed' ? obligation.escalation?.level2DueAt : undefined;
  return {
    ...KEY.obligation(obligation.subjectId, obligation.id),
    entity: ENTITY.obligation,
    data: obligation,
    [ATTR.gsi1pk]: PARTITION.obligationsOf(obligation.owedBy),
    [ATTR.gsi1sk]: dueAt,
    [ATTR.gsi2pk]: PARTITION.allObligations,
    [ATTR.gsi2sk]: dueAt,
    ...(open ? { [ATTR.duePk]: PARTITION.due, [ATTR.dueAt]: dueAt } : {}),
    // A missed obligation waiting for level 2 sits in the same sparse index, in a
    // partition of its own: the sweep reads what is due there too, and nothing else.
    ...(level2DueAt !== undefined
      ? { [ATTR.duePk]: PARTITION.level2, [ATTR.dueAt]: sortableInstant(level2DueAt) }
      : {}),
    ...(open && obligation.remindAt !== undefined
      ? { [ATTR.remindPk]: PARTITION.remind, [ATTR.remindAt]: sortableInstant(obligation.remindAt) }
      : {}),
  };
}

/**
 * A transaction item putting a new incident's obligation (the incident head's own
 * condition already makes the whole write new).
 */
export function putObligation(ctx: StoreContext, obligation: Obligation): NamedItem {
  return named(ITEM.obligation(obligation), {
    Put: { TableName: ctx.tableName, Item: obligationItem(obligation) },
  });
}

/**
 * A transaction item putting an obligation in its new state only if the stored one is
 * still in the state the caller read — or, for one the write opens, only if there is
 * none. A request that read `open` thus cannot overwrite the sweep's `missed` (and
 * lose the miss): its transaction fails and the caller recomputes from what is stored.
 * A reminder sent meanwhile leaves the state `open`, and every later state drops
 * `remindAt` anyway, so the state alone is the guard.
 */
export function putObligationChange(ctx: StoreContext, change: ObligationChange): NamedItem {
  const Item = obligationItem(change.next);
  const name = ITEM.obligation(change.next);
  if (change.expectedState === undefined) {
    return named(
      name,
      {
        Put: {
          TableName: ctx.tableName,
          Item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': ATTR.pk },
        },
      },
      { kind: 'guard' },
    );
  }
  return named(
    name,
    {
      Put: {
        TableName: ctx.tableName,
        Item,
        ConditionExpression: '#data.#state = :expectedState',
        ExpressionAttributeNames: { '#data': 'data', '#state': 'state' },
        ExpressionAttributeValues: { ':expectedState': change.expectedState },
      },
    },
    { kind: 'guard' },
  );
}

/** True for the clocks of an incident (as opposed to a notice's). */
export function isIncidentObligation(obligation: Obligation): boolean {
  return INCIDENT_KINDS.has(obligation.kind);
}

/** The `missedObligations` map of a new incident. */
export function missedMapOf(obligations: readonly Obligation[]): Record<string, true> {
  return Object.fromEntries(
    obligations
      .filter((o) => isIncidentObligation(o) && o.state === 'missed')
      .map((o) => [o.id, true]),
  );
}

/** Parts of an UpdateExpression. */
export interface UpdateClauses {
  set: string[];
  remove: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * SET and REMOVE clauses that bring an incident's `missedObligations` map in line with
 * `obligations` (those of `incidentId`): a missed one is added, any other state removes
 * its entry. Idempotent, so no knowledge of the previous state is needed.
 */
export function missedMapClauses(
  incidentId: string,
  obligations: readonly Obligation[],
): UpdateClauses {
  const clauses: UpdateClauses = { set: [], remove: [], names: {}, values: {} };
  const own = obligations.filter((o) => o.subjectId === incidentId && isIncidentObligation(o));
  own.forEach((obligation, index) => {
    const name = `#missed${index}`;
    clauses.names['#missedMap'] = MISSED_OBLIGATIONS;
    clauses.names[name] = obligation.id;
    if (obligation.state === 'missed') {
      clauses.set.push(`#missedMap.${name} = :missedTrue`);
      clauses.values[':missedTrue'] = true;
    } else {
      clauses.remove.push(`#missedMap.${name}`);
    }
  });
  return clauses;
}

/** Joins clauses into one UpdateExpression (`SET …` then `REMOVE …`). */
export function updateExpressionOf(clauses: Pick<UpdateClauses, 'set' | 'remove'>): string {
  return [
    clauses.set.length > 0 ? `SET ${clauses.set.join(', ')}` : '',
    clauses.remove.length > 0 ? `REMOVE ${clauses.remove.join(', ')}` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
}

function mirrorOnIncident(
  ctx: StoreContext,
  incidentId: string,
  obligations: readonly Obligation[],
): NamedItem | undefined {
  const clauses = missedMapClauses(incidentId, obligations);
  if (clauses.set.length === 0 && clauses.remove.length === 0) return undefined;
  return named(ITEM.incidentOf(incidentId), {
    Update: {
      TableName: ctx.tableName,
      Key: KEY.incident(incidentId),
      UpdateExpression: updateExpressionOf(clauses),
      // Never create an incident from an obligation: a missing incident is a fault.
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: { ...clauses.names, '#pk': ATTR.pk },
      ...(Object.keys(clauses.values).length > 0
        ? { ExpressionAttributeValues: clauses.values }
        : {}),
    },
  });
}

/**
 * Per incident that `obligations` belong to, the update of its `missedObligations`
 * mirror (conditioned on the incident existing).
 */
export function incidentMirrors(
  ctx: StoreContext,
  obligations: readonly Obligation[],
): NamedItem[] {
  const incidentIds = [
    ...new Set(obligations.filter(isIncidentObligation).map((o) => o.subjectId)),
  ];
  return incidentIds
    .map((incidentId) => mirrorOnIncident(ctx, incidentId, obligations))
    .filter((item): item is NamedItem => item !== undefined);
}

/**
 * Puts the changed obligations (each guarded by the state read, see
 * {@link putObligationChange}), then mirrors them onto their incidents — for the paths
 * that do not update the incident itself (acks, notice responses). The guarded puts
 * come first, so they are the items `0 … changes.length - 1` of what this returns.
 */
export function obligationWrites(
  ctx: StoreContext,
  changes: readonly ObligationChange[],
): NamedItem[] {
  return [
    ...changes.map((change) => putObligationChange(ctx, change)),
    ...incidentMirrors(
      ctx,
      changes.map((change) => change.next),
    ),
  ];
}
