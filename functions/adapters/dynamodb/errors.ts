/**
 * The one place where DynamoDB failures are classified. Every store method runs
 * through {@link withStoreErrors}, so nothing from the SDK reaches the core
 * unclassified:
 *
 * - unreachable, timed out, throttled or 5xx → `DependencyUnavailableError` (503 with
 *   Retry-After). Every write is a single transaction, so nothing was half-written; but a
 *   write that timed out or was cut off after sending may have been applied whole, so it is
 *   `OutcomeUnknownError` (503 `outcome_unknown`, a retry is safe) unless the failure proves
 *   DynamoDB never applied it (connection refused, throttled, cancelled).
 * - the port's own outcomes (`ClaimTakenError`, `StaleWriteError`, any `GatewayError`)
 *   pass through untouched.
 * - anything else (a validation error, a missing table, a corrupt item) is a fault of
 *   ours, not the caller's → `DynamoStoreError`, which the HTTP layer turns into a 500.
 */
import {
  DependencyUnavailableError,
  GatewayError,
  OutcomeUnknownError,
} from '../../core/errors.js';
import { ClaimTakenError, StaleWriteError } from '../../core/ports/write-conflicts.js';

/** An unexpected DynamoDB failure or a stored item that does not decode (a 500, logged with its cause). */
export class DynamoStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DynamoStoreError';
  }
}

/** The fault a cancelled transaction of ours is reported as (for `writeNamed`). */
export const storeFault = (message: string) => new DynamoStoreError(message);

const DEPENDENCY = 'DynamoDB';

// Mirrors the SDK's own retry classification (@smithy service-error-classification),
// which is not a dependency of ours.
const THROTTLING_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'LimitExceededException',
  'TransactionInProgressException',
]);
const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
/** Cancellation reasons that mean "busy, try later" rather than "your condition failed". */
const UNAVAILABLE_REASONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
  'TransactionConflict',
]);

function propertyOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

function cancellationCodes(error: unknown): string[] {
  const reasons = propertyOf(error, 'CancellationReasons');
  if (!Array.isArray(reasons)) return [];
  return reasons.map((reason) => {
    const code = propertyOf(reason, 'Code');
    return typeof code === 'string' ? code : 'None';
  });
}

/** True when the failure means DynamoDB could not be reached or would not serve us now. */
export function isUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const name = propertyOf(error, 'name');
  const code = propertyOf(error, 'code');
  const status = propertyOf(propertyOf(error, '$metadata'), 'httpStatusCode');
  if (typeof name === 'string' && (THROTTLING_NAMES.has(name) || TRANSIENT_NAMES.has(name))) {
    return true;
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (typeof status === 'number' && (status >= 500 || status === 429)) return true;
  if (name === 'TransactionCanceledException') {
    const codes = cancellationCodes(error).filter((c) => c !== 'None');
    return codes.length > 0 && codes.every((c) => UNAVAILABLE_REASONS.has(c));
  }
  // Node wraps parallel connection attempts (IPv4 and IPv6) in an AggregateError.
  const inner = propertyOf(error, 'errors');
  if (Array.isArray(inner) && inner.some((e) => isUnavailable(e, depth + 1))) return true;
  return isUnavailable(propertyOf(error, 'cause'), depth + 1);
}

/** True for errors the port defines as outcomes: they carry meaning and pass through. */
function isClassified(error: unknown): boolean {
  return (
    error instanceof GatewayError ||
    error instanceof ClaimTakenError ||
    error instanceof StaleWriteError ||
    error instanceof DynamoStoreError
  );
}

/**
 * The store operations that write a message or its effects. When one of them fails after
 * DynamoDB may have received it (a timeout, a reset connection, a 5xx), the write may
 * have been applied: the caller hears `outcome_unknown`, never "nothing was written".
 */
const WRITE_OPERATIONS = new Set([
  'saveNewIncident',
  'saveIncidentUpdate',
  'saveNewVulnerability',
  'saveVulnerabilityUpdate',
  'saveNewNotice',
  'saveFanoutBatch',
  'saveNoticeAck',
  'saveNoticeResponse',
  'saveAcknowledgement',
  'putParty',
  'failDelivery',
  'redrive',
  'transitionOpen',
  'transitionOpenMany',
  'transitionLevel2',
  'saveWaiver',
  'reissueCredentials',
  'remindCredentialExpiry',
]);

/** Failures that prove the request was never applied: no connection, no name, or refused by throttling. */
const NOT_APPLIED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** True when DynamoDB provably did not apply the request (it never got it, or refused it). */
function provablyNotApplied(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const name = propertyOf(error, 'name');
  const code = propertyOf(error, 'code');
  const status = propertyOf(propertyOf(error, '$metadata'), 'httpStatusCode');
  if (typeof name === 'string' && THROTTLING_NAMES.has(name)) return true;
  if (name === 'TransactionCanceledException') return true;
  if (status === 429 || status === 400) return true;
  if (typeof code === 'string' && NOT_APPLIED_CODES.has(code)) return true;
  const inner = propertyOf(error, 'errors');
  if (Array.isArray(inner) && inner.length > 0)
    return inner.every((e) => provablyNotApplied(e, depth + 1));
  return provablyNotApplied(propertyOf(error, 'cause'), depth + 1);
}

/** Maps any failure to an error the core understands. */
export function translateError(error: unknown, operation: string): Error {
  if (isClassified(error) && error instanceof Error) return error;
  if (isUnavailable(error)) {
    if (WRITE_OPERATIONS.has(operation) && !provablyNotApplied(error))
      return new OutcomeUnknownError({ cause: error });
    return new DependencyUnavailableError(DEPENDENCY, { cause: error });
  }
  return new DynamoStoreError(`DynamoDB ${operation} failed`, { cause: error });
}

/** Runs one store operation and translates whatever it throws. */
export async function withStoreErrors<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateError(error, operation);
  }
}
