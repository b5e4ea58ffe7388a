/**
 * RFC 9457 problem details: the only place that knows which HTTP status each
 * error class means. Unknown errors become a plain 500 that reveals nothing.
 */
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  GatewayError,
  type Issue,
  MalformedBodyError,
  MethodNotAllowedError,
  NotAcceptableError,
  NotFoundError,
  OutcomeUnknownError,
  PayloadTooLargeError,
  RateLimitedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.js';
import type { WireFormat } from '../wire/read-body.js';
import { renderXml } from '../wire/render-xml.js';
import { type Language, localise, titleOf } from './messages.js';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Stable machine-readable code of the failure. */
  code: string;
  /** Every failure found, each addressed by a JSON Pointer into the canonical model. */
  errors?: Issue[];
  /** This occurrence: the request id ({@link requestInstance}), to quote to an operator. */
  instance?: string;
}

export interface ProblemResponse {
  problem: ProblemDetails;
  retryAfterSeconds?: number;
}

type ErrorClass = abstract new (...args: never[]) => GatewayError;

/** The code-to-status table: error class → HTTP status and RFC 9457 title. Order matters (first match wins). */
const STATUS_TABLE: ReadonlyArray<readonly [ErrorClass, number, string]> = [
  [MalformedBodyError, 400, 'Malformed request body'],
  [BadRequestError, 400, 'Bad request'],
  [AuthenticationError, 401, 'Authentication required'],
  [ForbiddenError, 403, 'Forbidden'],
  [NotFoundError, 404, 'Not found'],
  [MethodNotAllowedError, 405, 'Method not allowed'],
  [NotAcceptableError, 406, 'Not acceptable'],
  [ConflictError, 409, 'Conflict'],
  [PayloadTooLargeError, 413, 'Payload too large'],
  [UnsupportedMediaTypeError, 415, 'Unsupported media type'],
  [ValidationError, 422, 'Validation failed'],
  [RateLimitedError, 429, 'Too many requests'],
  [DependencyUnavailableError, 503, 'Service unavailable'],
  [OutcomeUnknownError, 503, 'Service unavailable'],
];

const PROBLEM_TYPE_BASE = 'urn:kz:ncc-gateway:problem:';
const REQUEST_INSTANCE_BASE = 'urn:kz:ncc-gateway:request:';

/** One issue in the reader's language. */
export function localiseIssue(issue: Issue, language: Language): Issue {
  return { ...issue, message: localise(issue.code, issue.message, language).text };
}

/**
 * The `instance` of a problem: the API Gateway request id as a URN. Every log line of
 * the request carries the same id (`requestId`), so an operator finds them from it.
 */
export function requestInstance(requestId: string): string {
  return `${REQUEST_INSTANCE_BASE}${requestId}`;
}

/**
 * Maps any thrown value to problem details in `language` (`detail`, `title` and every
 * issue's `message`, from `problem/messages.ts`). Only {@link GatewayError}s are exposed.
 * With a request id, the problem names it as its `instance`.
 */
export function problemOf(
  error: unknown,
  language: Language = 'en',
  requestId?: string,
): ProblemResponse {
  const response = problemWithoutInstance(error, language);
  if (requestId !== undefined) response.problem.instance = requestInstance(requestId);
  return response;
}

function problemWithoutInstance(error: unknown, language: Language): ProblemResponse {
  if (error instanceof GatewayError) {
    const row = STATUS_TABLE.find(([errorClass]) => error instanceof errorClass);
    const [, status, title] = row ?? [GatewayError, 400, 'Bad request'];
    const problem: ProblemDetails = {
      type: `${PROBLEM_TYPE_BASE}${error.code}`,
      title: titleOf(status, title, language),
      status,
      detail: localise(error.code, error.message, language).text,
      code: error.code,
    };
    if (error.issues.length > 0)
      problem.errors = error.issues.map((issue) => localiseIssue(issue, language));
    return error.retryAfterSeconds === undefined
      ? { problem }
      : { problem, retryAfterSeconds: error.retryAfterSeconds };
  }
  return {
    problem: {
      type: 'about:blank',
      title: titleOf(500, 'Internal Server Error', language),
      status: 500,
      detail: localise(
        'internal_error',
        'The gateway failed unexpectedly; the failure is logged.',
        language,
      ).text,
      code: 'internal_error',
    },
  };
}

/** RFC 9457 Appendix B: the XML rendering uses the `urn:ietf:rfc:7807` namespace and `<i>` for array members. */
export const PROBLEM_XML_NAMESPACE = 'urn:ietf:rfc:7807';

/** Renders problem details as `application/problem+json` or `application/problem+xml`. */
export function renderProblem(
  problem: ProblemDetails,
  format: WireFormat,
): { contentType: string; body: string } {
  if (format === 'xml') {
    return {
      contentType: 'application/problem+xml; charset=utf-8',
      body: renderXml('problem', problem, {
        namespace: PROBLEM_XML_NAMESPACE,
        itemElement: () => 'i',
      }),
    };
  }
  return { contentType: 'application/problem+json; charset=utf-8', body: JSON.stringify(problem) };
}
