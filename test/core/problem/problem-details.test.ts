import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  GatewayError,
  MalformedBodyError,
  NotAcceptableError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../functions/core/errors.js';
import {
  PROBLEM_XML_NAMESPACE,
  problemOf,
  renderProblem,
} from '../../../functions/core/problem/problem-details.js';

const issues = [
  { pointer: '/severity', code: 'invalid_value', message: 'Must be one of 4, 3, 2, 1.' },
  {
    pointer: '/details/iocs/0/value',
    code: 'invalid_ioc_value',
    message: 'Must be <an> "IPv4" & more.',
  },
];

describe('problemOf', () => {
  it.each([
    [new MalformedBodyError('malformed_json', 'Bad JSON.'), 400, 'malformed_json'],
    [new AuthenticationError('invalid_token', 'Bad token.'), 401, 'invalid_token'],
    [new ForbiddenError('wrong_role', 'Not yours.'), 403, 'wrong_role'],
    [new NotFoundError('Incident inc_1'), 404, 'not_found'],
    [new NotAcceptableError('text/html'), 406, 'not_acceptable'],
    [new ConflictError('idempotency_key_reused', 'Different body.'), 409, 'idempotency_key_reused'],
    [new PayloadTooLargeError(), 413, 'payload_too_large'],
    [new UnsupportedMediaTypeError('text/plain'), 415, 'unsupported_media_type'],
    [new ValidationError(issues), 422, 'validation_failed'],
    [new RateLimitedError(30), 429, 'rate_limited'],
    [new DependencyUnavailableError('DynamoDB'), 503, 'dependency_unavailable'],
    [new GatewayError('something_else', 'A plain gateway error.'), 400, 'something_else'],
  ])('maps %s to %i', (error, status, code) => {
    // Arrange (the error)

    // Act
    const { problem } = problemOf(error);

    // Assert
    expect(problem.status).toBe(status);
    expect(problem.code).toBe(code);
    expect(problem.type).toBe(`urn:kz:ncc-gateway:problem:${code}`);
    expect(problem.detail).toBe(error.message);
    expect(problem.title).not.toBe('');
  });

  it('lists every issue of a ValidationError and omits errors when there are none', () => {
    // Arrange
    const withIssues = new ValidationError(issues);
    const without = new NotFoundError('Notice n_1');

    // Act
    const [a, b] = [problemOf(withIssues).problem, problemOf(without).problem];

    // Assert
    expect(a.errors).toEqual(issues);
    expect(b).not.toHaveProperty('errors');
  });

  it('carries Retry-After for 429 and 503 only', () => {
    // Arrange / Act
    const [limited, down, invalid] = [
      problemOf(new RateLimitedError(30)),
      problemOf(new DependencyUnavailableError('SQS')),
      problemOf(new ValidationError(issues)),
    ];

    // Assert
    expect(limited.retryAfterSeconds).toBe(30);
    expect(down.retryAfterSeconds).toBe(5);
    expect(invalid).not.toHaveProperty('retryAfterSeconds');
  });

  it.each([
    [new Error('connect ECONNREFUSED 10.0.0.5:8000 secret=hunter2')],
    [new TypeError("Cannot read properties of undefined (reading 'password')")],
    ['a thrown string with /etc/passwd'],
    [undefined],
    [{ message: 'looks like an error, is not one' }],
  ])('turns an unknown failure (%s) into a plain 500 that reveals nothing', (thrown) => {
    // Arrange (the thrown value)

    // Act
    const response = problemOf(thrown);

    // Assert
    expect(response.problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The gateway failed unexpectedly; the failure is logged.',
      code: 'internal_error',
    });
    expect(JSON.stringify(response)).not.toMatch(/ECONNREFUSED|hunter2|password|passwd|looks like/);
  });
});

describe('renderProblem', () => {
  it('renders application/problem+json', () => {
    // Arrange
    const { problem } = problemOf(new ValidationError(issues));

    // Act
    const { contentType, body } = renderProblem(problem, 'json');

    // Assert
    expect(contentType).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(body)).toEqual(problem);
  });

  it('renders application/problem+xml in urn:ietf:rfc:7807 with <i> items, and parses back', () => {
    // Arrange
    const { problem } = problemOf(new ValidationError(issues));
    const parser = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      isArray: (name) => name === 'i',
    });

    // Act
    const { contentType, body } = renderProblem(problem, 'xml');
    const parsed = parser.parse(body) as {
      problem: {
        '@_xmlns': string;
        type: string;
        title: string;
        status: string;
        detail: string;
        code: string;
        errors: { i: Array<{ pointer: string; code: string; message: string }> };
      };
    };

    // Assert
    expect(contentType).toBe('application/problem+xml; charset=utf-8');
    expect(PROBLEM_XML_NAMESPACE).toBe('urn:ietf:rfc:7807');
    expect(body).toContain('<problem xmlns="urn:ietf:rfc:7807">');
    expect(body).toContain('<errors><i><pointer>/severity</pointer>');
    expect(parsed.problem['@_xmlns']).toBe('urn:ietf:rfc:7807');
    expect({
      type: parsed.problem.type,
      title: parsed.problem.title,
      status: Number(parsed.problem.status),
      detail: parsed.problem.detail,
      code: parsed.problem.code,
      errors: parsed.problem.errors.i,
    }).toEqual(problem);
  });

  it('escapes markup in XML problem text', () => {
    // Arrange
    const { problem } = problemOf(
      new MalformedBodyError('malformed_xml', 'Expected </note> & got <x>.'),
    );

    // Act
    const { body } = renderProblem(problem, 'xml');

    // Assert
    expect(body).toContain('<detail>Expected &lt;/note&gt; &amp; got &lt;x&gt;.</detail>');
  });
});
