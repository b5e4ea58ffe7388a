/**
 * One successful call for every entry of ROUTES, and the world it needs (parties, an
 * incident, a notice, deliveries, a blocked party): shared by the in-process route tests
 * on the in-memory store (test/handlers/http/routes.test.ts) and the grant test that runs
 * every Lambda entry as deployed on DynamoDB Local and fauxqs (test/cdk/grants.test.ts).
 */

import type { Role } from '../../functions/core/model/messages.js';
import type { DeliveryStore } from '../../functions/core/ports/deliveries.js';
import type { PartyRecord } from '../../functions/core/ports/records.js';
import type { HttpResult } from '../../functions/handlers/http/http-types.js';
import type { ApiRequest } from './api-events.js';
import {
  agoWithOffset,
  annex7Fields,
  billingObject,
  completeCard,
  notification,
  partyBody,
  uniqueReference,
} from './messages.js';
import { jsonOf } from './route-harness.js';

export const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };

export function noticeBody(recipients: string[]) {
  return {
    kind: 'threat',
    registeredAt: new Date(Date.now() - 60_000).toISOString(),
    ...annex7Fields(),
    description: 'Фишингтік тарату электр энергетикасы секторына бағытталған',
    tlp: 'amber',
    recipients: { parties: recipients },
  };
}

export type Call = ApiRequest & { as?: string };

/** An owner's self-detected vulnerability (001 Annex 5), detected an hour ago. */
export function vulnerabilityBody(overrides: Record<string, unknown> = {}) {
  return {
    reference: uniqueReference('VULN'),
    detectedAt: agoWithOffset(3_600_000),
    contour: 'external',
    objectName: 'Billing server',
    component: 'billing.energo-example.kz, 203.0.113.7',
    port: 443,
    description: 'CVE-2021-23017: nginx resolver off-by-one',
    ...overrides,
  };
}

/** Today's national day (Asia/Almaty, UTC+5) as YYYY-MM-DD. */
export function nationalDay(at = Date.now()): string {
  return new Date(at + 5 * 3_600_000).toISOString().slice(0, 10);
}

/** One successful call per route, and the status it answers. */
export interface RouteCase {
  call: Call;
  status: number;
}

/** Where the cases run: the in-memory route harness, or the Lambda entries on the emulators. */
export interface RouteWorld {
  /** Registers a party directly in the store (client id = party id). */
  register(id: string, role: Role, overrides?: Partial<PartyRecord>): Promise<unknown>;
  /** Calls the route the request matches, with a valid token for `as`. */
  call(call: Call): Promise<HttpResult>;
  /** Arrangement only: reads an inbox and turns a delivery into a dead letter. */
  deliveries: Pick<DeliveryStore, 'listDeliveries' | 'failDelivery'>;
}

export interface RouteCases {
  cases: Map<string, RouteCase>;
  incidentId: string;
  noticeId: string;
  vulnerabilityId: string;
  cardSha256: string;
  nccDeliveryId: string;
  /** A delivery to the owner that failed after its last attempt (a dead letter). */
  failedDeliveryId: string;
}

