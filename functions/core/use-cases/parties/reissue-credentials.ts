/**
 * POST /v1/parties/{id}/credentials/reissue — after an incident an admin reissues a
 * party's client credentials (Unified Requirements п.90-1(10): credentials are changed
 * after an IS incident), and the old ones stop working at once: every token issued
 * before the reissue is refused (401 `credentials_reissued`) on the next request, and
 * the credential's age (`policy.credentialMaxAgeDays`, п.90-1(4)) starts again.
 */
import { sha256Hex } from '../../audit/audit-entry.js';
import { SECURITY_EVENT } from '../../connection/security-events.js';
import type { ClientSecrets } from '../../ports/client-secrets.js';
import { formatInstant } from '../../time.js';
import {
  adminTarget,
  type ChangeOrigin,
  type ConnectionDeps,
} from '../connections/block-connection.js';
import type { Principal } from '../context.js';

/**
 * When a credential reissued at `nowMs` is valid from. Tokens carry whole seconds
 * (`iat`), so the new credential counts from the next whole second: every token issued
 * up to now is refused, and one issued within the same second as the reissue is too.
 */
export function reissuedFrom(nowMs: number): string {
  return formatInstant(Math.floor(nowMs / 1000) * 1000 + 1000);
}

/**
 * 1. Only an admin reissues; the party must be registered (404 otherwise).
 * 2. Replace the client's secret (Cognito on AWS), so the old one mints no new token. This
 *    comes first: were the record written first and the replacement then fail, tokens the
 *    old secret mints afterwards would carry a later `iat` and pass the gateway's check.
 * 3. Record the new issue time and its audit entry (`credentials.reissued`) in one write.
 * 4. Answer when the new credential is valid from (and so when the old one stopped), with
 *    the new secret — shown this once, never stored by the gateway, never in a GET.
 */
export async function reissueCredentials(
  deps: ConnectionDeps & { clientSecrets: ClientSecrets },
  principal: Principal,
  partyId: string,
  note: string,
  origin: Omit<ChangeOrigin, 'by'>,
) {
  const party = await adminTarget(deps, principal, partyId);
  const replaced = await deps.clientSecrets.replace(party.clientId);
  const nowMs = deps.now().getTime();
  const at = formatInstant(nowMs);
  const credentialsIssuedAt = reissuedFrom(nowMs);
  const detail = { partyId, clientId: party.clientId, credentialsIssuedAt, note };
  await deps.connections.reissueCredentials(credentialsIssuedAt, {
    partyId,
    deliveries: [],
    audit: {
      partyId,
      at,
      startedAt: at,
      connectionPoint: origin.connectionPoint,
      userId: principal.partyId,
      source: origin.source,
      action: 'credentials.reissued',
      outcome: 'reissued',
      subjectId: partyId,
      sha256: sha256Hex(JSON.stringify(detail)),
      description: `Client credentials of ${partyId} (client ${party.clientId}) reissued by ${principal.partyId}; ${replaced ? 'client secret replaced; ' : ''}tokens issued before ${credentialsIssuedAt} are refused${note ? `: ${note}` : ''}`,
    },
  });
  deps.log.warn('Client credentials reissued', {
    securityEvent: SECURITY_EVENT.credentialsReissued,
    partyId,
    by: principal.partyId,
    clientSecretReplaced: replaced !== undefined,
  });
  return { partyId, clientId: party.clientId, credentialsIssuedAt, ...replaced };
}
