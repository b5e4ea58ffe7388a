/**
 * The age of a party's client credential (Unified Requirements п.90-1(4): credentials are
 * changed on a schedule). A credential is as old as its issue: the last reissue, or the
 * party's registration. With `policy.credentialMaxAgeDays`, the sweep reminds the party
 * 7 days before expiry (`credentials.expiring`, once per credential) and blocks the
 * connection at expiry (reason `credential_expired`, through the one block machinery:
 * audited, every `ncc` party told, 403 until an admin reissues and unblocks).
 */
import { sha256Hex } from '../../audit/audit-entry.js';
import type { PartyRecord } from '../../ports/records.js';
import { formatInstant, formatNational } from '../../time.js';
import type { Uses } from '../context.js';
import { deliveriesFor, handOff } from '../dispatch.js';
import { blockConnection, type ConnectionDeps } from './block-connection.js';

const DAY_MS = 86_400_000;
/** Days before expiry the party is reminded (issue #9 item 3). */
export const CREDENTIAL_REMINDER_DAYS = 7;

export type CredentialAgeDeps = ConnectionDeps & Uses<'deliveries' | 'queue'>;

/** What one pass did. */
export interface CredentialAgeStats {
  reminded: number;
  blocked: number;
}

/**
 * Reminds and blocks as the parties' credential ages require. Reads the registry (tens
 * of parties) and, for those with `policy.credentialMaxAgeDays`, their connection state.
 * Safe under repeated and concurrent runs: the reminder is written conditionally on not
 * having gone out for this credential, the block on the connection not being blocked.
 */
export async function sweepCredentialAges(
  deps: CredentialAgeDeps,
  nowMs: number,
): Promise<CredentialAgeStats> {
  const stats: CredentialAgeStats = { reminded: 0, blocked: 0 };
  const parties = (await deps.parties.listParties()).filter(
    (p) => p.policy?.credentialMaxAgeDays !== undefined,
  );
  for (const party of parties) {
    const maxAgeDays = party.policy?.credentialMaxAgeDays ?? 0;
    const state = await deps.connections.getConnection(party.id);
    const issuedAt = state?.credentialsIssuedAt ?? party.createdAt;
    const credential = state?.credentialsIssuedAt ?? 'registration';
    const expiresAtMs = Date.parse(issuedAt) + maxAgeDays * DAY_MS;
    if (Number.isNaN(expiresAtMs)) continue;
    if (nowMs >= expiresAtMs) {
      if (state?.blocked) continue;
      const { changed } = await blockConnection(
        deps,
        party,
        'credential_expired',
        `The client credential issued ${issuedAt} expired at ${formatInstant(expiresAtMs)} (policy.credentialMaxAgeDays ${maxAgeDays}); an administrator reissues it.`,
        { by: 'gateway', connectionPoint: 'gateway', source: 'sweep' },
      );
      if (changed) stats.blocked += 1;
    } else if (
      nowMs >= expiresAtMs - CREDENTIAL_REMINDER_DAYS * DAY_MS &&
      state?.credentialReminderFor !== credential
    ) {
      if (await remind(deps, party, { credential, issuedAt, expiresAtMs, maxAgeDays }, nowMs))
        stats.reminded += 1;
    }
  }
  return stats;
}

async function remind(
  deps: CredentialAgeDeps,
  party: PartyRecord,
  credential: { credential: string; issuedAt: string; expiresAtMs: number; maxAgeDays: number },
  nowMs: number,
): Promise<boolean> {
  const at = formatInstant(nowMs);
  const expiresAt = formatInstant(credential.expiresAtMs);
  const payload = {
    partyId: party.id,
    clientId: party.clientId,
    credentialIssuedAt: credential.issuedAt,
    expiresAt,
    // For the people who must act on it: the expiry in national time (docs/contract.md §2).
    expiresAtNational: formatNational(credential.expiresAtMs),
    credentialMaxAgeDays: credential.maxAgeDays,
  };
  const deliveries = deliveriesFor(
    deps,
    [{ partyId: party.id, event: 'credentials.expiring', subjectId: party.id, payload }],
    at,
  );
  const sent = await deps.connections.remindCredentialExpiry(credential.credential, {
    partyId: party.id,
    deliveries,
    audit: {
      partyId: party.id,
      at,
      startedAt: at,
      connectionPoint: 'gateway',
      userId: 'gateway',
      source: 'sweep',
      action: 'credentials.expiring',
      outcome: 'reminded',
      subjectId: party.id,
      sha256: sha256Hex(JSON.stringify(payload)),
      description: `Client credential of ${party.id} expires at ${expiresAt} (policy.credentialMaxAgeDays ${credential.maxAgeDays}); reminded`,
    },
  });
  if (sent) await handOff(deps, deliveries);
  return sent;
}
