/**
 * How a notice is stored: a head item (`NOTICE`), its fan-out record (`FANOUT`), one
 * inbox entry per recipient and the responses, all in the notice's subject partition
 * next to its obligations. Inbox entries are listed per recipient on gsi1, newest first;
 * an unfinished fan-out carries the sparse byOutbox keys (`FANOUT`, its last progress),
 * which the sweep reads to resume it.
 */
import type {
  FanoutRecipient,
  NoticeFanoutRecord,
  NoticeRecipientRecord,
  NoticeRecord,
  NoticeResponseRecord,
} from '../../core/ports/records.js';
import { ITEM } from '../transactions.js';
import type { StoreContext } from './context.js';
import { ENTITY, KEY, PARTITION, sortableInstant } from './keys.js';
import {
  arrayOf,
  decodeData,
  hasShape,
  isMap,
  isNumber,
  isString,
  optional,
  type Shape,
} from './shape.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named } from './transact.js';

const NOTICE_SHAPE: Shape<NoticeRecord> = {
  id: isString,
  issuedBy: isString,
  issuedAt: isString,
  notifiedAt: isString,
  sha256: isString,
  notice: isMap,
  recipients: arrayOf(isString),
};

const RECIPIENT_SHAPE: Shape<NoticeRecipientRecord> = {
  noticeId: isString,
  partyId: isString,
  issuedAt: isString,
  acknowledgedAt: optional(isString),
  respondedAt: optional(isString),
  deliveryId: optional(isString),
};

const FANOUT_RECIPIENT_SHAPE: Shape<FanoutRecipient> = { partyId: isString, policy: isMap };

const FANOUT_SHAPE: Shape<NoticeFanoutRecord> = {
  noticeId: isString,
  recipients: arrayOf((value) => hasShape(value, FANOUT_RECIPIENT_SHAPE)),
  expanded: isNumber,
  createdAt: isString,
  updatedAt: isString,
  completedAt: optional(isString),
};

/** Reads a stored fan-out record. */
export function decodeFanout(item: unknown): NoticeFanoutRecord {
  return decodeData(item, ENTITY.noticeFanout, FANOUT_SHAPE);
}

/** Reads a stored notice head item. */
export function decodeNotice(item: unknown): NoticeRecord {
  return decodeData(item, ENTITY.notice, NOTICE_SHAPE);
}

/** Reads a stored inbox entry. */
export function decodeRecipient(item: unknown): NoticeRecipientRecord {
  return decodeData(item, ENTITY.noticeRecipient, RECIPIENT_SHAPE);
}

const mustBeNew = {
  ConditionExpression: 'attribute_not_exists(#pk)',
  ExpressionAttributeNames: { '#pk': ATTR.pk },
};

/** A transaction item writing a new notice head. */
export function putNotice(ctx: StoreContext, notice: NoticeRecord): NamedItem {
  return named(ITEM.notice, {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...KEY.notice(notice.id),
        entity: ENTITY.notice,
        data: notice,
        // The issuing NCC lists its notices (GET /v1/notices as NCC, issue #14 item 1).
        [ATTR.gsi1pk]: PARTITION.issuedBy(notice.issuedBy),
        [ATTR.gsi1sk]: sortableInstant(notice.issuedAt),
      },
      ...mustBeNew,
    },
  });
}

/** A transaction item writing a new inbox entry (one already there would be a fault). */
export function putRecipient(ctx: StoreContext, recipient: NoticeRecipientRecord): NamedItem {
  return named(ITEM.recipient(recipient), {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...KEY.noticeRecipient(recipient.noticeId, recipient.partyId),
        entity: ENTITY.noticeRecipient,
        data: recipient,
        [ATTR.gsi1pk]: PARTITION.inboxOf(recipient.partyId),
        [ATTR.gsi1sk]: sortableInstant(recipient.issuedAt),
      },
      ...mustBeNew,
    },
  });
}

/** The sparse keys that list an unfinished fan-out for the sweep, by its last progress. */
function unfinishedKeys(at: string): Record<string, string> {
  return { [ATTR.outboxPk]: PARTITION.fanouts, [ATTR.outboxAt]: sortableInstant(at) };
}

