/**
 * Replays (SPEC §4): the `Idempotency-Key` header, and for incidents also the
 * (SOC, socReference) pair. A replay answers the original receipt; the same key with a
 * different request is a 409. Records expire after 24 h — the only data with a TTL.
 */
import { createHash } from 'node:crypto';
import { ConflictError } from '../errors.js';
import type { ClaimTakenError, IdempotencyClaim } from '../ports/stores.js';
import type { GatewayDeps, Principal } from './context.js';
import type { Accepted } from './outcome.js';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** The request's identity: route and raw-body digest, so one key cannot be reused for another request. */
export function requestDigest(route: string, bodySha256: string): string {
  return createHash('sha256').update(`${route}\n${bodySha256}`).digest('hex');
}

/** The stored answer for a replayed key, a 409 for a reused key, or undefined for a new request. */
export async function replayOf(
  deps: GatewayDeps,
  principal: Principal,
  key: string | undefined,
  requestSha256: string,
): Promise<Accepted | undefined> {
  if (key === undefined) return undefined;
  const existing = await deps.store.getIdempotency(principal.partyId, key);
  if (!existing) return undefined;
  if (existing.requestSha256 !== requestSha256) throw keyReused();
  return {
    statusCode: existing.statusCode as Accepted['statusCode'],
    receipt: existing.receipt,
    replayed: true,
  };
}

/** The idempotency record to store with a write, when the caller sent a key. */
export function idempotencyClaim(
  principal: Principal,
  key: string | undefined,
  requestSha256: string,
  accepted: Omit<Accepted, 'replayed'>,
  nowMs: number,
): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  return {
    partyId: principal.partyId,
    key,
    requestSha256,
    statusCode: accepted.statusCode,
    receipt: accepted.receipt,
    expiresAtEpochSeconds: Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
}

/** Spreads an optional idempotency claim into a write (omitting the key when there is none). */
export function withIdempotency(claim: IdempotencyClaim | undefined): {
  idempotency?: IdempotencyClaim;
} {
  return claim === undefined ? {} : { idempotency: claim };
}

/** Turns a lost claim race into the original answer (same request) or a 409 (another request). */
export function answerForTakenClaim(error: ClaimTakenError, requestSha256: string): Accepted {
  if (error.existing.requestSha256 !== requestSha256) {
    if (error.claim === 'idempotencyKey') throw keyReused();
    throw new ConflictError(
      'soc_reference_taken',
      `This socReference already names incident ${error.existing.subjectId}; send revisions to PUT /v1/incidents/${error.existing.subjectId}/card.`,
    );
  }
  return {
    statusCode: error.existing.statusCode as Accepted['statusCode'],
    receipt: error.existing.receipt,
    replayed: true,
  };
}

function keyReused(): ConflictError {
  return new ConflictError(
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request.',
  );
}
