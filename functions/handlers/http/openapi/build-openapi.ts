/**
 * The OpenAPI 3.1 document, generated from the route table (`routes.ts`, each row's
 * `doc`) and the published schemas (`schemas/*.schema.json`): never written by hand,
 * so a route or a field cannot exist without appearing here. Served at
 * `GET /v1/openapi.json`, rendered at `GET /docs`, written to a file by
 * `npm run generate:openapi`, and linted in `npm test`.
 */

import {
  GATEWAY_NAMESPACE,
  type JsonSchema,
  MESSAGE_FORMS,
  type MessageFormName,
  SCHEMAS,
  type SchemaName,
} from '../../../core/model/schemas.js';
import type { WebhookEvent } from '../../../core/ports/records.js';
import { messageTable } from '../../../core/problem/messages.js';
import type { RouteDoc } from '../route-doc.js';

/** What the builder needs of a route row (ROUTES rows fit). */
export interface DocumentedRoute {
  method: string;
  path: string;
  name: string;
  public: boolean;
  doc?: RouteDoc;
}

type Json = Record<string, unknown>;

/** What each webhook event carries (a compile error names any event added without one). */
const WEBHOOK_EVENTS: Readonly<Record<WebhookEvent, string>> = {
  'incident.notified':
    "An incident was notified (to the NCC, the owner of the affected object and, for a critical object, the authority; an owner's own report, 001 п.24, to the SOC registered for the object).",
  'incident.card': 'A complete card or a revision of it arrived.',
  'vulnerability.reported':
    'A vulnerability was reported (001 п.13, Annex 5): to every NCC party and, when a SOC reports for an object whose owner is registered, to the owner. The payload holds the vulnerability and its clocks; `payload.vulnerability.sentBy` is the party that sent this version.',
  'vulnerability.updated':
    'A vulnerability report was revised (measures taken, an Annex 6 reason, or its elimination): to every NCC party and the other side (the owner, or the reporting SOC when the owner sent it). `payload.vulnerability.sentBy` names the party that sent this version; `reporterId` stays the party that first reported it.',
  'notice.issued': 'The NCC issued a notice to this party.',
  'notice.acknowledged': 'A recipient acknowledged a notice this NCC party issued.',
  'notice.responded':
    'A recipient answered a notice this NCC party issued (the response is in the payload).',
  'obligation.reminder': 'An obligation of this party is close to its deadline.',
  'obligation.missed':
    'An obligation was missed (escalation), with its national-time deadline. `payload.level` 1 goes out at the miss; level 2 to the recipients the NCC named when no NCC party acknowledged level 1 within `escalation.level2AfterHours`.',
  'connection.blocked':
    "A party's connection was blocked (п.90-1(3)): the party, the rule (reason) and its numbers.",
  'connection.unblocked': "An administrator lifted the block of a party's connection.",
  'credentials.expiring':
    "This party's client credential expires within 7 days (`policy.credentialMaxAgeDays`, п.90-1(4)): ask an administrator to reissue it, or the connection is blocked at expiry.",
  'report.quarterly':
    "The NCC's quarterly summary (001 п.17) of the national quarter that closed: to every `authority` party (ҰҚК), once per quarter and party. The payload is the summary `GET /v1/reports/quarterly` gives for that quarter (incidents, clocks, vulnerabilities), with `year`, `quarter` and `generatedAt`.",
};

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  incidents: 'SOC → NCC: notifications, Annex 3 cards, revisions, closure.',
  vulnerabilities: 'Owner or SOC → NCC: vulnerabilities of an object (001 п.13, Annexes 5–6).',
  notices: 'NCC → SOC: notices, acknowledgements and answers.',
  deliveries: 'Every message to a party, pulled or acknowledged.',
  obligations: 'The legal clocks and their states.',
  reports: 'Compliance statistics and the 001 п.17 quarterly summary for the NCC.',
  parties: 'Registration of SOCs, the NCC, owners and authorities (admin).',
  public: 'Health, the enum catalogue, the schemas and this document (no token).',
};

