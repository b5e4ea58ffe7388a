/**
 * Acknowledgements are set once: the first ack writes its time and the obligations it
 * satisfies; a second one (a double click, a retried request) must change nothing and
 * still succeed. The set-once item leads its transaction, so its failed condition
 * cancels everything else in it.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import type { ItemKey } from './keys.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named } from './transact.js';

/**
 * Sets `data.<field>` on an existing item unless it is already set: named `name`, with
 * the `once` role (failing is a no-op when the item exists, a 404 of `what` otherwise).
 */
export function setOnceItem(
  ctx: StoreContext,
  target: { name: string; key: ItemKey; what: string },
  field: string,
  value: string,
): NamedItem {
  const { key } = target;
  return named(
    target.name,
    {
      Update: {
        TableName: ctx.tableName,
        Key: key,
        UpdateExpression: 'SET #data.#field = :value',
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#data.#field)',
        ExpressionAttributeNames: { '#pk': ATTR.pk, '#data': 'data', '#field': field },
        ExpressionAttributeValues: { ':value': value },
      },
    },
    { kind: 'once', what: target.what, exists: () => itemExists(ctx, key) },
  );
}

/** Whether an item exists (strongly consistent): tells "already set" from "not there" after a failed set-once. */
export async function itemExists(ctx: StoreContext, key: ItemKey): Promise<boolean> {
  const { Item } = await ctx.doc.send(
    new GetCommand({
      TableName: ctx.tableName,
      Key: key,
      ConsistentRead: true,
      ProjectionExpression: '#pk',
      ExpressionAttributeNames: { '#pk': ATTR.pk },
    }),
  );
  return Item !== undefined;
}
