/**
 * Blocking and unblocking a connection (Unified Requirements п.90-1(3): "қосылуды
 * бұғаттау"). Each change is one write with its audit entry and a `connection.blocked`
 * or `connection.unblocked` delivery to every `ncc` party, so the NCC hears of every
 * block and nothing is half-recorded.
 */
import { sha256Hex } from '../../audit/audit-entry.js';
import { SECURITY_EVENT } from '../../connection/security-events.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { BlockReason, ConnectionBlock } from '../../ports/connections.js';
import type { Ports } from '../../ports/ports.js';
import type { DeliveryRecord, PartyRecord } from '../../ports/records.js';
import { formatInstant } from '../../time.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { deliveriesFor, handOff } from '../dispatch.js';

/**
 * What blocking needs: the connection store (which writes the block, its deliveries and
 * its audit entry in one transaction) and the party registry (the `ncc` recipients).
 * With the queue and the delivery store the `connection.*` deliveries are handed to
 * the queue at once; without them (a route that wires neither) the outbox relay does.
 */
export type ConnectionDeps = Uses<'connections' | 'parties'> &
  Partial<Pick<Ports, 'queue' | 'deliveries'>>;

async function handOffIfWired(deps: ConnectionDeps, deliveries: readonly DeliveryRecord[]) {
  const { queue, deliveries: store } = deps;
  if (queue && store) await handOff({ ...deps, queue, deliveries: store }, deliveries);
}

/** Who or what caused a change, for the audit entry. */
export interface ChangeOrigin {
  /** The party id of the admin, or `gateway` for a rule. */
  by: string;
  /** Source address of the request that caused it, or `gateway`. */
  connectionPoint: string;
  /** The gateway function that recorded it. */
  source: string;
}

const GATEWAY_ORIGIN: ChangeOrigin = {
  by: 'gateway',
  connectionPoint: 'gateway',
  source: 'gateway',
};

async function nccParties(deps: ConnectionDeps): Promise<PartyRecord[]> {
  return (await deps.parties.listParties()).filter((p) => p.role === 'ncc');
}

/**
 * Blocks the party's connection for `reason` unless it is blocked already. Returns the
 * block in force (this one, or the earlier one).
 */
export async function blockConnection(
  deps: ConnectionDeps,
  party: PartyRecord,
  reason: BlockReason,
  detail: string,
  origin: ChangeOrigin = GATEWAY_ORIGIN,
): Promise<{ block: ConnectionBlock; changed: boolean }> {
  const at = formatInstant(deps.now().getTime());
  const block: ConnectionBlock = { at, reason, detail, by: origin.by };
  const payload = { partyId: party.id, reason, detail, blockedAt: at, blockedBy: origin.by };
  const deliveries = deliveriesFor(
    deps,
    (await nccParties(deps)).map((ncc) => ({
      partyId: ncc.id,
      event: 'connection.blocked' as const,
      subjectId: party.id,
      payload,
    })),
    at,
  );
  const changed = await deps.connections.block(block, {
    partyId: party.id,
    deliveries,
    audit: {
      partyId: party.id,
      at,
      startedAt: at,
      connectionPoint: origin.connectionPoint,
      userId: origin.by,
      source: origin.source,
      action: 'connection.blocked',
      outcome: reason,
      subjectId: party.id,
      sha256: sha256Hex(JSON.stringify(payload)),
      description: `Connection blocked (${reason}): ${detail}`,
    },
  });
  if (!changed) {
    const current = await deps.connections.getConnection(party.id);
    return { block: current?.blocked ?? block, changed: false };
  }
  deps.log.warn('Connection blocked', {
    securityEvent: SECURITY_EVENT.connectionBlocked,
    partyId: party.id,
    reason,
    detail,
    by: origin.by,
  });
  await handOffIfWired(deps, deliveries);
  return { block, changed: true };
}

/** The party an admin action names: 403 for anyone but an admin, 404 for no such party. */
export async function adminTarget(
  deps: Pick<ConnectionDeps, 'parties'>,
  principal: Principal,
  partyId: string,
): Promise<PartyRecord> {
  requireRole(principal, 'admin');
  const party = await deps.parties.getParty(partyId);
  if (!party) throw new NotFoundError(`Party ${partyId}`);
  return party;
}

/** POST /v1/parties/{id}/block — an admin blocks a connection by hand (reason `admin`). */
export async function blockConnectionByAdmin(
  deps: ConnectionDeps,
  principal: Principal,
  partyId: string,
  note: string,
  origin: Omit<ChangeOrigin, 'by'>,
) {
  const party = await adminTarget(deps, principal, partyId);
  const { block, changed } = await blockConnection(deps, party, 'admin', note, {
    ...origin,
    by: principal.partyId,
  });
  if (!changed) {
    throw new ConflictError(
      'connection_already_blocked',
      `The connection of party ${partyId} is already blocked (${block.reason}).`,
    );
  }
  return { partyId, blocked: block };
}

/**
 * POST /v1/parties/{id}/unblock — an admin lifts a block: the counters start again from
 * zero and inactivity counts from now.
 */
export async function unblockConnection(
  deps: ConnectionDeps,
  principal: Principal,
  partyId: string,
  note: string,
  origin: Omit<ChangeOrigin, 'by'>,
) {
  await adminTarget(deps, principal, partyId);
  const at = formatInstant(deps.now().getTime());
  const current = await deps.connections.getConnection(partyId);
  const payload = {
    partyId,
    unblockedAt: at,
    unblockedBy: principal.partyId,
    note,
    ...(current?.blocked ? { lifted: current.blocked } : {}),
  };
  const deliveries = deliveriesFor(
    deps,
    (await nccParties(deps)).map((ncc) => ({
      partyId: ncc.id,
      event: 'connection.unblocked' as const,
      subjectId: partyId,
      payload,
    })),
    at,
  );
  const lifted = current?.blocked
    ? await deps.connections.unblock(at, {
        partyId,
        deliveries,
        audit: {
          partyId,
          at,
          startedAt: at,
          connectionPoint: origin.connectionPoint,
          userId: principal.partyId,
          source: origin.source,
          action: 'connection.unblocked',
          outcome: 'unblocked',
          subjectId: partyId,
          sha256: sha256Hex(JSON.stringify(payload)),
          description: `Connection unblocked after ${current.blocked.reason}${note ? `: ${note}` : ''}`,
        },
      })
    : undefined;
  if (!lifted) {
    throw new ConflictError(
      'connection_not_blocked',
      `The connection of party ${partyId} is not blocked.`,
    );
  }
  deps.log.warn('Connection unblocked', {
    securityEvent: SECURITY_EVENT.connectionUnblocked,
    partyId,
    lifted: lifted.reason,
    by: principal.partyId,
  });
  await handOffIfWired(deps, deliveries);
  return { partyId, unblockedAt: at, lifted };
}