const COMPONENT_NAMES: Readonly<Record<SchemaName, string>> = {
  common: 'Common',
  'incident-notification': 'IncidentNotification',
  'incident-card': 'IncidentCard',
  'incident-closure': 'IncidentClosure',
  'ncc-notice': 'NccNotice',
  'notice-response': 'NoticeResponse',
  party: 'Party',
  receipt: 'Receipt',
  vulnerability: 'Vulnerability',
  'contact-change': 'ContactChange',
};

const SCHEMA_FILE = /^([a-z-]+)\.schema\.json$/;

/** A schema with its references pointed at `#/components/schemas/…` and its ids dropped. */
function relocate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relocate);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, child] of Object.entries(value as Json)) {
    if (key === '$schema' || key === '$id' || key === '$defs') continue;
    if (key === '$ref' && typeof child === 'string') {
      out.$ref = refOf(child);
      continue;
    }
    out[key] = relocate(child);
  }
  return out;
}

function refOf(ref: string): string {
  const [file = '', fragment] = ref.split('#');
  const def = /^\/\$defs\/(\w+)$/.exec(fragment ?? '')?.[1];
  if (def) return `#/components/schemas/${def}`;
  const stem = SCHEMA_FILE.exec(file)?.[1] as SchemaName | undefined;
  if (stem && COMPONENT_NAMES[stem]) return `#/components/schemas/${COMPONENT_NAMES[stem]}`;
  throw new Error(`Cannot place $ref "${ref}" in the OpenAPI components`);
}

function schemaComponents(): Json {
  const components: Json = {};
  for (const [name, schema] of Object.entries(SCHEMAS) as [SchemaName, JsonSchema][]) {
    const defs = (schema.$defs ?? {}) as Json;
    for (const [def, body] of Object.entries(defs)) {
      if (components[def]) throw new Error(`Two schemas define $defs/${def}`);
      components[def] = relocate(body);
    }
    if (name !== 'common') components[COMPONENT_NAMES[name]] = relocate(schema);
  }
  components.Issue = {
    type: 'object',
    required: ['pointer', 'code', 'message'],
    properties: {
      pointer: { type: 'string', description: 'RFC 6901 JSON Pointer into the canonical model.' },
      element: {
        type: 'string',
        description: 'XML senders: the element path, e.g. `/incidentCard/details/confirmedAt`.',
      },
      code: { type: 'string', enum: Object.keys(messageTable()).sort() },
      message: { type: 'string', description: 'In the language of `Accept-Language`.' },
      suggestions: {
        type: 'array',
        items: { type: 'string' },
        description: 'An unknown enum label: the closest accepted labels, best first.',
      },
      expected: { type: 'string', description: 'The expected format, e.g. `YYYY-MM-DD`.' },
      see: { type: 'string', description: 'Where the accepted values are listed.' },
    },
  };
  components.Problem = {
    type: 'object',
    description:
      'RFC 9457 problem details. `detail`, `title` and every `errors[].message` are in the language of `Accept-Language` (kk, ru or en; Kazakh by default).',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', description: '`urn:kz:ncc-gateway:problem:<code>`.' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: {
        type: 'string',
        description: 'Stable machine-readable code.',
        enum: Object.keys(messageTable()).sort(),
      },
      errors: { type: 'array', items: { $ref: '#/components/schemas/Issue' } },
    },
    xml: { name: 'problem', namespace: 'urn:ietf:rfc:7807' },
  };
  components.WebhookEnvelope = {
    type: 'object',
    description:
      'The JSON body of every webhook POST, signed in `X-Gateway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.',
    required: ['deliveryId', 'event', 'partyId', 'createdAt', 'payload'],
    properties: {
      deliveryId: {
        type: 'string',
        description: 'Same as `X-Gateway-Delivery-Id`; deduplicate on it.',
      },
      event: { type: 'string', enum: Object.keys(WEBHOOK_EVENTS) },
      partyId: { type: 'string', description: 'The recipient party.' },
      createdAt: { type: 'string', format: 'date-time' },
      payload: { type: 'object', description: 'Depends on `event`.' },
    },
  };
  return components;
}

