/**
 * What operators count: a business fact per call, with a few low-cardinality
 * dimensions (a problem code, a message kind — never an id). EMF on AWS, nothing
 * or memory elsewhere. Any part of the gateway may count through it (request
 * outcomes, obligations, deliveries, security events).
 */
export interface Metrics {
  /** Adds `value` (default 1) to the count `name` under the given dimensions. */
  count(name: string, dimensions?: Readonly<Record<string, string>>, value?: number): void;
}

/** Metrics that go nowhere (local runtime, tests that do not look). */
export const NO_METRICS: Metrics = { count: () => undefined };

/** The names counted today, in one place so dashboards and alarms can rely on them. */
export const METRIC = {
  /** A message (incident, card, closure, notice, response, ack) accepted; dimension `kind`. */
  accepted: 'MessageAccepted',
  /** A request refused with a 4xx; dimension `code`. */
  rejected: 'RequestRejected',
  /** An obligation satisfied after its due instant; dimension `obligation`. */
  satisfiedLate: 'ObligationSatisfiedLate',
  /** An obligation marked missed (and escalated). */
  missed: 'ObligationMissed',
  /** A webhook attempt that failed and will be retried. */
  deliveryAttemptFailed: 'DeliveryAttemptFailed',
  /** A delivery whose retries are exhausted (failed, escalated, dead-lettered). */
  deliveryFailed: 'DeliveryFailed',
} as const;
