/**
 * Reading the audit trail (docs/contract.md §6, п.90-1(7)), for admins only: verification of a
 * party's chain against its signed daily digests, and the day file of 001 Annex 4.
 * Nothing here changes an entry; no API does.
 */
import {
  formatAnnex4Log,
  formatAuditJsonLines,
  nationalDayBounds,
} from '../../audit/annex4-log.js';
import { verifyAuditDigests } from '../../audit/digest.js';
import { type AuditVerification, ChainVerifier } from '../../audit/verify-chain.js';
import { SECURITY_EVENT } from '../../connection/security-events.js';
import type { AuditSigner } from '../../ports/audit-signer.js';
import type { AuditTrail } from '../../ports/audit-trail.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { type QueryParameters, QueryReader } from '../paging.js';

/** The audit trail, and the party registry (a named party must be registered). */
export type AuditReadDeps = Uses<'audit' | 'parties'> & {
  /** Verifies digest signatures; without it digests are not used. */
  signer?: AuditSigner;
};

/** Entries read per page while verifying. */
const VERIFY_PAGE = 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `party` must name a registered party: 422 at `/query/party` otherwise. */
async function knownParty(
  deps: Pick<AuditReadDeps, 'parties'>,
  reader: QueryReader,
): Promise<string | undefined> {
  const party = reader.string('party');
  if (party === undefined) {
    reader.issues.push({
      pointer: '/query/party',
      code: 'required',
      message: 'Name the party whose audit trail to read.',
    });
  } else if (!(await deps.parties.getParty(party))) {
    reader.issues.push({
      pointer: '/query/party',
      code: 'unknown_party',
      message: `No party "${party}" is registered.`,
    });
  }
  return party;
}

export interface AuditVerifyReport extends AuditVerification {
  ok: boolean;
  from?: string;
  to?: string;
  /** Signed digests that verified (all of them, when `ok`). */
  digestsVerified: number;
  digestFault?: { day: string; kind: string; message: string };
}

/**
 * Walks `party`'s chain and names the first broken or missing link (and the first
 * digest that does not verify). With `from`, the walk starts at the last signed
 * checkpoint before it; with `to`, it stops after it.
 */
export async function verifyAuditTrail(
  deps: AuditReadDeps,
  partyId: string,
  window: { from?: string; to?: string } = {},
): Promise<AuditVerifyReport> {
  const digests = deps.signer ? await deps.audit.digests() : [];
  const checked = deps.signer
    ? await verifyAuditDigests(deps.signer, digests)
    : { checkpoints: new Map<string, Map<number, string>>() };
  const checkpoints = checked.checkpoints.get(partyId) ?? new Map<number, string>();
  // The latest signed head of this party before `from` anchors the walk.
  let anchor: { seq: number; hash: string } | undefined;
  if (window.from !== undefined) {
    for (const digest of digests) {
      for (const head of digest.heads) {
        if (
          head.partyId === partyId &&
          head.at < window.from &&
          checkpoints.get(head.seq) === head.hash
        ) {
          if (!anchor || head.seq > anchor.seq) anchor = { seq: head.seq, hash: head.hash };
        }
      }
    }
  }
  const verifier = new ChainVerifier({ partyId, ...(anchor ? { anchor } : {}), checkpoints });
  let next = (anchor?.seq ?? 0) + 1;
  let reachedEnd = false;
  walk: for (;;) {
    const page = await deps.audit.entries(partyId, next, VERIFY_PAGE);
    for (const entry of page) {
      if (window.to !== undefined && entry.at > window.to) break walk;
      if (verifier.push(entry)) break walk;
    }
    if (page.length < VERIFY_PAGE) {
      reachedEnd = true;
      break;
    }
    next = (page.at(-1)?.seq ?? next) + 1;
  }
  const head = reachedEnd ? await deps.audit.head(partyId) : undefined;
  const result = verifier.finish({ head, reachedEnd });
  const report: AuditVerifyReport = {
    ...result,
    ok: result.fault === undefined && checked.fault === undefined,
    ...window,
    digestsVerified: checked.fault ? 0 : digests.length,
    ...(checked.fault ? { digestFault: checked.fault } : {}),
  };
  if (!report.ok) {
    deps.log.warn('Audit trail verification failed', {
      securityEvent: SECURITY_EVENT.auditChainBroken,
      partyId,
      fault: result.fault,
      digestFault: checked.fault,
    });
  }
  return report;
}

/** GET /v1/audit/verify?party=&from=&to= (admin). */
export async function verifyAuditRequest(
  deps: AuditReadDeps,
  principal: Principal,
  query: QueryParameters,
): Promise<AuditVerifyReport> {
  requireRole(principal, 'admin');
  const reader = new QueryReader(query);
  const party = await knownParty(deps, reader);
  const window = reader.window();
  reader.done();
  return verifyAuditTrail(deps, party as string, window);
}

/** One day file of the audit log. */
export interface AuditDayFile {
  party: string;
  day: string;
  format: 'annex4' | 'jsonl';
  contentType: string;
  body: string;
  entries: number;
}

/** The day file of a party's entries within a national day; a day without entries is the header alone. */
export async function auditDayFile(
  audit: AuditTrail,
  partyId: string,
  day: string,
  format: 'annex4' | 'jsonl',
): Promise<AuditDayFile> {
  const { start, end } = nationalDayBounds(day);
  const entries = await audit.entriesBetween(partyId, start, end);
  return {
    party: partyId,
    day,
    format,
    contentType:
      format === 'annex4' ? 'text/plain; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    body: format === 'annex4' ? formatAnnex4Log(entries) : formatAuditJsonLines(entries),
    entries: entries.length,
  };
}

/** GET /v1/audit/export?party=&day=&format= (admin): the 001 Annex 4 day log, or JSON lines. */
export async function exportAuditRequest(
  deps: AuditReadDeps,
  principal: Principal,
  query: QueryParameters,
): Promise<AuditDayFile> {
  requireRole(principal, 'admin');
  const reader = new QueryReader(query);
  const party = await knownParty(deps, reader);
  const day = reader.string('day');
  if (day === undefined || !DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    reader.issues.push({
      pointer: '/query/day',
      code: 'invalid_format',
      message: 'Must be a calendar date in the form YYYY-MM-DD (Asia/Almaty), e.g. 2026-11-20.',
    });
  }
  const format = reader.oneOf('format', ['annex4', 'jsonl'] as const) ?? 'annex4';
  reader.done();
  return auditDayFile(deps.audit, party as string, day as string, format);
}