const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The body or a query parameter cannot be read (malformed JSON/XML, bad cursor).',
  401: 'No bearer token, or one that does not verify or has expired.',
  403: 'Not allowed: role, tenant, blocked connection or per-party policy.',
  404: 'Not found, or not visible to the caller.',
  406: 'The `Accept` header asks for a representation the gateway cannot produce.',
  409: 'Conflicts with what the gateway holds (idempotency key reuse, state).',
  413: 'The body exceeds 256 KiB.',
  415: 'The `Content-Type` is neither JSON nor XML (UTF-8).',
  422: 'The message breaks the official form; `errors` lists every failure.',
  429: "The party's per-minute request budget is spent; retry after `Retry-After`.",
  503: 'A dependency is down or hung. `dependency_unavailable`: nothing was written; `outcome_unknown`: a write may have been stored, so retry with the same body or `Idempotency-Key` (a replay returns the original receipt). Retry after `Retry-After`.',
};

function problemResponses(): Json {
  const responses: Json = {};
  for (const [status, description] of Object.entries(PROBLEM_DESCRIPTIONS)) {
    const retry = status === '429' || status === '503';
    responses[`Problem${status}`] = {
      description,
      ...(retry
        ? {
            headers: {
              'Retry-After': {
                description: 'Seconds to wait before retrying.',
                schema: { type: 'integer' },
              },
            },
          }
        : {}),
      content: {
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        'application/problem+xml': { schema: { $ref: '#/components/schemas/Problem' } },
      },
    };
  }
  return responses;
}

function componentOfForm(form: MessageFormName): string {
  return COMPONENT_NAMES[MESSAGE_FORMS[form].schema];
}

function messageContent(form: MessageFormName | undefined): Json {
  const schema = form
    ? {
        $ref: `#/components/schemas/${componentOfForm(form)}`,
      }
    : { type: 'object' };
  const xml = form
    ? {
        schema: {
          ...schema,
          description: `XML root <${MESSAGE_FORMS[form].xmlRoots[0]}> in namespace ${GATEWAY_NAMESPACE}; XSD at /v1/schemas/${MESSAGE_FORMS[form].schema}.xsd.`,
        },
      }
    : { schema };
  return { 'application/json': { schema }, 'application/xml': xml };
}

function tagOf(path: string): string {
  const segment = path.split('/')[2] ?? '';
  return TAG_DESCRIPTIONS[segment] && segment !== 'public' ? segment : 'public';
}

function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function problemStatuses(route: DocumentedRoute): number[] {
  const doc = route.doc;
  const statuses = new Set<number>([406, 503]);
  if (!route.public) for (const s of [401, 403, 429]) statuses.add(s);
  if (doc?.request || doc?.requestOptional || doc?.requestJson)
    for (const s of [400, 413, 415]) statuses.add(s);
  if (doc?.request || doc?.requestJson || doc?.query?.length) statuses.add(422);
  if (doc?.query?.some((q) => q.name === 'cursor')) statuses.add(400);
  if (route.path.includes('{')) statuses.add(404);
  for (const s of doc?.problems ?? []) statuses.add(s);
  return [...statuses].sort((a, b) => a - b);
}

