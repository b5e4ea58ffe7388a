import { ValidationError } from '../../errors.js';
import type { PartyRecord } from '../../ports/records.js';
import { formatInstant } from '../../time.js';
import { readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { type GatewayDeps, type Principal, requireRole } from '../context.js';
import { partyView } from './party-view.js';

const PARTY_ID = /^[a-z0-9][a-z0-9_-]{1,63}$/;

/** Hosts a webhook may never point at on AWS (SSRF): loopback, private and link-local ranges. */
function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^(127\.|10\.|192\.168\.|169\.254\.|0\.)/.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    host === '::1' ||
    host.startsWith('fc') ||
    host.startsWith('fd') ||
    host.startsWith('fe80:')
  );
}

/**
 * PUT /v1/parties/{id} — an admin registers or updates a party. Webhooks must be
 * https:// to a public address on AWS; locally (allowInsecureWebhooks) http://127.0.0.1 is fine.
 */
export async function putParty(deps: GatewayDeps, principal: Principal, id: string, body: RawBody) {
  requireRole(principal, 'admin');
  const { message } = readMessage('party', body, deps.now);
  const issues = [];
  if (!PARTY_ID.test(id)) {
    issues.push({
      pointer: '/id',
      code: 'invalid_format',
      message: 'Party ids are 2–64 lowercase letters, digits, "_" or "-".',
    });
  }
  if (message.webhook && !deps.allowInsecureWebhooks) {
    const url = new URL(message.webhook.url);
    if (url.protocol !== 'https:' || isPrivateHost(url.hostname)) {
      issues.push({
        pointer: '/webhook/url',
        code: 'insecure_webhook',
        message: 'Webhooks must be https:// to a public address.',
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const existing = await deps.store.getParty(id);
  const now = formatInstant(deps.now().getTime());
  const party: PartyRecord = {
    ...message,
    id,
    clientId: message.clientId ?? existing?.clientId ?? id,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    ...(existing?.blocked ? { blocked: existing.blocked } : {}),
  };
  await deps.store.putParty(party);
  return { statusCode: existing ? 200 : 201, party: partyView(party) };
}
