/**
 * Every HTTP route of docs/contract.md §4 in one table: the local server routes with it, the
 * CDK stack creates one function and one API route per row, and `name` is both the
 * Lambda entry (`functions/lambda/<name>.ts`) and the function's logical name.
 */

import { authenticated, type Capabilities, PUBLIC } from '../capabilities.js';
import { buildExportAudit } from './audit/export-audit.js';
import { buildVerifyAudit } from './audit/verify-audit.js';
import { buildBlockConnection } from './connections/block-connection.js';
import { buildUnblockConnection } from './connections/unblock-connection.js';
import { buildAckDelivery } from './deliveries/ack-delivery.js';
import { buildListDeliveries } from './deliveries/list-deliveries.js';
import { buildRedriveDeliveries } from './deliveries/redrive-deliveries.js';
import { buildRetryDelivery } from './deliveries/retry-delivery.js';
import { buildGetDocs, buildGetDocsRenderer } from './docs/get-docs.js';
import { buildGetOpenApi } from './docs/get-openapi.js';
import { buildGetDuty } from './duty/get-duty.js';
import { buildCloseIncident } from './incidents/close-incident.js';
import { buildGetIncident } from './incidents/get-incident.js';
import { buildGetIncidentCardPdf } from './incidents/get-incident-card-pdf.js';
import { buildListIncidents } from './incidents/list-incidents.js';
import { buildPostIncident } from './incidents/post-incident.js';
import { buildPutIncidentCard } from './incidents/put-incident-card.js';
import { buildGetMessage } from './messages/get-message.js';
import { buildAckNotice } from './notices/ack-notice.js';
import { buildGetNotice } from './notices/get-notice.js';
import { buildListNotices } from './notices/list-notices.js';
import { buildPostNotice } from './notices/post-notice.js';
import { buildPostNoticeResponse } from './notices/post-notice-response.js';
import { buildGetComplianceReport } from './obligations/get-compliance-report.js';
import { buildListObligations } from './obligations/list-obligations.js';
import { buildWaiveObligation } from './obligations/waive-obligation.js';
import { buildListParties } from './parties/list-parties.js';
import { buildPutParty } from './parties/put-party.js';
import { buildPutPartyContact } from './parties/put-party-contact.js';
import { buildReissueCredentials } from './parties/reissue-credentials.js';
import { buildRotateWebhookSecret } from './parties/rotate-webhook-secret.js';
import { buildGetCatalogue } from './public/get-catalogue.js';
import { buildGetHealth } from './public/get-health.js';
import { buildGetReadiness } from './public/get-readiness.js';
import { buildGetSchema } from './public/get-schema.js';
import { buildGetTime } from './public/get-time.js';
import { buildGetQuarterlyReport } from './reports/get-quarterly-report.js';
import type { HttpDeps, HttpHandler } from './route.js';
import {
  OVERDUE_PARAMETER,
  PAGE_PARAMETERS,
  type RouteDoc,
  SOC_PARAMETER,
  windowParameters,
} from './route-doc.js';
import { buildGetVulnerability } from './vulnerabilities/get-vulnerability.js';
import { buildListVulnerabilities } from './vulnerabilities/list-vulnerabilities.js';
import { buildPostVulnerability } from './vulnerabilities/post-vulnerability.js';
import { buildPutVulnerability } from './vulnerabilities/put-vulnerability.js';

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway route path, with `{param}` placeholders. */
  path: string;
  /** Kebab-case name: Lambda entry file and function name. */
  name: string;
  /** Public routes have no authorizer. */
  public: boolean;
  build: (deps: HttpDeps) => HttpHandler;
  /**
   * The ports the route uses and how (`../capabilities.ts`): its Lambda entry wires exactly
   * these adapters and its role is granted exactly what they need.
   */
  capabilities: Capabilities;
  /** What the OpenAPI document says about the route (generated: `openapi/build-openapi.ts`). */
  doc?: RouteDoc;
}

