/**
 * What every use case receives: the clock, an id source, a log, the caller, and only
 * the ports it uses (`Uses<'incidents' | 'parties'>`). Passed in, never imported, so
 * the same use case runs on AWS, on the emulators and on the in-memory adapters.
 */
import { ulid } from 'ulid';
import { type ClockPolicy, DEFAULT_CLOCK_POLICY } from '../clocks/rules.js';
import { ForbiddenError } from '../errors.js';
import type { Role } from '../model/messages.js';
import type { Metrics } from '../ports/metrics.js';
import type { PortName, Ports } from '../ports/ports.js';
import type { PartyRecord } from '../ports/records.js';
import type { Clock } from '../time.js';

/** Where the core reports what it survived but an operator should see. */
export interface Log {
  warn(message: string, context?: Record<string, unknown>): void;
}

/** What every use case gets, whatever ports it uses. */
export interface GatewayDeps {
  now: Clock;
  /** A new unique, time-ordered id with the given prefix (`inc`, `dlv`, …). */
  newId: (prefix: string) => string;
  log: Log;
  /** Business counts (late satisfactions, …); absent where nobody counts. */
  metrics?: Metrics;
}

/** The deps of a use case that uses the ports named `K`. */
export type Uses<K extends PortName> = GatewayDeps & Pick<Ports, K>;

/** Time-ordered ids (ULID) with a readable prefix: `inc_01J…`. */
export function newGatewayId(prefix: string): string {
  return `${prefix}_${ulid()}`;
}

/** The authenticated caller, resolved from the token and the party registry. */
export interface Principal {
  partyId: string;
  role: Role;
  party: PartyRecord;
  /** The OAuth2 client id the token named (the audit trail's "user id", п.90-1(7)). */
  clientId?: string;
  /** The request's source address (п.90-1(1) "қосылу нүктесі"), for the audit trail. */
  connectionPoint?: string;
}

/** Refuses callers whose role is not one of `roles` (403). */
export function requireRole(principal: Principal, ...roles: Role[]): void {
  if (!roles.includes(principal.role)) {
    throw new ForbiddenError(
      'wrong_role',
      `This action needs role ${roles.join(', ')}; the caller is "${principal.role}".`,
    );
  }
}

/**
 * The party a list is filtered to: a SOC (or a reporting owner) always itself, and a filter naming another
 * party is refused (403) rather than silently ignored; the NCC may name any party or none.
 */
export function ownPartyFilter(
  principal: Principal,
  parameter: string,
  requested: string | undefined,
): string | undefined {
  if (principal.role === 'ncc') return requested;
  if (requested !== undefined && requested !== principal.partyId) {
    throw new ForbiddenError(
      'foreign_party_filter',
      `A SOC lists only its own records; drop ?${parameter}= or name the caller itself.`,
    );
  }
  return principal.partyId;
}

/** The clock settings of a party: its policy over the defaults. */
export function clockPolicyOf(party: PartyRecord | undefined): ClockPolicy {
  return {
    noticeAckMinutes: party?.policy?.noticeAckMinutes ?? DEFAULT_CLOCK_POLICY.noticeAckMinutes,
    reminderAt: party?.policy?.reminderAt ?? DEFAULT_CLOCK_POLICY.reminderAt,
  };
}
