/**
 * What a row of the route table says about itself for the OpenAPI document
 * (`openapi/build-openapi.ts`): the document is generated from these rows and the
 * published schemas, never written by hand. A row without `doc` still appears, with
 * a summary made from its name.
 */
import type { Role } from '../../core/model/messages.js';
import type { MessageFormName } from '../../core/model/schemas.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/use-cases/paging.js';

export interface QueryParameterDoc {
  name: string;
  description: string;
  schema:
    | { type: 'string'; enum?: readonly string[]; format?: string; pattern?: string }
    | { type: 'integer'; minimum?: number; maximum?: number }
    | { type: 'boolean' };
  required?: boolean;
}

export interface RouteDoc {
  summary: string;
  description?: string;
  /** The roles that may call the route (absent: any authenticated party, or public). */
  roles?: readonly Role[];
  /** The message form of the request body (JSON or XML), validated by its schema. */
  request?: MessageFormName;
  /** The body may be left out (acknowledgements). */
  requestOptional?: boolean;
  /** A required small JSON object without a published form (e.g. `{ "reason": "…" }`). */
  requestJson?: boolean;
  /** Honours `Idempotency-Key`. */
  idempotent?: boolean;
  query?: readonly QueryParameterDoc[];
  response: {
    status: number;
    description: string;
    /** A published message form, or a named free-form JSON object. */
    form?: MessageFormName;
    /** Media types other than JSON and XML (e.g. `text/html`, `application/pdf`). */
    mediaTypes?: readonly string[];
    /** Media types offered beside JSON and XML when `Accept` asks for them (CSV, XLSX). */
    alsoMediaTypes?: readonly string[];
  };
  /** Problem statuses this route answers beyond the ones every route can answer. */
  problems?: readonly number[];
}

/** Paging parameters shared by every list route. */
export const PAGE_PARAMETERS: readonly QueryParameterDoc[] = [
  {
    name: 'limit',
    description: `Page size (default ${DEFAULT_PAGE_SIZE}).`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
  },
  {
    name: 'cursor',
    description: 'The `nextCursor` of the previous page; opaque.',
    schema: { type: 'string' },
  },
];

/** `from`/`to`: the one time window of every list route (inclusive, RFC 3339 with offset). */
export function windowParameters(what: string): QueryParameterDoc[] {
  return [
    {
      name: 'from',
      description: `${what} at or after this instant (RFC 3339 with offset).`,
      schema: { type: 'string', format: 'date-time' },
    },
    {
      name: 'to',
      description: `${what} at or before this instant (RFC 3339 with offset; not before \`from\`).`,
      schema: { type: 'string', format: 'date-time' },
    },
  ];
}

/** `soc`: one SOC by party id (NCC; a SOC may name only itself). */
export const SOC_PARAMETER: QueryParameterDoc = {
  name: 'soc',
  description: 'One SOC by party id (NCC; a SOC sees only its own and may name only itself).',
  schema: { type: 'string' },
};

/** `overdue`: only what has a missed obligation. */
export const OVERDUE_PARAMETER: QueryParameterDoc = {
  name: 'overdue',
  description: 'Only what is past due (a missed obligation).',
  schema: { type: 'boolean' },
};
