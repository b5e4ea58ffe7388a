/**
 * How a notice is stored: a head item (`NOTICE`), one inbox entry per recipient and the
 * responses, all in the notice's subject partition next to its obligations. Inbox
 * entries are listed per recipient on gsi1, newest first.
 */
import type {
  NoticeRecipientRecord,
  NoticeRecord,
  NoticeResponseRecord,
} from '../../core/ports/records.js';
import { ITEM } from '../transactions.js';
import type { StoreContext } from './context.js';
import { ENTITY, KEY, PARTITION, sortableInstant } from './keys.js';
import { arrayOf, decodeData, isMap, isString, optional, type Shape } from './shape.js';
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

/** A transaction item writing a new inbox entry. */
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
    },
  });
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