function operationOf(route: DocumentedRoute): Json {
  const doc = route.doc;
  const parameters: Json[] = [];
  for (const match of route.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
  }
  for (const q of doc?.query ?? []) {
    parameters.push({
      name: q.name,
      in: 'query',
      description: q.description,
      required: q.required ?? false,
      schema: q.schema,
    });
  }
  if (doc?.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  parameters.push({ $ref: '#/components/parameters/AcceptLanguage' });

  const roles = doc?.roles;
  const description = [
    doc?.description,
    roles ? `Roles: ${roles.map((r) => `\`${r}\``).join(', ')}.` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  const response = doc?.response ?? { status: 200, description: 'OK.' };
  const extraTypes = response.mediaTypes ?? [];
  const content: Json = extraTypes.length
    ? Object.fromEntries(extraTypes.map((type) => [type, { schema: {} }]))
    : {
        ...messageContent(response.form),
        ...Object.fromEntries(
          (response.alsoMediaTypes ?? []).map((type) => [type, { schema: {} }]),
        ),
      };
  const responses: Json = {
    [String(response.status)]: { description: response.description, content },
  };
  for (const status of problemStatuses(route)) {
    responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
  }
  const operation: Json = {
    operationId: camelCase(route.name),
    summary: doc?.summary ?? route.name.replace(/-/g, ' '),
    ...(description ? { description } : {}),
    tags: [tagOf(route.path)],
    parameters,
    responses,
    security: route.public ? [] : [{ bearer: [] }],
  };
  if (doc?.request || doc?.requestOptional || doc?.requestJson) {
    operation.requestBody = {
      required: !doc.requestOptional,
      content: doc.requestJson
        ? { 'application/json': { schema: { type: 'object' } } }
        : messageContent(doc.request),
    };
  }
  return operation;
}

/** The OpenAPI 3.1 document of `routes`. */
export function buildOpenApi(routes: readonly DocumentedRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const item = paths[route.path] ?? {};
    item[route.method.toLowerCase()] = operationOf(route);
    paths[route.path] = item;
  }
  const usedTags = new Set(routes.map((r) => tagOf(r.path)));
  const webhooks: Json = {};
  for (const [event, description] of Object.entries(WEBHOOK_EVENTS)) {
    webhooks[event] = {
      post: {
        operationId: `webhook${event.replace(/(^|\.)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`,
        summary: event,
        description,
        parameters: [
          {
            name: 'X-Gateway-Delivery-Id',
            in: 'header',
            required: true,
            description: 'Deduplicate on it: delivery is at least once.',
            schema: { type: 'string' },
          },
        ],
        security: [{ webhookSignature: [] }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/WebhookEnvelope' } },
          },
        },
        responses: {
          '200': {
            description: 'Any 2xx acknowledges receipt; anything else is retried with backoff.',
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'ncc-gateway',
      version: 'v1',
      summary: "Incident exchange between Kazakhstan's SOCs and the NCC",
      description:
        'Every request and response is JSON or XML (namespace `urn:kz:ncc-gateway:v1`), chosen by `Content-Type` and `Accept`. Enum fields accept codes or exact kk/ru/en labels (`GET /v1/catalogue`). Every failure is RFC 9457 problem details in the language of `Accept-Language`. Integrator guide: docs/integrator-guide.md.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'This gateway' }],
    tags: [...usedTags].map((name) => ({
      name,
      description: TAG_DESCRIPTIONS[name] ?? name,
    })),
    paths,
    webhooks,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An OAuth2 client-credentials access token (Cognito on AWS; `npm run token` locally) whose scope is `ncc-gateway/<role>` of a registered party.',
        },
        webhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Gateway-Signature',
          description:
            'Webhooks the gateway sends: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` with the secret registered on the party; refuse it when older than 5 minutes. Verification snippets: docs/webhooks.md.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Retry safely: the same key with the same body answers the first receipt again; with another body, 409 `idempotency_key_reused`.',
          schema: { type: 'string', maxLength: 256 },
        },
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'Language of problem details: kk (default), ru or en.',
          schema: { type: 'string', examples: ['kk', 'ru', 'en'] },
        },
      },
      responses: problemResponses(),
      schemas: schemaComponents(),
    },
  };
}