export const ROUTES: readonly RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/incidents',
    name: 'post-incident',
    public: false,
    build: buildPostIncident,
    capabilities: authenticated(
      {
        incidents: 'write',
        idempotency: 'write',
        deliveries: 'write',
        queue: 'write',
      },
      { archive: 'keep' },
    ),
    doc: {
      summary: 'Notify the NCC of an incident (15-minute notification or complete Annex 3 card)',
      description:
        "The first message about an incident: a notification (required fields only) or a complete card. Answers a receipt with the SHA-256 of the body as received and every clock the message opened. Every NCC party receives `incident.notified`, and the owner registered for the object among the SOC's objects; an owner's own report (001 п.24) reaches the SOC registered for the object instead (warning `soc_not_registered` when there is none).",
      roles: ['soc', 'owner'],
      request: 'incidentNotification',
      idempotent: true,
      response: {
        status: 201,
        description: 'Accepted: the receipt and its clocks.',
        form: 'receipt',
      },
      problems: [409],
    },
  },
  {
    method: 'GET',
    path: '/v1/incidents',
    name: 'list-incidents',
    public: false,
    build: buildListIncidents,
    capabilities: authenticated({ incidents: 'read' }),
    doc: {
      summary: 'List incidents (a SOC sees its own)',
      roles: ['soc', 'owner', 'ncc'],
      query: [
        {
          name: 'state',
          description: 'Open or closed.',
          schema: { type: 'string', enum: ['open', 'closed'] },
        },
        {
          name: 'severity',
          description: 'Severity code (1-4).',
          schema: { type: 'integer', minimum: 1, maximum: 4 },
        },
        OVERDUE_PARAMETER,
        ...windowParameters('Created'),
        SOC_PARAMETER,
        ...PAGE_PARAMETERS,
      ],
      response: { status: 200, description: 'A page of incidents.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/incidents/{id}',
    name: 'get-incident',
    public: false,
    build: buildGetIncident,
    capabilities: authenticated({ incidents: 'read' }),
    doc: {
      summary: 'One incident: every card version, its obligations and their states',
      roles: ['soc', 'owner', 'ncc'],
      response: { status: 200, description: 'The incident.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/incidents/{id}/card.pdf',
    name: 'get-incident-card-pdf',
    public: false,
    build: buildGetIncidentCardPdf,
    capabilities: authenticated({ incidents: 'read' }),
    doc: {
      summary: 'The printable 004 Annex 3 card (kk or ru), with the receipt and the clocks',
      roles: ['soc', 'owner', 'ncc'],
      query: [
        {
          name: 'lang',
          description: 'kk (default; anything else than ru) or ru.',
          schema: { type: 'string', enum: ['kk', 'ru'] },
        },
      ],
      response: {
        status: 200,
        description: 'A PDF with fonts embedded.',
        mediaTypes: ['application/pdf'],
      },
    },
  },
  {
    method: 'PUT',
    path: '/v1/incidents/{id}/card',
    name: 'put-incident-card',
    public: false,
    build: buildPutIncidentCard,
    capabilities: authenticated(
      {
        incidents: 'write',
        idempotency: 'write',
        deliveries: 'write',
        queue: 'write',
      },
      { archive: 'keep' },
    ),
    doc: {
      summary: 'Send the complete card or a revision of it',
      roles: ['soc', 'owner'],
      request: 'incidentCard',
      idempotent: true,
      response: {
        status: 200,
        description: 'Accepted as a new card version: the receipt.',
        form: 'receipt',
      },
      problems: [409],
    },
  },
  {
    method: 'POST',
    path: '/v1/incidents/{id}/close',
    name: 'close-incident',
    public: false,
    build: buildCloseIncident,
    capabilities: authenticated({ incidents: 'write', idempotency: 'write' }, { archive: 'keep' }),
    doc: {
      summary: 'Report the causes and consequences eliminated, closing the incident',
      roles: ['soc', 'owner'],
      request: 'incidentClosure',
      idempotent: true,
      response: { status: 200, description: 'Closed: the receipt.', form: 'receipt' },
      problems: [409],
    },
  },
  {
    method: 'POST',
    path: '/v1/vulnerabilities',
    name: 'post-vulnerability',
    public: false,
    build: buildPostVulnerability,
    capabilities: authenticated(
      {
        vulnerabilities: 'write',
        idempotency: 'write',
        deliveries: 'write',
        queue: 'write',
      },
      { archive: 'keep' },
    ),
    doc: {
      summary: "Report a vulnerability of an object (001 п.13, Annex 5): the owner's or its SOC's",
      description:
        "The Annex 5 columns, and when not eliminated the Annex 6 reason. Clocks (docs/regulations.md): a self-detected vulnerability (no `scanResultsAt`) is owed within 24 hours of `detectedAt` (`vulnerability_report`, satisfied by this report); one found by a scan owes the measures taken by the end of the 20th national calendar day after `scanResultsAt` (`vulnerability_measures`, satisfied by `measuresTaken`, an Annex 6 reason or `eliminatedAt`, here or in a revision); a production need owes the elimination by its stated `eliminateBy` (`vulnerability_elimination`). Every NCC party receives `vulnerability.reported`, and when a SOC reports for an object registered with an owner, the owner too; for a critical ICT object that opens the owner's `vulnerability_correction` (001 п.23: corrected within 30 calendar days, to the end of the 30th national day after receipt). The same `reference` with the same content answers the first receipt; with other content 409 `reference_taken`.",
      roles: ['owner', 'soc'],
      request: 'vulnerability',
      idempotent: true,
      response: {
        status: 201,
        description: 'Accepted: the receipt and its clocks.',
        form: 'receipt',
      },
      problems: [409],
    },
  },
  {
    method: 'GET',
    path: '/v1/vulnerabilities',
    name: 'list-vulnerabilities',
    public: false,
    build: buildListVulnerabilities,
    capabilities: authenticated({ vulnerabilities: 'read' }),
    doc: {
      summary: 'List vulnerabilities (the reporting party sees its own, the NCC all)',
      roles: ['owner', 'soc', 'ncc'],
      query: [
        {
          name: 'state',
          description: 'reported, not_eliminated (an Annex 6 reason stated) or eliminated.',
          schema: { type: 'string', enum: ['reported', 'not_eliminated', 'eliminated'] },
        },
        ...windowParameters('Reported'),
        {
          name: 'soc',
          description:
            'One reporting party by id (NCC; a reporter sees only its own and may name only itself).',
          schema: { type: 'string' },
        },
        ...PAGE_PARAMETERS,
      ],
      response: { status: 200, description: 'A page of vulnerabilities.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/vulnerabilities/{id}',
    name: 'get-vulnerability',
    public: false,
    build: buildGetVulnerability,
    capabilities: authenticated({ vulnerabilities: 'read' }),
    doc: {
      summary: 'One vulnerability: every version, its clocks and their states',
      description:
        "For its reporter, the owner it was reported for, and the NCC. Each of `versions[]` names the party that sent it in `sentBy`: the reporter, or the owner stating what it corrected in its SOC's report (001 п.23); `reporterId` stays the party that first reported it.",
      roles: ['owner', 'soc', 'ncc'],
      response: { status: 200, description: 'The vulnerability.' },
    },
  },
  {
    method: 'PUT',
    path: '/v1/vulnerabilities/{id}',
    name: 'put-vulnerability',
    public: false,
    build: buildPutVulnerability,
    capabilities: authenticated(
      {
        vulnerabilities: 'write',
        idempotency: 'write',
        deliveries: 'write',
        queue: 'write',
      },
      { archive: 'keep' },
    ),
    doc: {
      summary:
        'Revise a vulnerability report: the measures taken, an Annex 6 reason, the elimination',
      description:
        "The whole form again, from the party that reported it or the owner a SOC reported it for, with the same `reference` and `detectedAt`. `measuresTaken`, `notEliminated` or `eliminatedAt` satisfy `vulnerability_measures` (001 п.13); `eliminatedAt` satisfies `vulnerability_elimination` and the owner's 30-day `vulnerability_correction` (001 п.23); a production need stated now opens `vulnerability_elimination`. Every NCC party, and the other side (the owner it was reported for, or the reporting SOC), receives `vulnerability.updated`.",
      roles: ['owner', 'soc'],
      request: 'vulnerability',
      idempotent: true,
      response: {
        status: 200,
        description: 'Accepted as a new version: the receipt.',
        form: 'receipt',
      },
      problems: [404, 409],
    },
  },
  {
    method: 'POST',
    path: '/v1/notices',
    name: 'post-notice',
    public: false,
    build: buildPostNotice,
    capabilities: authenticated(
      {
        notices: 'write',
        idempotency: 'write',
        deliveries: 'write',
        queue: 'write',
      },
      { archive: 'keep' },
    ),
    doc: {
      summary: 'Issue an NCC notice to parties and sectors',
      roles: ['ncc'],
      request: 'nccNotice',
      idempotent: true,
      response: {
        status: 201,
        description: 'Issued: the receipt and the recipients.',
        form: 'receipt',
      },
      problems: [409],
    },
  },
  {
    method: 'GET',
    path: '/v1/notices',
    name: 'list-notices',
    public: false,
    build: buildListNotices,
    capabilities: authenticated({ notices: 'read' }),
    doc: {
      summary:
        "The SOC's notice inbox; for the NCC, the notices it issued with per-recipient state",
      roles: ['soc', 'owner', 'ncc'],
      query: PAGE_PARAMETERS,
      response: {
        status: 200,
        description:
          'A page of notices addressed to the caller (SOC), or issued by it with delivered/acknowledged/answered/overdue per recipient (NCC).',
      },
    },
  },
  {
    method: 'GET',
    path: '/v1/notices/{id}',
    name: 'get-notice',
    public: false,
    build: buildGetNotice,
    capabilities: authenticated({ notices: 'read' }),
    doc: {
      summary: 'One notice: the issuing NCC sees every recipient and response; a recipient its own',
      roles: ['ncc', 'soc', 'owner'],
      response: { status: 200, description: 'The notice with its tracking.' },
    },
  },
  {
    method: 'POST',
    path: '/v1/notices/{id}/ack',
    name: 'ack-notice',
    public: false,
    build: buildAckNotice,
    capabilities: authenticated(
      {
        notices: 'write',
        obligations: 'write',
        deliveries: 'write',
        queue: 'write',
      },
      { archive: 'keep' },
    ),
    doc: {
      summary: 'Acknowledge a notice (satisfies notice_ack)',
      roles: ['soc', 'owner'],
      requestOptional: true,
      response: { status: 200, description: 'Acknowledged.' },
    },
  },
  {
    method: 'POST',
    path: '/v1/notices/{id}/responses',
    name: 'post-notice-response',
    public: false,
    build: buildPostNoticeResponse,
    capabilities: authenticated(
      {
        notices: 'write',
        incidents: 'write',
        obligations: 'write',
        idempotency: 'write',
        deliveries: 'write',
        queue: 'write',
      },
      { archive: 'keep' },
    ),
    doc: {
      summary: 'Answer a notice with an analysis or an incident card',
      roles: ['soc', 'owner'],
      request: 'noticeResponse',
      idempotent: true,
      response: { status: 201, description: 'Accepted: the receipt.', form: 'receipt' },
      problems: [409],
    },
  },
  {
    method: 'GET',
    path: '/v1/deliveries',
    name: 'list-deliveries',
    public: false,
    build: buildListDeliveries,
    capabilities: authenticated({ deliveries: 'read' }),
    doc: {
      summary: 'Deliveries to the caller (pull instead of, or beside, the webhook)',
      roles: ['soc', 'owner', 'ncc', 'authority', 'admin'],
      query: PAGE_PARAMETERS,
      response: { status: 200, description: 'A page of deliveries.' },
    },
  },
  {
    method: 'POST',
    path: '/v1/deliveries/{id}/ack',
    name: 'ack-delivery',
    public: false,
    build: buildAckDelivery,
    capabilities: authenticated({ deliveries: 'write', obligations: 'write' }, { archive: 'keep' }),
    doc: {
      summary: 'Acknowledge a delivery (an owner ack satisfies notify_owner)',
      description:
        "An NCC party's ack of a level-1 `obligation.missed` delivery, made within the NCC's `escalation.level2AfterHours` (default 24), stops level 2 of that escalation (docs/escalation.md).",
      roles: ['owner', 'ncc'],
      requestOptional: true,
      response: { status: 200, description: 'Acknowledged.' },
    },
  },
  {
    method: 'POST',
    path: '/v1/deliveries/{id}/retry',
    name: 'retry-delivery',
    public: false,
    build: buildRetryDelivery,
    capabilities: authenticated({ deliveries: 'write', queue: 'write' }, { archive: 'keep' }),
    doc: {
      summary: 'Retry one delivery now (admin): a failed one starts its retry schedule again',
      description:
        'A failed delivery (a dead letter: its nine attempts over about 44 h all failed) is redriven and starts the retry schedule again; one waiting for a later scheduled attempt is brought forward; one the queue holds right now is answered as it is. A delivered one is 409 delivery_already_delivered.',
      roles: ['admin'],
      requestOptional: true,
      response: {
        status: 200,
        description: 'The delivery as redriven (retried: true) or as it is.',
      },
      problems: [409],
    },
  },
  {
    method: 'POST',
    path: '/v1/deliveries/redrive',
    name: 'redrive-deliveries',
    public: false,
    build: buildRedriveDeliveries,
    capabilities: authenticated({ deliveries: 'write', queue: 'write' }, { archive: 'keep' }),
    doc: {
      summary: "Redrive a party's failed and waiting deliveries now (admin)",
      description:
        'Every delivery to the party whose last attempt failed (failed ones start the retry schedule again; those waiting for a later attempt are brought forward) is handed to the queue now. Up to 1000 per call; `more: true` says to call again. The same happens by itself when a later delivery to the party succeeds. When the party has a webhook, this also pushes the deliveries built while it had none (pull-only: never attempted, older than 15 minutes) — after registering a webhook for a party that pulled its inbox; the automatic redrive never does.',
      roles: ['admin'],
      query: [
        {
          name: 'party',
          description: 'The party whose deliveries to redrive.',
          required: true,
          schema: { type: 'string' },
        },
      ],
      requestOptional: true,
      response: { status: 200, description: 'How many deliveries were redriven, and their ids.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/obligations',
    name: 'list-obligations',
    public: false,
    build: buildListObligations,
    capabilities: authenticated({ obligations: 'read' }),
    doc: {
      summary: 'Legal clocks: obligations by state and due time',
      roles: ['soc', 'owner', 'ncc'],
      query: [
        {
          name: 'state',
          description: 'Obligation state.',
          schema: {
            type: 'string',
            enum: ['open', 'satisfied', 'satisfied_late', 'missed', 'waived'],
          },
        },
        ...windowParameters('Due'),
        {
          name: 'dueWithin',
          description: 'Open and due within this ISO 8601 duration from now (e.g. PT1H).',
          schema: { type: 'string', pattern: '^P' },
        },
        OVERDUE_PARAMETER,
        SOC_PARAMETER,
        ...PAGE_PARAMETERS,
      ],
      response: { status: 200, description: 'A page of obligations.' },
    },
  },
  {
    method: 'POST',
    path: '/v1/obligations/{id}/waive',
    name: 'waive-obligation',
    public: false,
    build: buildWaiveObligation,
    capabilities: authenticated({ obligations: 'write' }, { archive: 'keep' }),
    doc: {
      summary: 'Waive an obligation with a reason (NCC); audited, counted apart',
      description:
        'For an obligation still owed (open or missed), e.g. an incident notice the SOC showed was not confirmed. The id is the obligation id of `GET /v1/obligations` (`<subject>#<kind>#<party>`, `#` sent as `%23`). The state becomes `waived`: no reminder, and a pending level-2 escalation is stopped. One write holds the waiver and its entry on the owing party\'s audit chain. The compliance report counts waived obligations apart. JSON body `{ "reason": "why" }` (required, at most 1000 characters).',
      roles: ['ncc'],
      requestJson: true,
      response: { status: 200, description: 'Waived: the obligation and the waiver.' },
      problems: [404, 409],
    },
  },
  {
    method: 'GET',
    path: '/v1/reports/compliance',
    name: 'get-compliance-report',
    public: false,
    build: buildGetComplianceReport,
    capabilities: authenticated({ obligations: 'read' }),
    doc: {
      summary: 'Compliance per party and obligation kind: on time, late, missed, waived',
      description:
        "Over the obligations due in [`from`, `to`]: on time, late (with the median and worst lateness as ISO 8601 durations), missed (past due, still outstanding), open and waived, per party and obligation kind (`groupBy=soc`), per kind (`kind`) or per national month, party and kind (`month`; with `from`/`to` spanning a quarter, the quarter view of 001 п.17–18, every month listed). `Accept: text/csv` answers one table (UTF-8 with BOM; cells that a spreadsheet would run as a formula are prefixed with `'`), the XLSX media type the same table as a workbook.",
      roles: ['ncc'],
      query: [
        ...windowParameters('Obligations due'),
        SOC_PARAMETER,
        {
          name: 'groupBy',
          description:
            'soc (default): per party and kind; kind: per kind; month: per national month, party and kind.',
          schema: { type: 'string', enum: ['soc', 'kind', 'month'] },
        },
      ],
      response: {
        status: 200,
        description: 'The report (JSON or XML), or its table as CSV or XLSX.',
        alsoMediaTypes: [
          'text/csv',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ],
      },
    },
  },
  {
    method: 'GET',
    path: '/v1/reports/quarterly',
    name: 'get-quarterly-report',
    public: false,
    build: buildGetQuarterlyReport,
    capabilities: authenticated({
      incidents: 'read',
      vulnerabilities: 'read',
      obligations: 'read',
    }),
    doc: {
      summary:
        'Quarterly summary for ҰҚК (001 п.17): incidents, vulnerabilities and clocks of one quarter',
      description:
        "One national (UTC+5) calendar quarter: the incidents the gateway received in it by Annex 3 type, severity, sector (the affected object's owner party's sectors; `unspecified` when unknown; an owner in two sectors counts in both) and reporting party (every SOC listed), and the obligations due in it — on time, late (median and worst lateness), missed, waived, open — by kind and by owing party; and the vulnerabilities reported in it (001 п.13) by status, Annex 6 reason, contour and reporter, with the vulnerability clocks due in it (on time, late, missed, waived, open). The form has no severity, so none is counted. The current quarter is answered as it stands; a later one is 422. `Accept: text/csv` answers one table (UTF-8 with BOM; cells that a spreadsheet would run as a formula are prefixed with `'`).",
      roles: ['ncc'],
      query: [
        {
          name: 'year',
          required: true,
          description: 'The calendar year.',
          schema: { type: 'integer', minimum: 2000, maximum: 9999 },
        },
        {
          name: 'quarter',
          required: true,
          description: 'The quarter, 1 to 4.',
          schema: { type: 'integer', minimum: 1, maximum: 4 },
        },
      ],
      response: {
        status: 200,
        description: 'The summary (JSON or XML), or its table as CSV.',
        alsoMediaTypes: ['text/csv'],
      },
    },
  },
  {
    method: 'PUT',
    path: '/v1/parties/{id}',
    name: 'put-party',
    public: false,
    build: buildPutParty,
    // No archive: the body carries the webhook secret in clear (buildPutParty).
    capabilities: authenticated({ parties: 'write' }, { webhookSecrets: 'seal' }),
    doc: {
      summary: 'Register or update a party (SOC, NCC, owner, authority, admin)',
      description:
        "Replaces the registration, merged with what the party reports itself (001 п.16): `contact` is the body's unless the stored contact changed later (`changedAt`), and a body without `contact` keeps the stored one. Written only if the party is still as read; a contact report or rotation landing meanwhile is read again, never undone (docs/contract.md §10).",
      roles: ['admin'],
      request: 'party',
      response: { status: 200, description: 'Updated (201 when created): the party.' },
      problems: [409],
    },
  },
  {
    method: 'PUT',
    path: '/v1/parties/{id}/contact',
    name: 'put-party-contact',
    public: false,
    build: buildPutPartyContact,
    capabilities: authenticated({ parties: 'write' }, { archive: 'keep' }),
    doc: {
      summary: "Report a change of the party's own responsible person's contact details (001 п.16)",
      description:
        "For the caller's own party only (any other id is 404). The body is the current contact with `changedAt`, the moment of the change (not in the future). For an owner, a `changedAt` other than the registered one is a change: its `contact_change` clock (48 hours from `changedAt`) is settled on arrival, on time or late, and answered in `obligations`; the same change sent again settles nothing twice. The contact replaces the one on the party record (`GET /v1/parties` shows it, with `contactReports`).",
      roles: ['owner', 'soc', 'ncc', 'authority'],
      request: 'contactChange',
      response: {
        status: 200,
        description: "Recorded: the contact and, for an owner's change, its settled clock.",
      },
      problems: [404],
    },
  },
  {
    method: 'GET',
    path: '/v1/audit/verify',
    name: 'verify-audit',
    public: false,
    build: buildVerifyAudit,
    capabilities: authenticated({ audit: 'read' }, { auditKey: 'verify' }),
    doc: {
      summary: "Verify a party's audit hash chain and the signed daily digests",
      description:
        'Walks the chain from the last signed checkpoint before `from` (or the start) and names the first broken or missing link, and the first daily digest that does not verify. Answers 200 either way; `ok` says which. A failure is also logged as security event `audit_chain_broken`.',
      roles: ['admin'],
      query: [
        {
          name: 'party',
          description: 'The party whose audit trail to read (required; a registered party id).',
          schema: { type: 'string' },
          required: true,
        },
        ...windowParameters('Entries'),
      ],
      response: { status: 200, description: 'The verification report.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/audit/export',
    name: 'export-audit',
    public: false,
    build: buildExportAudit,
    capabilities: authenticated({ audit: 'read' }),
    doc: {
      summary: "One party's national day of the audit trail: the 001 Annex 4 log or JSON lines",
      description:
        'Delimited UTF-8 with quoting: date DD:MM:YYYY, time HH:MM:SS, source service, user id, user IP, operation start, operation end, description. A day without entries is the header alone, never 404.',
      roles: ['admin'],
      query: [
        {
          name: 'party',
          description: 'The party whose audit trail to read (required; a registered party id).',
          schema: { type: 'string' },
          required: true,
        },
        {
          name: 'day',
          description: 'The national day (Asia/Almaty), YYYY-MM-DD.',
          schema: { type: 'string', format: 'date' },
          required: true,
        },
        {
          name: 'format',
          description: '`annex4` (default, text/plain) or `jsonl` (JSON lines for a SIEM).',
          schema: { type: 'string', enum: ['annex4', 'jsonl'] },
        },
      ],
      response: {
        status: 200,
        description: 'The day file (an attachment).',
        mediaTypes: ['text/plain', 'application/x-ndjson'],
      },
    },
  },
  {
    method: 'POST',
    path: '/v1/parties/{id}/webhook-secret/rotate',
    name: 'rotate-webhook-secret',
    public: false,
    build: buildRotateWebhookSecret,
    capabilities: authenticated({ parties: 'write' }, { webhookSecrets: 'seal', archive: 'keep' }),
    doc: {
      summary: "Rotate a party's webhook secret, the old one valid for an overlap window",
      description:
        'The gateway draws a new secret and answers it once, here only. Until `previousValidUntil` every delivery is signed with both secrets (`X-Gateway-Signature: t=…,v1=<new>,v1=<old>`), so the party switches without losing a delivery. docs/webhooks.md "Rotation".',
      roles: ['admin'],
      requestOptional: true,
      query: [
        {
          name: 'overlapHours',
          description:
            'Hours the old secret stays valid (default 24, 0 ends it at once, at most 168).',
          schema: { type: 'integer', minimum: 0, maximum: 168 },
        },
      ],
      response: {
        status: 200,
        description: 'The new secret (shown once) and the end of the overlap.',
      },
      problems: [409],
    },
  },
  {
    method: 'POST',
    path: '/v1/parties/{id}/credentials/reissue',
    name: 'reissue-credentials',
    public: false,
    build: buildReissueCredentials,
    capabilities: authenticated(
      { connections: 'write' },
      { archive: 'keep', clientSecrets: 'replace' },
    ),
    doc: {
      summary:
        "Reissue a party's client credentials after an incident; old tokens stop at once (п.90-1(10))",
      description:
        'Every token issued before `credentialsIssuedAt` (the next whole second) is refused with 401 `credentials_reissued` on its next request; the credential\'s age (`policy.credentialMaxAgeDays`) starts again. One write holds the change and its `credentials.reissued` audit entry. A JSON body `{ "note": "why" }` is optional and kept in the audit entry. On AWS the party\'s Cognito app-client secret is replaced first (the old one mints no new token) and the new one is in the answer as `clientSecret`, this once: the gateway keeps no copy. A Cognito failure is 503 and changes nothing; repeating the reissue is safe. The embedded stack mints tokens without client secrets, so its answer has none.',
      roles: ['admin'],
      requestOptional: true,
      response: {
        status: 200,
        description:
          'Reissued: from when the new credential is valid, and on AWS the new client secret (shown once).',
      },
      problems: [404],
    },
  },
  {
    method: 'POST',
    path: '/v1/parties/{id}/block',
    name: 'block-connection',
    public: false,
    build: buildBlockConnection,
    capabilities: authenticated(
      { connections: 'write', deliveries: 'write', queue: 'write' },
      { archive: 'keep' },
    ),
    doc: {
      summary: "Block a party's connection by hand (п.90-1(3)); audited, every NCC party is told",
      description:
        'Until an admin unblocks it, every request of the party is 403 `connection_blocked`. One write holds the block, its audit entry and a `connection.blocked` delivery to every `ncc` party. A JSON body `{ "note": "why" }` is optional; the note is kept in the audit entry and the notice.',
      roles: ['admin'],
      requestOptional: true,
      response: { status: 200, description: 'Blocked: the block in force.' },
      problems: [404, 409],
    },
  },
  {
    method: 'POST',
    path: '/v1/parties/{id}/unblock',
    name: 'unblock-connection',
    public: false,
    build: buildUnblockConnection,
    capabilities: authenticated(
      { connections: 'write', deliveries: 'write', queue: 'write' },
      { archive: 'keep' },
    ),
    doc: {
      summary: "Lift the block of a party's connection; audited, every NCC party is told",
      description:
        'The counters start again from zero and inactivity counts from now. One write holds the change, its audit entry and a `connection.unblocked` delivery to every `ncc` party. A JSON body `{ "note": "why" }` is optional; the note is kept in the audit entry and the notice.',
      roles: ['admin'],
      requestOptional: true,
      response: { status: 200, description: 'Unblocked: the block lifted.' },
      problems: [404, 409],
    },
  },
  {
    method: 'GET',
    path: '/v1/parties',
    name: 'list-parties',
    public: false,
    build: buildListParties,
    capabilities: authenticated({}),
    doc: {
      summary: 'Every registered party',
      roles: ['admin'],
      response: { status: 200, description: 'The parties.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/health',
    name: 'get-health',
    public: true,
    build: buildGetHealth,
    capabilities: PUBLIC,
    doc: {
      summary: 'Liveness',
      response: { status: 200, description: 'The gateway answers.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/health/ready',
    name: 'get-readiness',
    public: true,
    build: buildGetReadiness,
    // Public, but one read of the party store is its probe.
    capabilities: { ports: { parties: 'read' } },
    doc: {
      summary: 'Readiness: the store answers (503 when it does not)',
      response: { status: 200, description: 'The gateway can accept messages.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/time',
    name: 'get-time',
    public: true,
    build: buildGetTime,
    capabilities: PUBLIC,
    doc: {
      summary: "The gateway's clock, for integrated objects to compare theirs with",
      response: { status: 200, description: 'The current time (UTC and Asia/Almaty).' },
    },
  },
  {
    method: 'GET',
    path: '/v1/messages/{sha256}',
    name: 'get-message',
    public: false,
    build: buildGetMessage,
    capabilities: authenticated({}, { archive: 'read' }),
    doc: {
      summary: 'The bytes of a message exactly as received (admin, or its sender or recipient)',
      roles: ['admin', 'soc', 'ncc', 'owner'],
      response: { status: 200, description: 'The raw message, in its original media type.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/catalogue',
    name: 'get-catalogue',
    public: true,
    build: buildGetCatalogue,
    capabilities: PUBLIC,
    doc: {
      summary: 'Every enum with its kk/ru/en labels',
      response: { status: 200, description: 'The catalogue.' },
    },
  },
  {
    method: 'GET',
    path: '/v1/schemas/{name}',
    name: 'get-schema',
    public: true,
    build: buildGetSchema,
    capabilities: PUBLIC,
    doc: {
      summary: 'A published JSON Schema (`{name}.schema.json`) or XSD (`{name}.xsd`)',
      response: {
        status: 200,
        description: 'The schema.',
        mediaTypes: ['application/schema+json'],
      },
    },
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    name: 'get-openapi',
    public: true,
    build: buildGetOpenApi,
    capabilities: PUBLIC,
    doc: {
      summary: 'This document: OpenAPI 3.1, generated from the route table and the schemas',
      response: {
        status: 200,
        description: 'The OpenAPI document.',
        mediaTypes: ['application/json'],
      },
    },
  },
  {
    method: 'GET',
    path: '/docs',
    name: 'get-docs',
    public: true,
    build: buildGetDocs,
    capabilities: PUBLIC,
    doc: {
      summary: 'The API reference page (Redoc, served by the gateway)',
      response: { status: 200, description: 'An HTML page.', mediaTypes: ['text/html'] },
    },
  },
  {
    method: 'GET',
    path: '/docs/redoc.standalone.js',
    name: 'get-docs-renderer',
    public: true,
    build: buildGetDocsRenderer,
    capabilities: PUBLIC,
    doc: {
      summary: 'The Redoc renderer the reference page loads',
      response: { status: 200, description: 'JavaScript.', mediaTypes: ['text/javascript'] },
    },
  },
  {
    method: 'GET',
    path: '/duty',
    name: 'get-duty',
    // The page is public; its data is not: the page's script calls the JSON routes with the
    // officer's bearer token (a browser cannot send one on navigation). docs/duty-page.md.
    public: true,
    build: buildGetDuty,
    capabilities: PUBLIC,
    doc: {
      summary: 'The NCC duty page: what is due within the hour and what is overdue, by party',
      description:
        'An HTML page (kk, ru or en by `lang`, else Accept-Language) holding no data: signed in with an NCC bearer token kept in the browser tab, it reads GET /v1/obligations and GET /v1/incidents/{id} and issues notices with POST /v1/notices.',
      query: [
        {
          name: 'lang',
          description: 'kk, ru or en (any other value is kk); absent: Accept-Language.',
          schema: { type: 'string', enum: ['kk', 'ru', 'en'] },
        },
      ],
      response: { status: 200, description: 'An HTML page.', mediaTypes: ['text/html'] },
    },
  },
];

/** The route definition by name (for Lambda entry points). */
export function routeNamed(name: string): RouteDefinition {
  const route = ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`No route named ${name}`);
  return route;
}