/** Registers the parties and writes the records the cases act on, then builds the cases. */
export async function arrangeRouteCases(world: RouteWorld): Promise<RouteCases> {
  await world.register('admin', 'admin');
  await world.register('ncc-duty', 'ncc');
  await world.register('owner-energo', 'owner');
  await world.register('soc-a', 'soc', {
    objects: [billingObject('owner-energo')] as PartyRecord['objects'],
  });
  await world.register('soc-b', 'soc');
  await world.register('soc-hooked', 'soc', {
    webhook: { url: 'https://hooks.example.kz/in', secret: 'whsec-route-test-0123456789abcdef' },
  });
  // Connection rules: one SOC an admin blocks in its case, one already blocked for the unblock case.
  await world.register('soc-c', 'soc');
  await world.register('soc-held', 'soc');
  // Credentials (issue #9 item 3): one SOC whose client credentials an admin reissues.
  await world.register('soc-reissued', 'soc');

  const card = notification();
  const post = async (call: Call): Promise<Record<string, unknown>> => {
    const result = await world.call(call);
    if ((result.statusCode ?? 0) >= 300)
      throw new Error(`${call.method} ${call.url}: ${result.statusCode} ${result.body}`);
    return jsonOf(result);
  };
  const accepted = await post({
    method: 'POST',
    url: '/v1/incidents',
    as: 'soc-a',
    headers: JSON_TYPE,
    body: JSON.stringify(card),
  });
  const incidentId = String(accepted.id);
  const cardSha256 = String(accepted.sha256);
  const toClose = String(
    (
      await post({
        method: 'POST',
        url: '/v1/incidents',
        as: 'soc-a',
        headers: JSON_TYPE,
        body: JSON.stringify(notification()),
      })
    ).id,
  );
  const noticeId = String(
    (
      await post({
        method: 'POST',
        url: '/v1/notices',
        as: 'ncc-duty',
        headers: JSON_TYPE,
        body: JSON.stringify(noticeBody(['soc-a'])),
      })
    ).id,
  );
  const vulnerability = vulnerabilityBody();
  const vulnerabilityId = String(
    (
      await post({
        method: 'POST',
        url: '/v1/vulnerabilities',
        as: 'owner-energo',
        headers: JSON_TYPE,
        body: JSON.stringify(vulnerability),
      })
    ).id,
  );
  await post({ method: 'POST', url: '/v1/parties/soc-held/block', as: 'admin' });
  const inbox = (await world.deliveries.listDeliveries('ncc-duty', { limit: 10 })).items;
  const nccDeliveryId = inbox[0]?.id ?? '';
  const toOwner = (await world.deliveries.listDeliveries('owner-energo', { limit: 10 })).items[0];
  if (!toOwner) throw new Error('fixture: no delivery to the owner');
  const failedDeliveryId = toOwner.id;
  await world.deliveries.failDelivery(
    toOwner,
    { attempts: 9, at: new Date().toISOString(), error: 'HTTP 503' },
    [],
  );

  const c = (call: Call, status: number): RouteCase => ({ call, status });
  const cases = new Map<string, RouteCase>([
    [
      'post-incident',
      c(
        {
          method: 'POST',
          url: '/v1/incidents',
          as: 'soc-a',
          headers: JSON_TYPE,
          body: JSON.stringify(notification()),
        },
        201,
      ),
    ],
    ['list-incidents', c({ method: 'GET', url: '/v1/incidents', as: 'soc-a' }, 200)],
    ['get-incident', c({ method: 'GET', url: `/v1/incidents/${incidentId}`, as: 'soc-a' }, 200)],
    [
      'get-incident-card-pdf',
      c({ method: 'GET', url: `/v1/incidents/${incidentId}/card.pdf`, as: 'soc-a' }, 200),
    ],
    [
      'put-incident-card',
      c(
        {
          method: 'PUT',
          url: `/v1/incidents/${incidentId}/card`,
          as: 'soc-a',
          headers: JSON_TYPE,
          body: JSON.stringify({
            ...completeCard({ socReference: card.socReference }),
            details: { ...completeCard().details, confirmedAt: card.details.confirmedAt },
          }),
        },
        200,
      ),
    ],
    [
      'close-incident',
      c(
        {
          method: 'POST',
          url: `/v1/incidents/${toClose}/close`,
          as: 'soc-a',
          headers: JSON_TYPE,
          body: JSON.stringify({ eliminatedAt: agoWithOffset(1_000) }),
        },
        200,
      ),
    ],
    [
      'post-vulnerability',
      c(
        {
          method: 'POST',
          url: '/v1/vulnerabilities',
          as: 'soc-a',
          headers: JSON_TYPE,
          body: JSON.stringify(vulnerabilityBody()),
        },
        201,
      ),
    ],
    ['list-vulnerabilities', c({ method: 'GET', url: '/v1/vulnerabilities', as: 'ncc-duty' }, 200)],
    [
      'get-vulnerability',
      c({ method: 'GET', url: `/v1/vulnerabilities/${vulnerabilityId}`, as: 'owner-energo' }, 200),
    ],
    [
      'put-vulnerability',
      c(
        {
          method: 'PUT',
          url: `/v1/vulnerabilities/${vulnerabilityId}`,
          as: 'owner-energo',
          headers: JSON_TYPE,
          body: JSON.stringify({ ...vulnerability, measuresTaken: 'nginx upgraded to 1.26.' }),
        },
        200,
      ),
    ],
    [
      'post-notice',
      c(
        {
          method: 'POST',
          url: '/v1/notices',
          as: 'ncc-duty',
          headers: JSON_TYPE,
          body: JSON.stringify(noticeBody(['soc-b'])),
        },
        201,
      ),
    ],
    ['list-notices', c({ method: 'GET', url: '/v1/notices', as: 'soc-a' }, 200)],
    ['get-notice', c({ method: 'GET', url: `/v1/notices/${noticeId}`, as: 'ncc-duty' }, 200)],
    ['ack-notice', c({ method: 'POST', url: `/v1/notices/${noticeId}/ack`, as: 'soc-a' }, 200)],
    [
      'post-notice-response',
      c(
        {
          method: 'POST',
          url: `/v1/notices/${noticeId}/responses`,
          as: 'soc-a',
          headers: JSON_TYPE,
          body: JSON.stringify({ kind: 'threat_analysis', results: 'Қатер талданды.' }),
        },
        201,
      ),
    ],
    ['get-message', c({ method: 'GET', url: `/v1/messages/${cardSha256}`, as: 'soc-a' }, 200)],
    ['list-deliveries', c({ method: 'GET', url: '/v1/deliveries', as: 'ncc-duty' }, 200)],
    [
      'ack-delivery',
      c({ method: 'POST', url: `/v1/deliveries/${nccDeliveryId}/ack`, as: 'ncc-duty' }, 200),
    ],
    [
      'retry-delivery',
      c({ method: 'POST', url: `/v1/deliveries/${failedDeliveryId}/retry`, as: 'admin' }, 200),
    ],
    [
      'redrive-deliveries',
      c({ method: 'POST', url: '/v1/deliveries/redrive?party=owner-energo', as: 'admin' }, 200),
    ],
    ['list-obligations', c({ method: 'GET', url: '/v1/obligations', as: 'ncc-duty' }, 200)],
    [
      'waive-obligation',
      c(
        {
          method: 'POST',
          // The obligation id of GET /v1/obligations, its "#" percent-encoded.
          url: `/v1/obligations/${encodeURIComponent(`${incidentId}#notify_owner#soc-a`)}/waive`,
          as: 'ncc-duty',
          headers: JSON_TYPE,
          body: JSON.stringify({ reason: 'The owner confirmed receipt by phone.' }),
        },
        200,
      ),
    ],
    [
      'get-compliance-report',
      c({ method: 'GET', url: '/v1/reports/compliance', as: 'ncc-duty' }, 200),
    ],
    [
      'get-quarterly-report',
      c(
        {
          method: 'GET',
          url: `/v1/reports/quarterly?year=${new Date().getUTCFullYear()}&quarter=1`,
          as: 'ncc-duty',
        },
        200,
      ),
    ],
    [
      'put-party',
      c(
        {
          method: 'PUT',
          url: '/v1/parties/soc-new',
          as: 'admin',
          headers: JSON_TYPE,
          body: JSON.stringify(partyBody('soc')),
        },
        201,
      ),
    ],
    [
      'put-party-contact',
      c(
        {
          method: 'PUT',
          url: '/v1/parties/owner-energo/contact',
          as: 'owner-energo',
          headers: JSON_TYPE,
          body: JSON.stringify({
            name: 'Айгүл Серікқызы',
            phone: '+7 701 555 0101',
            changedAt: new Date(Date.now() - 3_600_000).toISOString(),
          }),
        },
        200,
      ),
    ],
    ['list-parties', c({ method: 'GET', url: '/v1/parties', as: 'admin' }, 200)],
    [
      'rotate-webhook-secret',
      c({ method: 'POST', url: '/v1/parties/soc-hooked/webhook-secret/rotate', as: 'admin' }, 200),
    ],
    [
      'reissue-credentials',
      c(
        {
          method: 'POST',
          url: '/v1/parties/soc-reissued/credentials/reissue',
          as: 'admin',
          headers: JSON_TYPE,
          body: JSON.stringify({ note: 'Client secret leaked' }),
        },
        200,
      ),
    ],
    [
      'block-connection',
      c(
        {
          method: 'POST',
          url: '/v1/parties/soc-c/block',
          as: 'admin',
          headers: JSON_TYPE,
          body: JSON.stringify({ note: 'Suspicious traffic reported by the SOC itself' }),
        },
        200,
      ),
    ],
    [
      'unblock-connection',
      c({ method: 'POST', url: '/v1/parties/soc-held/unblock', as: 'admin' }, 200),
    ],
    [
      'verify-audit',
      c({ method: 'GET', url: '/v1/audit/verify?party=soc-held', as: 'admin' }, 200),
    ],
    [
      'export-audit',
      c(
        { method: 'GET', url: `/v1/audit/export?party=soc-held&day=${nationalDay()}`, as: 'admin' },
        200,
      ),
    ],
    ['get-health', c({ method: 'GET', url: '/v1/health' }, 200)],
    ['get-readiness', c({ method: 'GET', url: '/v1/health/ready' }, 200)],
    ['get-catalogue', c({ method: 'GET', url: '/v1/catalogue' }, 200)],
    ['get-schema', c({ method: 'GET', url: '/v1/schemas/incident-notification.schema.json' }, 200)],
    ['get-time', c({ method: 'GET', url: '/v1/time' }, 200)],
    ['get-openapi', c({ method: 'GET', url: '/v1/openapi.json' }, 200)],
    ['get-docs', c({ method: 'GET', url: '/docs' }, 200)],
    ['get-docs-renderer', c({ method: 'GET', url: '/docs/redoc.standalone.js' }, 200)],
    ['get-duty', c({ method: 'GET', url: '/duty' }, 200)],
  ]);
  return {
    cases,
    incidentId,
    noticeId,
    vulnerabilityId,
    cardSha256,
    nccDeliveryId,
    failedDeliveryId,
  };
}
