/**
 * Replays (docs/contract.md §4): the `Idempotency-Key` header, and for incidents also the
 * (SOC, socReference) pair, for vulnerabilities the (reporter, reference) pair. A replay answers the original receipt; the same key with a
 * request of other content is a 409. Records expire after 24 h — the only data with a TTL.
 */
import { createHash } from 'node:crypto';
import { ConflictError, type Issue } from '../errors.js';
import type { Receipt } from '../model/messages.js';
import type { IdempotencyClaim } from '../ports/idempotency.js';
import type { Ports } from '../ports/ports.js';
import type { IdempotencyRecord } from '../ports/records.js';
import type { ClaimTakenError } from '../ports/write-conflicts.js';
import { canonicalJson, canonicalSha256, differingPointers } from './canonical.js';
import type { Principal, Uses } from './context.js';
import type { Accepted } from './outcome.js';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** The request's identity: route and raw-body digest, so one key cannot be reused for another request. */
export function requestDigest(route: string, bodySha256: string): string {
  return createHash('sha256').update(`${route}\n${bodySha256}`).digest('hex');
}

/** One write request's replay protection, worked out once and used by the whole use case. */
export interface ReplayGuard {
  /** The request's identity (route + canonical-content digest). */
  readonly requestSha256: string;
  /** The idempotency record to write with the request's data (nothing when no key was sent). */
  claim(
    statusCode: Accepted['statusCode'],
    receipt: Receipt,
    nowMs: number,
  ): { idempotency?: IdempotencyClaim };
  /** A lost claim race: the original answer for the same content, a 409 naming what differs otherwise. */
  answerForTaken(error: ClaimTakenError): Promise<Accepted>;
}

/** A request as replays compare it: its route, raw digest and canonical content. */
export interface ReplayableRequest {
  route: string;
  /** SHA-256 of the raw body (the digest earlier versions stored). */
  bodySha256: string;
  /** The validated canonical message (labels normalised to codes). */
  content: unknown;
}

/**
 * When a use case learns of a replay. `first`: the key's record is read before anything
 * else, for writes to existing state (a revision, a closure, an answer), whose write can fail
 * on that state (a version moved) before it reaches its claim. `at-write`: for a create whose
 * one write carries every claim (key and reference, the key's winning: `explainCancelled`),
 * a replay is told by the claim that write fails on, and the usual request reads nothing first
 * (one read fewer per new incident, issue #14's CPU per incident).
 */
export interface ReplayLookup {
  lookup: 'first' | 'at-write';
}

/** The canonical content is kept with the key (to name differences) only up to this size. */
const MAX_STORED_CONTENT_CHARS = 64 * 1024;

/**
 * Checks an incoming write for a replay (issue #14 item 2). A retry whose canonical
 * content equals the first request's — re-serialised JSON, labels for codes, the XML
 * twin, an instant with another offset — is a replay answered with the original
 * receipt, whatever its bytes. Only a real difference is a 409, naming the differing
 * JSON pointers. Returns the stored answer for a replay, else a guard for the write.
 */
export async function guardReplays(
  deps: Uses<'idempotency'> & Partial<Pick<Ports, 'incidents' | 'vulnerabilities'>>,
  principal: Principal,
  key: string | undefined,
  request: ReplayableRequest,
  options: ReplayLookup = { lookup: 'first' },
): Promise<{ replay?: Accepted; guard: ReplayGuard }> {
  const requestSha256 = requestDigest(request.route, canonicalSha256(request.content));
  // Records written before canonical comparison hold the raw-body digest.
  const legacySha256 = requestDigest(request.route, request.bodySha256);
  const sameRequest = (stored: string) => stored === requestSha256 || stored === legacySha256;
  const contentText = canonicalJson(request.content);
  const storedRequest =
    contentText.length <= MAX_STORED_CONTENT_CHARS
      ? { request: { route: request.route, content: request.content } }
      : {};
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
          ...storedRequest,
        },
      };
    },
    async answerForTaken(error) {
      if (sameRequest(error.existing.requestSha256)) return replayOf(error.existing);
      if (error.claim === 'idempotencyKey') throw keyReused(request, error.existing.request);
      if (error.claim === 'vulnerabilityReference') {
        const id = error.existing.subjectId;
        const detail = await deps.vulnerabilities?.getVulnerability(id);
        const first = detail?.versions.find((v) => v.version === 1)?.vulnerability;
        throw new ConflictError(
          'reference_taken',
          `This reference already names vulnerability ${id} with other content; send revisions to PUT /v1/vulnerabilities/${id}.`,
          { issues: differenceIssues(first, request.content) },
        );
      }
      const first = await firstCardOf(deps, error.existing.subjectId);
      throw new ConflictError(
        'soc_reference_taken',
        `This socReference already names incident ${error.existing.subjectId} with other content; send revisions to PUT /v1/incidents/${error.existing.subjectId}/card.`,
        { issues: differenceIssues(first, request.content) },
      );
    },
  };
  if (key === undefined || options.lookup === 'at-write') return { guard };
  const existing = await deps.idempotency.getIdempotency(principal.partyId, key);
  if (!existing) return { guard };
  if (!sameRequest(existing.requestSha256)) throw keyReused(request, existing.request);
  return { replay: replayOf(existing), guard };
}

/** The first card of an incident (only routes that can lose a socReference race wire `incidents`). */
async function firstCardOf(
  deps: Partial<Pick<Ports, 'incidents'>>,
  incidentId: string,
): Promise<unknown> {
  const detail = await deps.incidents?.getIncident(incidentId);
  return detail?.versions.find((v) => v.version === 1)?.card ?? detail?.incident.card;
}

function differenceIssues(original: unknown, content: unknown): Issue[] {
  if (original === undefined) return [];
  return differingPointers(original, content).map((pointer) => ({
    pointer,
    code: 'differs_from_original',
    message: 'Differs from the request first sent with this identity.',
  }));
}

function replayOf(stored: { statusCode: number; receipt: Receipt }): Accepted {
  return {
    statusCode: stored.statusCode as Accepted['statusCode'],
    receipt: stored.receipt,
    replayed: true,
  };
}

function keyReused(
  request: ReplayableRequest,
  stored: IdempotencyRecord['request'] | undefined,
): ConflictError {
  if (stored !== undefined && stored.route !== request.route) {
    return new ConflictError(
      'idempotency_key_reused',
      `This Idempotency-Key was already used for ${stored.route}.`,
      {
        issues: [
          {
            pointer: '',
            code: 'differs_from_original',
            message: 'Differs from the request first sent with this identity.',
          },
        ],
      },
    );
  }
  return new ConflictError(
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request.',
    stored === undefined ? {} : { issues: differenceIssues(stored.content, request.content) },
  );
}
