/**
 * Every port of the gateway by name. A use case or handler states the ports it uses
 * as `Pick<Ports, …>` (see `Uses` in use-cases/context.ts), the runtime wires only
 * those, and a route's capabilities name the same keys — so what a function's code
 * touches, what it bundles and what its role allows are one list.
 */
import type { AuditTrail } from './audit-trail.js';
import type { ConnectionStore } from './connections.js';
import type { DeliveryStore } from './deliveries.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { IdempotencyStore } from './idempotency.js';
import type { IncidentStore } from './incidents.js';
import type { NoticeStore } from './notices.js';
import type { ObligationStore } from './obligations.js';
import type { PartyStore } from './parties.js';
import type { RateLimiter } from './rate-limiter.js';
import type { VulnerabilityStore } from './vulnerabilities.js';

export interface Ports {
  parties: PartyStore;
  incidents: IncidentStore;
  /** Vulnerability reports (001 п.13, Annexes 5–6). */
  vulnerabilities: VulnerabilityStore;
  obligations: ObligationStore;
  deliveries: DeliveryStore;
  notices: NoticeStore;
  idempotency: IdempotencyStore;
  rateLimiter: RateLimiter;
  /** Connection state for the rules of п.90-1(1)–(3): blocks and the counters they read. */
  connections: ConnectionStore;
  /** The append-only audit trail (п.90-1(7)): hash chains and signed daily digests. */
  audit: AuditTrail;
  queue: DeliveryQueue;
}

export type PortName = keyof Ports;

/** The storage ports (everything but the queue): what one store adapter provides. */
export type StorePortName = Exclude<PortName, 'queue'>;
export type StorePorts = Pick<Ports, StorePortName>;

/** The port names in one list (for wiring and for tests that run every port). */
export const PORT_NAMES: readonly PortName[] = [
  'parties',
  'incidents',
  'vulnerabilities',
  'obligations',
  'deliveries',
  'notices',
  'idempotency',
  'rateLimiter',
  'connections',
  'audit',
  'queue',
];

/**
 * Every store port in one object, as adapter factories for tools and tests return it.
 * Never a use case's dependency: use cases name the ports they use.
 */
export type AllStores = PartyStore &
  IncidentStore &
  VulnerabilityStore &
  ObligationStore &
  DeliveryStore &
  NoticeStore &
  IdempotencyStore;

/** The store ports of one all-in-one store object. */
export function storePortsOf(
  all: AllStores,
): Omit<StorePorts, 'rateLimiter' | 'connections' | 'audit'> {
  return {
    parties: all,
    incidents: all,
    vulnerabilities: all,
    obligations: all,
    deliveries: all,
    notices: all,
    idempotency: all,
  };
}
