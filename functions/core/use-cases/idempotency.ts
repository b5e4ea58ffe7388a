/**
 * Replays (SPEC §4): the `Idempotency-Key` header, and for incidents also the
 * (SOC, socReference) pair. A replay answers the original receipt; the same key with a
 * different request is a 409. Records expire after 24 h — the only data with a TTL.
 */
import { createHash } from 'node:crypto';
import { ConflictError } from '../errors.js';
import type { Receipt } from '../model/messages.js';
import type { ClaimTakenError, IdempotencyClaim } from '../ports/stores.js';
import type { GatewayDeps, Principal } from './context.js';
import type { Accepted } from './outcome.js';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** The request's identity: route and raw-body digest, so one key cannot be reused for another request. */
export function requestDigest(route: string, bodySha256: string): string {
  return createHash('sha256').update(`${route}\n${bodySha256}`).digest('hex');
}

/** One write request's replay protection, worked out once and used by the whole use case. */
export interface ReplayGuard {
  /** The request's identity (route + body digest). */
  readonly requestSha256: string;
  /** The idempotency record to write with the request's data (nothing when no key was sent). */
  claim(
    statusCode: Accepted['statusCode'],
    receipt: Receipt,
    nowMs: number,
  ): { idempotency?: IdempotencyClaim };
  /** A lost claim race: the original answer for the same request, a 409 for another one. */
  answerForTaken(error: ClaimTakenError): Accepted;
}

/**
 * Checks an incoming write for a replay. Returns the stored answer when the key was
 * already used for this same request (and throws 409 when it was used for another),
 * else a guard for the write to come.
 */
export async function guardReplays(
  deps: GatewayDeps,
  principal: Principal,
  key: string | undefined,
  route: string,
  bodySha256: string,
): Promise<{ replay?: Accepted; guard: ReplayGuard }> {
  const requestSha256 = requestDigest(route, bodySha256);
  const guard: ReplayGuard = {
    requestSha256,
    claim(statusCode, receipt, nowMs) {
      if (key === undefined) return {};
      return {
        idempotency: {
          partyId: principal.partyId,
          key,
          requestSha256,
          statusCode,
          receipt,
          expiresAtEpochSeconds: Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_SECONDS,
        },
      };
    },
    answerForTaken(error) {
      if (error.existing.requestSha256 !== requestSha256) {
        if (error.claim === 'idempotencyKey') throw keyReused();
        throw new ConflictError(
          'soc_reference_taken',
          `This socReference already names incident ${error.existing.subjectId}; send revisions to PUT /v1/incidents/${error.existing.subjectId}/card.`,
        );
      }
      return replayOf(error.existing);
    },
  };
  if (key === undefined) return { guard };
  const existing = await deps.store.getIdempotency(principal.partyId, key);
  if (!existing) return { guard };
  if (existing.requestSha256 !== requestSha256) throw keyReused();
  return { replay: replayOf(existing), guard };
}

function replayOf(stored: { statusCode: number; receipt: Receipt }): Accepted {
  return {
    statusCode: stored.statusCode as Accepted['statusCode'],
    receipt: stored.receipt,
    replayed: true,
  };
}

function keyReused(): ConflictError {
  return new ConflictError(
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request.',
  );
}
