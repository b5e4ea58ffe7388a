/**
 * Every route of `ROUTES`, built through its handler factory on the in-memory store:
 * in-process, no network, no Java. A test registers parties, calls routes with API
 * Gateway events and reads the store's state (and can take the store or the queue down).
 */

import { createMemoryClientSecrets } from '../../functions/adapters/memory/client-secrets.js';
import {
  createMemoryAdapters,
  type MemoryAdapters,
} from '../../functions/adapters/memory/create-memory-adapters.js';
import { createMemoryMessageArchive } from '../../functions/adapters/memory/message-archive.js';
import type { Role } from '../../functions/core/model/messages.js';
import type { PartyRecord } from '../../functions/core/ports/records.js';
import type { HttpResult } from '../../functions/handlers/http/http-types.js';
import type { HttpDeps, HttpHandler } from '../../functions/handlers/http/route.js';
import { ROUTES } from '../../functions/handlers/http/routes.js';
import { type ApiRequest, apiEvent, tokenClaims } from './api-events.js';
import { memoryLogger } from './memory-logger.js';
import { registeredParty } from './records.js';
import { testSecretBox } from './secret-box.js';

export interface RouteHarness {
  adapters: MemoryAdapters;
  deps: HttpDeps;
  /** Moves the clock every handler and the store read. */
  setNow(iso: string): void;
  /** Registers a party directly in the store (client id = party id). */
  register(id: string, role: Role, overrides?: Partial<PartyRecord>): Promise<PartyRecord>;
  /** Every response the harness produced, as `METHOD url → status` and the body text (issue #9 item 4). */
  responses: Array<{ call: string; text: string }>;
  /** Calls the route `request` matches; `as` adds a valid token for that party. */
  call(request: ApiRequest & { as?: string }): Promise<HttpResult>;
}

export function routeHarness(
  startIso = '2026-11-20T04:12:31.204Z',
  /** Deps beyond the store's (a cursor seal, say), as a deployment would add them. */
  extra: Partial<HttpDeps> = {},
): RouteHarness {
  let nowMs = Date.parse(startIso);
  const now = () => new Date(nowMs);
  const adapters = createMemoryAdapters({ now });
  const logger = memoryLogger();
  let next = 0;
  const deps: HttpDeps = {
    ...adapters,
    now,
    // Time-ordered and shaped like the gateway's own ids (prefix + 26-character ULID).
    newId: (prefix) => {
      next += 1;
      return `${prefix}_01JD${String(next).padStart(22, '0')}`;
    },
    log: logger,
    logger,
    tokenRules: { maxLifetimeSeconds: 3_600 },
    archive: createMemoryMessageArchive(),
    secretBox: testSecretBox(),
    clientSecrets: createMemoryClientSecrets(),
    webhookUrlProblem: async (url) =>
      url.startsWith('https://') ? undefined : 'the webhook must be https:// to a public address',
    ...extra,
  };
  const handlers = new Map<string, HttpHandler>(ROUTES.map((r) => [r.name, r.build(deps)]));
  const roles = new Map<string, Role>();
  const responses: RouteHarness['responses'] = [];
  return {
    adapters,
    responses,
    deps,
    setNow(iso) {
      nowMs = Date.parse(iso);
    },
    async register(id, role, overrides = {}) {
      const party = registeredParty(id, role, now().toISOString(), overrides);
      await adapters.parties.putParty(party);
      roles.set(id, role);
      return party;
    },
    async call(request) {
      const claims =
        request.as === undefined
          ? request.claims
          : tokenClaims(request.as, roles.get(request.as) ?? 'soc', now());
      const { route, event } = apiEvent({
        ...request,
        ...(claims === undefined ? {} : { claims }),
        receivedAt: now(),
      });
      const handler = handlers.get(route.name);
      if (handler === undefined) throw new Error(`No handler for ${route.name}`);
      const result = await handler(event);
      const body = result.isBase64Encoded
        ? Buffer.from(result.body ?? '', 'base64').toString('latin1')
        : (result.body ?? '');
      responses.push({
        call: `${request.method} ${request.url} → ${result.statusCode}`,
        text: `${JSON.stringify(result.headers ?? {})}\n${body}`,
      });
      return result;
    },
  };
}

/** The parsed JSON body of a response (problem documents included). */
export function jsonOf(result: HttpResult): Record<string, unknown> {
  const raw = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64').toString('utf8')
    : (result.body ?? '');
  return JSON.parse(raw) as Record<string, unknown>;
}

/** A response header, case-insensitively. */
export function headerOf(result: HttpResult, name: string): string | undefined {
  const entry = Object.entries(result.headers ?? {}).find(
    ([key]) => key.toLowerCase() === name.toLowerCase(),
  );
  return entry === undefined ? undefined : String(entry[1]);
}
