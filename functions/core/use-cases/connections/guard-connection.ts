/**
 * The connection rules of Unified Requirements п.90-1(1)–(3), applied to every request:
 * "сұрау салулардың көздерін (қосылу нүктелерін) тіркеу және заңдылығын тексеру" (register
 * and check the connection points), and block the connection when a rule of the
 * party's policy is passed — authentication failures, inactivity, repeated rate
 * breaches, repeated signs of an IS violation, copying of data arrays.
 *
 * A rule only counts once the request came from a registered connection point, so a
 * request from elsewhere never counts toward anything of the party's.
 */
import { hasConnectionPoints, isRegisteredSource } from '../../connection/connection-points.js';
import { SECURITY_EVENT } from '../../connection/security-events.js';
import { AuthenticationError, ForbiddenError } from '../../errors.js';
import type { ConnectionBlock, ConnectionState, StrikeKind } from '../../ports/connections.js';
import type { PartyRecord } from '../../ports/records.js';
import { formatInstant } from '../../time.js';
import type { Principal } from '../context.js';
import { blockConnection, type ConnectionDeps } from './block-connection.js';

const DAY_MS = 86_400_000;
/** `lastSeenAt` is rewritten at most this often per party (one write a minute, not one per request). */
const SEEN_RESOLUTION_MS = 60_000;
/** The window of rate breaches and hostile requests when the policy names none. */
export const DEFAULT_STRIKE_WINDOW_MINUTES = 60;

/** 403 `connection_blocked`, naming the reason. */
export function blockedError(partyId: string, block: ConnectionBlock): ForbiddenError {
  return new ForbiddenError(
    'connection_blocked',
    `The connection of party ${partyId} is blocked (${block.reason}); ask an NCC administrator to unblock it.`,
  );
}

/**
 * Admits an authenticated request of `party` from `sourceIp`, or refuses it: 403
 * `connection_point_not_registered` from an unregistered source (counting nothing),
 * 403 `connection_blocked` while blocked, and a new block (then 403) once the party
 * was inactive longer than `policy.inactivityDays`. Returns the state read (null when
 * there is none yet), for {@link recordVisit} once the request succeeded.
 */
export async function admitConnection(
  deps: ConnectionDeps,
  party: PartyRecord,
  sourceIp: string | undefined,
  token: { issuedAtSeconds?: number } = {},
): Promise<ConnectionState | null> {
  const policy = party.policy;
  if (!isRegisteredSource(policy?.connectionPoints, sourceIp)) {
    deps.log.warn('Request from an unregistered connection point', {
      securityEvent: SECURITY_EVENT.connectionPointRefused,
      partyId: party.id,
      sourceIp,
    });
    throw new ForbiddenError(
      'connection_point_not_registered',
      `Requests of party ${party.id} are accepted only from its registered connection points.`,
    );
  }
  const nowMs = deps.now().getTime();
  const state = await deps.connections.getConnection(party.id);
  // п.90-1(10): credentials reissued after an incident — the old ones stop working at once.
  const reissuedAt = state?.credentialsIssuedAt;
  if (
    reissuedAt !== undefined &&
    (token.issuedAtSeconds === undefined || token.issuedAtSeconds * 1000 < Date.parse(reissuedAt))
  ) {
    deps.log.warn('A token issued before the credentials were reissued', {
      securityEvent: SECURITY_EVENT.reissuedTokenRefused,
      partyId: party.id,
      sourceIp,
    });
    throw new AuthenticationError(
      'credentials_reissued',
      `The token was issued before the client credentials of party ${party.id} were reissued; get a new token.`,
    );
  }
  if (state?.blocked) {
    deps.log.warn('A blocked connection tried again', {
      securityEvent: SECURITY_EVENT.blockedAttempt,
      partyId: party.id,
      reason: state.blocked.reason,
      sourceIp,
    });
    throw blockedError(party.id, state.blocked);
  }
  // п.90-1(3): "…уақыт ішінде қосылу болмаған" — no connection within the agreed time.
  if (policy?.inactivityDays !== undefined) {
    const since = latest(state?.lastSeenAt, state?.unblockedAt, party.createdAt);
    if (since !== undefined && nowMs - since > policy.inactivityDays * DAY_MS) {
      const days = Math.floor((nowMs - since) / DAY_MS);
      const { block } = await blockConnection(
        deps,
        party,
        'inactivity',
        `No request for ${days} days (policy.inactivityDays ${policy.inactivityDays}).`,
        { by: 'gateway', connectionPoint: sourceIp ?? 'gateway', source: 'authenticate' },
      );
      throw blockedError(party.id, block);
    }
  }
  return state ?? null;
}

/**
 * A request of `party` succeeded: the authentication-failure count goes back to zero
 * and the visit is recorded (at most once a minute). Only after success, so a request
 * that fails writes nothing of its own (п.90-1(3) counts its failures apart).
 */
export async function recordVisit(
  deps: ConnectionDeps,
  partyId: string,
  state: ConnectionState | null,
): Promise<void> {
  const nowMs = deps.now().getTime();
  const lastSeen = state?.lastSeenAt === undefined ? undefined : Date.parse(state.lastSeenAt);
  if (
    (state?.authFailures ?? 0) > 0 ||
    lastSeen === undefined ||
    nowMs - lastSeen >= SEEN_RESOLUTION_MS
  ) {
    await deps.connections.recordSeen(partyId, formatInstant(nowMs));
  }
}

