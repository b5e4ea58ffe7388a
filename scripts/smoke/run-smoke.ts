/**
 * The deployed smoke check (issue #13 item 8): one pass through the exchange a SOC
 * and the NCC rely on, against a running gateway, with one line per step. It leaves
 * nothing open behind it: its incidents are closed and its parties' client ids are
 * detached, so the next run can reuse the same app clients.
 */

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Role } from '../../functions/core/model/messages.js';
import { renderXml } from '../../functions/core/wire/render-xml.js';

/** Where bearer tokens come from: Cognito client credentials on AWS, the dev key locally. */
export interface TokenSource {
  /** A token for the smoke admin. */
  admin(): Promise<string>;
  /** A token for the throw-away SOC, and the client id the SOC's registration must carry. */
  soc(partyId: string): Promise<{ token: string; clientId: string }>;
}

export interface SmokeOptions {
  /** The API's base URL (stack output `ApiUrl`, or `npm start`'s URL). */
  url: string;
  tokens: TokenSource;
  /** Receives one line per step. */
  log: (line: string) => void;
  now?: () => Date;
}

export interface SmokeResult {
  ok: boolean;
  steps: { name: string; ok: boolean; detail: string }[];
}

class StepFailed extends Error {}

const SAMPLE_CARD = new URL(
  '../../events/incidentCard/section-10-complete-card.json',
  import.meta.url,
);
const SAMPLE_CLOSURE = new URL('../../events/incidentClosure/eliminated.json', import.meta.url);

/** The docs/contract.md §10 card, made fresh: timestamps a few minutes old, the given reference, no owner (the smoke check and the load test). */
export function freshSampleCard(now: Date, reference: string): Record<string, unknown> {
  const card = JSON.parse(readFileSync(SAMPLE_CARD, 'utf8')) as Record<string, unknown>;
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const details = card.details as Record<string, unknown>;
  const { owner: _owner, ...affectedObject } = card.affectedObject as Record<string, unknown>;
  return {
    ...card,
    socReference: reference,
    registeredAt: now.toISOString().slice(0, 10),
    details: { ...details, occurredAt: minutesAgo(10), confirmedAt: minutesAgo(5) },
    affectedObject,
    description: `Test card ${reference}: not a real incident.`,
  };
}

