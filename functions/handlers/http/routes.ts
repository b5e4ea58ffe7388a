/**
 * Every HTTP route of SPEC §4 in one table: the local server routes with it, the
 * CDK stack creates one function and one API route per row, and `name` is both the
 * Lambda entry (`functions/lambda/<name>.ts`) and the function's logical name.
 */
import { buildAckDelivery } from './deliveries/ack-delivery.js';
import { buildListDeliveries } from './deliveries/list-deliveries.js';
import { buildCloseIncident } from './incidents/close-incident.js';
import { buildGetIncident } from './incidents/get-incident.js';
import { buildListIncidents } from './incidents/list-incidents.js';
import { buildPostIncident } from './incidents/post-incident.js';
import { buildPutIncidentCard } from './incidents/put-incident-card.js';
import { buildAckNotice } from './notices/ack-notice.js';
import { buildListNotices } from './notices/list-notices.js';
import { buildPostNotice } from './notices/post-notice.js';
import { buildPostNoticeResponse } from './notices/post-notice-response.js';
import { buildGetComplianceReport } from './obligations/get-compliance-report.js';
import { buildListObligations } from './obligations/list-obligations.js';
import { buildListParties } from './parties/list-parties.js';
import { buildPutParty } from './parties/put-party.js';
import { buildGetCatalogue } from './public/get-catalogue.js';
import { buildGetHealth } from './public/get-health.js';
import { buildGetSchema } from './public/get-schema.js';
import { buildGetTime } from './public/get-time.js';
import type { HttpDeps, HttpHandler } from './route.js';

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway route path, with `{param}` placeholders. */
  path: string;
  /** Kebab-case name: Lambda entry file and function name. */
  name: string;
  /** Public routes have no authorizer. */
  public: boolean;
  build: (deps: HttpDeps) => HttpHandler;
}

export const ROUTES: readonly RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/incidents',
    name: 'post-incident',
    public: false,
    build: buildPostIncident,
  },
  {
    method: 'GET',
    path: '/v1/incidents',
    name: 'list-incidents',
    public: false,
    build: buildListIncidents,
  },
  {
    method: 'GET',
    path: '/v1/incidents/{id}',
    name: 'get-incident',
    public: false,
    build: buildGetIncident,
  },
  {
    method: 'PUT',
    path: '/v1/incidents/{id}/card',
    name: 'put-incident-card',
    public: false,
    build: buildPutIncidentCard,
  },
  {
    method: 'POST',
    path: '/v1/incidents/{id}/close',
    name: 'close-incident',
    public: false,
    build: buildCloseIncident,
  },
  {
    method: 'POST',
    path: '/v1/notices',
    name: 'post-notice',
    public: false,
    build: buildPostNotice,
  },
  {
    method: 'GET',
    path: '/v1/notices',
    name: 'list-notices',
    public: false,
    build: buildListNotices,
  },
  {
    method: 'POST',
    path: '/v1/notices/{id}/ack',
    name: 'ack-notice',
    public: false,
    build: buildAckNotice,
  },
  {
    method: 'POST',
    path: '/v1/notices/{id}/responses',
    name: 'post-notice-response',
    public: false,
    build: buildPostNoticeResponse,
  },
  {
    method: 'GET',
    path: '/v1/deliveries',
    name: 'list-deliveries',
    public: false,
    build: buildListDeliveries,
  },
  {
    method: 'POST',
    path: '/v1/deliveries/{id}/ack',
    name: 'ack-delivery',
    public: false,
    build: buildAckDelivery,
  },
  {
    method: 'GET',
    path: '/v1/obligations',
    name: 'list-obligations',
    public: false,
    build: buildListObligations,
  },
  {
    method: 'GET',
    path: '/v1/reports/compliance',
    name: 'get-compliance-report',
    public: false,
    build: buildGetComplianceReport,
  },
  {
    method: 'PUT',
    path: '/v1/parties/{id}',
    name: 'put-party',
    public: false,
    build: buildPutParty,
  },
  {
    method: 'GET',
    path: '/v1/parties',
    name: 'list-parties',
    public: false,
    build: buildListParties,
  },
  { method: 'GET', path: '/v1/health', name: 'get-health', public: true, build: buildGetHealth },
  { method: 'GET', path: '/v1/time', name: 'get-time', public: true, build: buildGetTime },
  {
    method: 'GET',
    path: '/v1/catalogue',
    name: 'get-catalogue',
    public: true,
    build: buildGetCatalogue,
  },
  {
    method: 'GET',
    path: '/v1/schemas/{name}',
    name: 'get-schema',
    public: true,
    build: buildGetSchema,
  },
];

/** The route definition by name (for Lambda entry points). */
export function routeNamed(name: string): RouteDefinition {
  const route = ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`No route named ${name}`);
  return route;
}