function latest(...timestamps: (string | undefined)[]): number | undefined {
  const instants = timestamps
    .filter((t): t is string => t !== undefined)
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  return instants.length === 0 ? undefined : Math.max(...instants);
}

/**
 * A bearer token failed verification from `sourceIp`. It counts toward every party that
 * registered that source as a connection point, and toward the party the token claims
 * to be only when that party registered no points (the weaker setting). A party
 * reaching `policy.authFailureLimit` consecutive failures is blocked.
 */
export async function recordAuthFailure(
  deps: ConnectionDeps,
  failure: { sourceIp: string | undefined; claimedClientId: string | undefined; code: string },
): Promise<void> {
  const parties = await deps.parties.listParties();
  const charged = parties.filter((p) =>
    hasConnectionPoints(p.policy?.connectionPoints)
      ? isRegisteredSource(p.policy?.connectionPoints, failure.sourceIp)
      : failure.claimedClientId !== undefined && p.clientId === failure.claimedClientId,
  );
  deps.log.warn('Authentication failed', {
    securityEvent: SECURITY_EVENT.authFailed,
    sourceIp: failure.sourceIp,
    code: failure.code,
    chargedTo: charged.map((p) => p.id),
  });
  const at = formatInstant(deps.now().getTime());
  for (const party of charged) {
    const limit = party.policy?.authFailureLimit;
    if (limit === undefined) continue;
    const failures = await deps.connections.addAuthFailure(party.id, at);
    if (failures >= limit) {
      await blockConnection(
        deps,
        party,
        'auth_failures',
        `${failures} consecutive authentication failures (policy.authFailureLimit ${limit}).`,
        { by: 'gateway', connectionPoint: failure.sourceIp ?? 'gateway', source: 'authorizer' },
      );
    }
  }
}

const STRIKE_RULES: Record<
  StrikeKind,
  {
    limit: (party: PartyRecord) => number | undefined;
    reason: 'rate_breaches' | 'hostile_input';
    event: string;
    what: string;
  }
> = {
  rate_breach: {
    limit: (p) => p.policy?.rateBreachLimit,
    reason: 'rate_breaches',
    event: SECURITY_EVENT.rateBreach,
    what: 'rate-limit breaches',
  },
  hostile_input: {
    limit: (p) => p.policy?.hostileInputLimit,
    reason: 'hostile_input',
    event: SECURITY_EVENT.hostileInput,
    what: 'requests with signs of an IS violation',
  },
};

/**
 * A rate breach or a hostile request of an authenticated party. At
 * `policy.rateBreachLimit` / `policy.hostileInputLimit` strikes within
 * `policy.strikeWindowMinutes` the connection is blocked. Returns the block, if one was made.
 */
export async function recordStrike(
  deps: ConnectionDeps,
  principal: Principal,
  kind: StrikeKind,
  context: { sourceIp: string | undefined; code: string; source: string },
): Promise<ConnectionBlock | undefined> {
  const rule = STRIKE_RULES[kind];
  deps.log.warn(kind === 'rate_breach' ? 'Rate limit passed' : 'Hostile request refused', {
    securityEvent: rule.event,
    partyId: principal.partyId,
    code: context.code,
    sourceIp: context.sourceIp,
  });
  const limit = rule.limit(principal.party);
  if (limit === undefined) return undefined;
  const windowMinutes =
    principal.party.policy?.strikeWindowMinutes ?? DEFAULT_STRIKE_WINDOW_MINUTES;
  const strikes = await deps.connections.addStrike(
    principal.partyId,
    kind,
    deps.now().getTime(),
    windowMinutes * 60_000,
  );
  if (strikes < limit) return undefined;
  const { block } = await blockConnection(
    deps,
    principal.party,
    rule.reason,
    `${strikes} ${rule.what} within ${windowMinutes} min (limit ${limit}); last: ${context.code}.`,
    { by: 'gateway', connectionPoint: context.sourceIp ?? 'gateway', source: context.source },
  );
  return block;
}

/**
 * Items a listing returned to a party. Past `policy.readLimitPerHour` in one clock hour
 * the connection is blocked as "деректер массивтерін көшіру" (copying of data arrays),
 * and this page is withheld (403).
 */
export async function recordReads(
  deps: ConnectionDeps,
  principal: Principal,
  items: number,
  context: { sourceIp: string | undefined; source: string },
): Promise<void> {
  const limit = principal.party.policy?.readLimitPerHour;
  if (limit === undefined || items <= 0) return;
  const total = await deps.connections.addReads(principal.partyId, items, deps.now().getTime());
  if (total <= limit) return;
  deps.log.warn('Bulk reading', {
    securityEvent: SECURITY_EVENT.bulkReading,
    partyId: principal.partyId,
    itemsThisHour: total,
    limit,
  });
  const { block } = await blockConnection(
    deps,
    principal.party,
    'bulk_reading',
    `${total} items read within one hour (policy.readLimitPerHour ${limit}).`,
    { by: 'gateway', connectionPoint: context.sourceIp ?? 'gateway', source: context.source },
  );
  throw blockedError(principal.partyId, block);
}