export async function runSmoke(options: SmokeOptions): Promise<SmokeResult> {
  const base = options.url.replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const run = randomBytes(4).toString('hex');
  const socId = `smoke-soc-${run}`;
  const steps: SmokeResult['steps'] = [];
  const cleanups: { name: string; run: () => Promise<string> }[] = [];

  async function step(name: string, action: () => Promise<string>): Promise<boolean> {
    try {
      const detail = await action();
      steps.push({ name, ok: true, detail });
      options.log(`ok    ${name}: ${detail}`);
      return true;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      steps.push({ name, ok: false, detail });
      options.log(`FAIL  ${name}: ${detail}`);
      return false;
    }
  }

  async function call(
    method: string,
    path: string,
    token: string | undefined,
    init: { body?: string; contentType?: string; accept?: string; expect: number[] },
  ): Promise<{ status: number; text: string; json: () => Record<string, unknown> }> {
    const headers: Record<string, string> = { accept: init.accept ?? 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const text = await response.text();
    if (!init.expect.includes(response.status)) {
      const requestId = response.headers.get('apigw-requestid');
      throw new StepFailed(
        `${method} ${path} answered ${response.status}${requestId ? ` (request ${requestId})` : ''}: ${text.slice(0, 300)}`,
      );
    }
    return {
      status: response.status,
      text,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  }

  let adminToken = '';
  let socToken = '';
  const incidents: { format: string; id: string }[] = [];

  const proceed =
    (await step('health', async () => {
      const { json } = await call('GET', '/v1/health', undefined, { expect: [200] });
      return `status ${String(json().status)}`;
    })) &&
    (await step('admin token', async () => {
      adminToken = await options.tokens.admin();
      return 'issued';
    })) &&
    (await step('register throw-away SOC', async () => {
      const soc = await options.tokens.soc(socId);
      socToken = soc.token;
      await call('PUT', `/v1/parties/${socId}`, adminToken, {
        body: JSON.stringify({
          role: 'soc' satisfies Role,
          name: `Smoke check ${run}`,
          clientId: soc.clientId,
          sectors: ['electricity'],
        }),
        contentType: 'application/json',
        expect: [200, 201],
      });
      cleanups.push({
        name: 'detach throw-away SOC',
        run: async () => {
          // No party is ever deleted (records are kept); its client id is freed for the next run.
          await call('PUT', `/v1/parties/${socId}`, adminToken, {
            body: JSON.stringify({
              role: 'soc',
              name: `Smoke check ${run} (finished)`,
              clientId: `retired-${socId}`,
              sectors: ['electricity'],
            }),
            contentType: 'application/json',
            expect: [200],
          });
          return `${socId} no longer answers to client ${soc.clientId}`;
        },
      });
      return `${socId} as client ${soc.clientId}`;
    }));

  if (proceed) {
    const cardJson = freshSampleCard(now(), `SMOKE-${run}-JSON`);
    const cardXml = freshSampleCard(now(), `SMOKE-${run}-XML`);
    const posted =
      (await step('post JSON card', async () => {
        const { json } = await call('POST', '/v1/incidents', socToken, {
          body: JSON.stringify(cardJson),
          contentType: 'application/json',
          expect: [201],
        });
        const id = String(json().id);
        incidents.push({ format: 'json', id });
        return `incident ${id}`;
      })) &&
      (await step('post XML card', async () => {
        const { text } = await call('POST', '/v1/incidents', socToken, {
          body: renderXml('incidentCard', cardXml),
          contentType: 'application/xml',
          accept: 'application/xml',
          expect: [201],
        });
        const id = /<id>([^<]+)<\/id>/.exec(text)?.[1];
        if (!id) throw new StepFailed(`the XML receipt names no <id>: ${text.slice(0, 200)}`);
        incidents.push({ format: 'xml', id });
        return `incident ${id}`;
      }));
    for (const incident of incidents) {
      cleanups.unshift({
        name: `close ${incident.format} incident`,
        run: async () => {
          const closure = JSON.parse(readFileSync(SAMPLE_CLOSURE, 'utf8')) as Record<
            string,
            unknown
          >;
          await call('POST', `/v1/incidents/${incident.id}/close`, socToken, {
            body: JSON.stringify({ ...closure, eliminatedAt: now().toISOString() }),
            contentType: 'application/json',
            expect: [200],
          });
          return `${incident.id} closed`;
        },
      });
    }
    if (posted) {
      await step('read JSON card back', async () => {
        const { text } = await call('GET', `/v1/incidents/${incidents[0]?.id}`, socToken, {
          expect: [200],
        });
        if (!text.includes(`"${String(cardJson.socReference)}"`))
          throw new StepFailed(
            `the card read back lacks socReference ${String(cardJson.socReference)}`,
          );
        return `socReference ${String(cardJson.socReference)}`;
      });
      await step('read XML card back as XML', async () => {
        const { text } = await call('GET', `/v1/incidents/${incidents[1]?.id}`, socToken, {
          accept: 'application/xml',
          expect: [200],
        });
        if (!text.includes(`<socReference>${String(cardXml.socReference)}</socReference>`))
          throw new StepFailed(
            `the XML read back lacks socReference ${String(cardXml.socReference)}`,
          );
        return `socReference ${String(cardXml.socReference)}`;
      });
      await step('list obligations', async () => {
        const { json } = await call('GET', '/v1/obligations', socToken, { expect: [200] });
        const body = json();
        const items = (body.items ?? body.obligations ?? []) as unknown[];
        return `${items.length} obligation(s) of ${socId}`;
      });
    }
  }
  for (const cleanup of cleanups) await step(cleanup.name, cleanup.run);
  return { ok: steps.every((s) => s.ok), steps };
}

/** Cognito client credentials (docs/deploy.md "Getting a token"). */
export async function cognitoToken(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  scope: string,
): Promise<string> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
  };
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new Error(`the token endpoint answered ${response.status} ${body.error ?? ''}`.trim());
  }
  return body.access_token;
}