/** A transaction item writing a new fan-out record (listed for the sweep while unfinished). */
export function putFanout(ctx: StoreContext, fanout: NoticeFanoutRecord): NamedItem {
  return named(ITEM.fanout, {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...KEY.noticeFanout(fanout.noticeId),
        entity: ENTITY.noticeFanout,
        data: fanout,
        ...(fanout.completedAt === undefined ? unfinishedKeys(fanout.updatedAt) : {}),
      },
      ...mustBeNew,
    },
  });
}

/**
 * Advances a fan-out from `from` to `to`, only while it still stands at `from` (a guard:
 * another expander that was first makes this a stale write). Reaching `total` completes
 * it and takes it off the sweep's list; otherwise its last progress moves to `at`.
 */
export function advanceFanout(
  ctx: StoreContext,
  step: { noticeId: string; from: number; to: number; total: number; at: string },
): NamedItem {
  const done = step.to >= step.total;
  const names: Record<string, string> = {
    '#data': 'data',
    '#expanded': 'expanded',
    '#updatedAt': 'updatedAt',
    '#outboxAt': ATTR.outboxAt,
  };
  const values: Record<string, unknown> = { ':from': step.from, ':to': step.to, ':at': step.at };
  let update = 'SET #data.#expanded = :to, #data.#updatedAt = :at';
  if (done) {
    names['#completedAt'] = 'completedAt';
    names['#outboxPk'] = ATTR.outboxPk;
    update += ', #data.#completedAt = :at REMOVE #outboxPk, #outboxAt';
  } else {
    values[':sortableAt'] = sortableInstant(step.at);
    update += ', #outboxAt = :sortableAt';
  }
  return named(
    ITEM.fanout,
    {
      Update: {
        TableName: ctx.tableName,
        Key: KEY.noticeFanout(step.noticeId),
        UpdateExpression: update,
        ConditionExpression: '#data.#expanded = :from',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    { kind: 'guard' },
  );
}

/** A transaction item writing a response; its condition makes a retried write a no-op. */
export function putResponse(ctx: StoreContext, response: NoticeResponseRecord): NamedItem {
  const what = `Response ${response.id}`;
  return named(
    ITEM.response,
    {
      Put: {
        TableName: ctx.tableName,
        Item: {
          ...KEY.noticeResponse(response.noticeId, response.id),
          entity: ENTITY.noticeResponse,
          data: response,
        },
        ...mustBeNew,
      },
    },
    { kind: 'once', what },
  );
}

/**
 * Records on an inbox entry that it was answered (and, since answering proves receipt,
 * acknowledged): each time is set only if not set yet, so the first one stays.
 */
export function markResponded(ctx: StoreContext, recipient: NoticeRecipientRecord): NamedItem {
  const fields = (['respondedAt', 'acknowledgedAt'] as const).filter(
    (field) => recipient[field] !== undefined,
  );
  const names: Record<string, string> = { '#pk': ATTR.pk, '#data': 'data' };
  const values: Record<string, unknown> = {};
  const sets = fields.map((field) => {
    names[`#${field}`] = field;
    values[`:${field}`] = recipient[field];
    return `#data.#${field} = if_not_exists(#data.#${field}, :${field})`;
  });
  const what = `Notice ${recipient.noticeId} for ${recipient.partyId}`;
  return named(
    ITEM.recipient(recipient),
    {
      ...(sets.length === 0
        ? {
            ConditionCheck: {
              TableName: ctx.tableName,
              Key: KEY.noticeRecipient(recipient.noticeId, recipient.partyId),
              ConditionExpression: 'attribute_exists(#pk)',
              ExpressionAttributeNames: { '#pk': ATTR.pk },
            },
          }
        : {
            Update: {
              TableName: ctx.tableName,
              Key: KEY.noticeRecipient(recipient.noticeId, recipient.partyId),
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: 'attribute_exists(#pk)',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          }),
    },
    { kind: 'existing', what },
  );
}
