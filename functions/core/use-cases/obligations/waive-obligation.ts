/**
 * POST /v1/obligations/{id}/waive — an NCC officer waives an obligation with a reason
 * (issue #9 item 8), e.g. an incident notice the SOC showed was not confirmed. The state
 * becomes `waived` (counted apart in the compliance report), any reminder and pending
 * level-2 escalation stop, and the waiver is appended to the owing party's audit chain
 * in the same transaction (п.90-1(7): every service event is recorded).
 */
import { sha256Hex } from '../../audit/audit-entry.js';
import { isWaivable, type Obligation, waive } from '../../clocks/obligations.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { isGatewayId } from '../../ids.js';
import { formatInstant } from '../../time.js';
import type { RawBody } from '../../wire/read-body.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { retryStaleWrites } from '../stale-writes.js';
import { obligationView } from './read-obligations.js';

const MAX_REASON_CHARS = 1000;

/** Where the request came from, for the audit entry. */
export interface WaiverOrigin {
  connectionPoint: string;
  source: string;
}

/** The JSON body `{ "reason": "…" }`: a waiver always says why (1–1000 characters). */
export function waiverReasonOf(body: RawBody | undefined): string {
  let value: unknown;
  try {
    value = body && body.format === 'json' ? JSON.parse(body.text) : undefined;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError([
      { pointer: '', code: 'invalid_type', message: 'Send a JSON object: { "reason": "…" }.' },
    ]);
  }
  const reason = (value as { reason?: unknown }).reason;
  if (reason === undefined) {
    throw new ValidationError([
      { pointer: '/reason', code: 'required', message: '"reason" is required.' },
    ]);
  }
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_REASON_CHARS) {
    throw new ValidationError([
      {
        pointer: '/reason',
        code: 'invalid_type',
        message: `reason must be a non-empty string of at most ${MAX_REASON_CHARS} characters.`,
      },
    ]);
  }
  return reason.trim();
}

/** The incident or notice an obligation id names (`<subject>#<kind>#<party>`), or undefined. */
function subjectOf(obligationId: string): string | undefined {
  const subjectId = obligationId.split('#', 1)[0] ?? '';
  return isGatewayId('inc', subjectId) || isGatewayId('ntc', subjectId) ? subjectId : undefined;
}

/**
 * 1. Only an `ncc` party waives; the id must name an obligation the gateway keeps (404 otherwise).
 * 2. Read it; one no longer owed (satisfied, or waived already) is a 409.
 * 3. Write `waived` with the waiver, guarded by the state read, and its audit entry, in
 *    one transaction; a sweep that marked it missed meanwhile makes us read and try again.
 */
export async function waiveObligation(
  deps: Uses<'obligations'>,
  principal: Principal,
  obligationId: string,
  reason: string,
  origin: WaiverOrigin,
) {
  requireRole(principal, 'ncc');
  const subjectId = subjectOf(obligationId);
  if (subjectId === undefined) throw new NotFoundError('Obligation');
  return retryStaleWrites(async () => {
    const current = (await deps.obligations.obligationsOf(subjectId)).find(
      (o) => o.id === obligationId,
    );
    if (!current) throw new NotFoundError('Obligation');
    if (!isWaivable(current)) {
      throw new ConflictError(
        'obligation_not_waivable',
        `Obligation ${current.kind} of ${current.subjectId} is ${current.state}; only an open or missed obligation can be waived.`,
      );
    }
    const at = formatInstant(deps.now().getTime());
    const waiver = { at, by: principal.partyId, reason };
    const next: Obligation = waive(current, waiver);
    await deps.obligations.saveWaiver(
      { next, expectedState: current.state },
      {
        partyId: current.owedBy,
        at,
        startedAt: at,
        connectionPoint: origin.connectionPoint,
        userId: principal.partyId,
        source: origin.source,
        action: 'obligation.waived',
        outcome: 'waived',
        subjectId: current.id,
        sha256: sha256Hex(JSON.stringify({ obligationId: current.id, waiver })),
        description: `Obligation ${current.kind} of ${current.subjectId} (${current.state}) waived by ${principal.partyId}: ${reason}`,
      },
    );
    return { obligation: obligationView(next), waiver };
  });
}
