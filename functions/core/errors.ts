/**
 * The one error family of the gateway. Every failure the core or an adapter
 * can explain is a {@link GatewayError} with a stable `code`; the HTTP status
 * for each class lives in exactly one table (`problem/problem-details.ts`).
 */

/** One problem with one part of a message, addressed by a JSON Pointer into the canonical model. */
export interface Issue {
  /** RFC 6901 pointer into the canonical model ("" is the whole message). */
  pointer: string;
  /** Stable, machine-readable code (snake_case). */
  code: string;
  /**
   * Human-readable explanation in English, with the values that explain it; the problem
   * renderer puts it in the reader's language through `problem/messages.ts`.
   */
  message: string;
  /** XML senders: the element path of the same place (`/incidentCard/details/confirmedAt`). */
  element?: string;
  /** The accepted values closest to what was sent (an unknown enum label). */
  suggestions?: string[];
  /** The expected format of the value, e.g. `YYYY-MM-DD`. */
  expected?: string;
  /** Where the accepted values are listed, e.g. `/v1/catalogue#severity`. */
  see?: string;
}

export interface GatewayErrorOptions {
  issues?: Issue[];
  cause?: unknown;
  /** Seconds a client should wait before retrying (429, 503). */
  retryAfterSeconds?: number;
}

/** Base class: a failure the gateway can explain to the caller. */
export class GatewayError extends Error {
  readonly code: string;
  readonly issues: Issue[];
  readonly retryAfterSeconds: number | undefined;

  constructor(code: string, message: string, options: GatewayErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.issues = options.issues ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The body cannot be read as a message at all (bad JSON/XML, forbidden XML constructs). */
export class MalformedBodyError extends GatewayError {
  constructor(code: string, message: string, options?: GatewayErrorOptions) {
    super(code, message, options);
    this.name = 'MalformedBodyError';
  }
}

/** The request itself is wrong outside its body: an unknown query parameter (issue #14 item 4). */
export class BadRequestError extends GatewayError {
  constructor(code: string, message: string, options?: GatewayErrorOptions) {
    super(code, message, options);
    this.name = 'BadRequestError';
  }
}

/** The API's body limit (docs/contract.md §4): the only limit a caller is ever told of. */
export const API_BODY_LIMIT_BYTES = 256 * 1024;

/**
 * The body exceeds the 256 KiB limit (docs/contract.md §4). Whatever cap caught it (the API's,
 * or a transport buffer in front of it), the caller is told the API's limit.
 */
export class PayloadTooLargeError extends GatewayError {
  constructor(options?: GatewayErrorOptions) {
    super(
      'payload_too_large',
      `The body exceeds the API limit of ${API_BODY_LIMIT_BYTES / 1024} KiB.`,
      options,
    );
    this.name = 'PayloadTooLargeError';
  }
}

/** The Content-Type is neither JSON nor XML. */
export class UnsupportedMediaTypeError extends GatewayError {
  constructor(contentType: string | undefined) {
    super(
      'unsupported_media_type',
      `Content-Type ${contentType ? `"${contentType}"` : '(none)'} is not supported; send application/json or application/xml (UTF-8).`,
    );
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** The Accept header asks for a representation the gateway cannot produce. */
export class NotAcceptableError extends GatewayError {
  constructor(accept: string) {
    super(
      'not_acceptable',
      `Cannot answer with any of "${accept}"; accepted: application/json, application/xml.`,
    );
    this.name = 'NotAcceptableError';
  }
}

/** The message parsed but breaks the official form; `issues` lists every failure. */
export class ValidationError extends GatewayError {
  constructor(issues: Issue[], message = 'The message does not match the official form.') {
    super('validation_failed', message, { issues });
    this.name = 'ValidationError';
  }
}

/** No credentials, or credentials that do not verify. */
export class AuthenticationError extends GatewayError {
  constructor(code: string, message: string, options?: GatewayErrorOptions) {
    super(code, message, options);
    this.name = 'AuthenticationError';
  }
}

/** Authenticated, but this party may not do this (role, tenant, blocked connection, policy). */
export class ForbiddenError extends GatewayError {
  constructor(code: string, message: string, options?: GatewayErrorOptions) {
    super(code, message, options);
    this.name = 'ForbiddenError';
  }
}

/** The resource does not exist, or exists but belongs to someone the caller may not see. */
export class NotFoundError extends GatewayError {
  constructor(what: string) {
    super('not_found', `${what} was not found.`);
    this.name = 'NotFoundError';
  }
}

/** The path exists, but not for this method. */
export class MethodNotAllowedError extends GatewayError {
  constructor(method: string, allow: readonly string[]) {
    super('method_not_allowed', `${method} is not allowed here; allowed: ${allow.join(', ')}.`);
    this.name = 'MethodNotAllowedError';
  }
}

/** The request conflicts with what the gateway already holds (idempotency key reuse, state). */
export class ConflictError extends GatewayError {
  constructor(code: string, message: string, options?: GatewayErrorOptions) {
    super(code, message, options);
    this.name = 'ConflictError';
  }
}

/** The party exceeded its rate limit; retry after `retryAfterSeconds`. */
export class RateLimitedError extends GatewayError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 'Too many requests for this party; slow down.', { retryAfterSeconds });
    this.name = 'RateLimitedError';
  }
}

/**
 * A write was sent but its outcome is unknown (the store timed out or reset after it may
 * have applied it, or the request ran out of time): it may or may not be stored. Never
 * claims "nothing was written". A retry is safe: the same body (socReference) or the same
 * Idempotency-Key is answered with the original receipt and stored at most once.
 */
export class OutcomeUnknownError extends GatewayError {
  constructor(options?: GatewayErrorOptions) {
    super(
      'outcome_unknown',
      'The gateway could not confirm whether this request was stored. Retrying with the same body or the same Idempotency-Key is safe: a stored message is answered with its original receipt and is never stored twice.',
      { retryAfterSeconds: 5, ...options },
    );
    this.name = 'OutcomeUnknownError';
  }
}

/** A dependency (DynamoDB, SQS) is unavailable and the write provably did not happen (or it was a read). */
export class DependencyUnavailableError extends GatewayError {
  constructor(dependency: string, options?: GatewayErrorOptions) {
    super(
      'dependency_unavailable',
      `${dependency} is unavailable; nothing was written. Retry later.`,
      {
        retryAfterSeconds: 5,
        ...options,
      },
    );
    this.name = 'DependencyUnavailableError';
  }
}
