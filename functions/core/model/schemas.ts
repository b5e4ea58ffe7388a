/**
 * The published schemas (JSON Schema 2020-12, `schemas/*.schema.json`) — the single
 * source of truth for every message. Types in `types.generated.ts` are generated
 * from them (`npm run generate:types`; a test fails if they drift).
 */
import commonSchema from '../../../schemas/common.schema.json' with { type: 'json' };
import contactChangeSchema from '../../../schemas/contact-change.schema.json' with { type: 'json' };
import incidentCardSchema from '../../../schemas/incident-card.schema.json' with { type: 'json' };
import incidentClosureSchema from '../../../schemas/incident-closure.schema.json' with {
  type: 'json',
};
import incidentNotificationSchema from '../../../schemas/incident-notification.schema.json' with {
  type: 'json',
};
import nccNoticeSchema from '../../../schemas/ncc-notice.schema.json' with { type: 'json' };
import noticeResponseSchema from '../../../schemas/notice-response.schema.json' with {
  type: 'json',
};
import partySchema from '../../../schemas/party.schema.json' with { type: 'json' };
import receiptSchema from '../../../schemas/receipt.schema.json' with { type: 'json' };
import vulnerabilitySchema from '../../../schemas/vulnerability.schema.json' with { type: 'json' };

/** A JSON Schema document, read as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Every published schema by its file stem (as served at `/v1/schemas/{name}`). */
export const SCHEMAS = {
  common: commonSchema,
  'incident-notification': incidentNotificationSchema,
  'incident-card': incidentCardSchema,
  'incident-closure': incidentClosureSchema,
  'ncc-notice': nccNoticeSchema,
  'notice-response': noticeResponseSchema,
  party: partySchema,
  'contact-change': contactChangeSchema,
  receipt: receiptSchema,
  vulnerability: vulnerabilitySchema,
} as const satisfies Record<string, JsonSchema>;

export type SchemaName = keyof typeof SCHEMAS;

/**
 * The messages the gateway reads, with the schema that validates each and the XML
 * root elements that may carry it (namespace `urn:kz:ncc-gateway:v1`).
 */
export const MESSAGE_FORMS = {
  incidentNotification: {
    schema: 'incident-notification',
    xmlRoots: ['incidentNotification', 'incidentCard'],
  },
  incidentCard: { schema: 'incident-card', xmlRoots: ['incidentCard'] },
  incidentClosure: { schema: 'incident-closure', xmlRoots: ['incidentClosure'] },
  nccNotice: { schema: 'ncc-notice', xmlRoots: ['nccNotice'] },
  noticeResponse: { schema: 'notice-response', xmlRoots: ['noticeResponse'] },
  party: { schema: 'party', xmlRoots: ['party'] },
  contactChange: { schema: 'contact-change', xmlRoots: ['contactChange'] },
  receipt: { schema: 'receipt', xmlRoots: ['receipt'] },
  vulnerability: { schema: 'vulnerability', xmlRoots: ['vulnerability'] },
} as const satisfies Record<string, { schema: SchemaName; xmlRoots: readonly string[] }>;

export type MessageFormName = keyof typeof MESSAGE_FORMS;

/** The XML namespace every gateway element must be in (written in `xml-names.ts`). */
export { GATEWAY_NAMESPACE } from './xml-names.js';

const SCHEMA_BY_FILE = new Map<string, JsonSchema>(
  Object.entries(SCHEMAS).map(([name, schema]) => [`${name}.schema.json`, schema]),
);

/** Resolves a `$ref` as written in our schemas: `#/$defs/x`, `file.schema.json`, `file.schema.json#/$defs/x`. */
export function resolveRef(
  ref: string,
  from: JsonSchema,
): { schema: JsonSchema; document: JsonSchema; defName?: string } {
  const [file, fragment] = ref.split('#', 2) as [string, string | undefined];
  const document = file === '' ? from : SCHEMA_BY_FILE.get(file);
  if (!document) throw new Error(`Unresolvable $ref "${ref}"`);
  if (!fragment) return { schema: document, document };
  const match = /^\/\$defs\/([A-Za-z0-9_]+)$/.exec(fragment);
  const defName = match?.[1];
  const defs = document.$defs as Record<string, JsonSchema> | undefined;
  const schema = defName ? defs?.[defName] : undefined;
  if (!schema || !defName) throw new Error(`Unresolvable $ref "${ref}"`);
  return { schema, document, defName };
}
