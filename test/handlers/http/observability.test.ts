/**
 * Issue #13 item 7: every log line of a request and every problem document name the
 * API Gateway request id; accepted messages and refused requests are counted.
 */
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../../functions/core/errors.js';
import { METRIC } from '../../../functions/core/ports/metrics.js';
import type { HttpEvent } from '../../../functions/handlers/http/http-types.js';
import { type HttpDeps, httpRoute } from '../../../functions/handlers/http/route.js';
import { createLogger, type Logger } from '../../../functions/handlers/logger.js';
import { toApiGatewayEvent } from '../../../functions/local/http/api-gateway-event.js';
import { memoryLogger } from '../../support/memory-logger.js';
import { memoryMetrics } from '../../support/memory-metrics.js';

function event(requestId: string): HttpEvent {
  const built = toApiGatewayEvent(
    {
      method: 'GET',
      url: '/v1/probe',
      headers: { accept: 'application/json' },
      body: Buffer.alloc(0),
      sourceIp: '192.0.2.1',
      httpVersion: '1.1',
      receivedAt: new Date('2026-11-21T12:00:00Z'),
    },
    { path: '/v1/probe', pathParameters: {} },
  );
  return { ...built, requestContext: { ...built.requestContext, requestId } };
}

/** Public routes touch no store: only the logger, the metrics and the clock are real. */
function deps(logger: Logger, metrics = memoryMetrics()): HttpDeps {
  return { logger, log: logger, metrics, now: () => new Date() } as unknown as HttpDeps;
}

const lambdaContext = {
  functionName: 'ncc-gateway-probe',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:ncc-gateway-probe',
  memoryLimitInMB: '256',
  awsRequestId: 'lambda-request-1',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('request id', () => {
  it('is the instance of a problem and a key of every line logged during the request', async () => {
    // Arrange
    const logger = memoryLogger();
    const metrics = memoryMetrics();
    const handler = httpRoute(deps(logger, metrics), { auth: 'public' }, async () => {
      logger.info('working');
      throw new ValidationError([{ pointer: '/note', code: 'too_long', message: 'Too long.' }]);
    });

    // Act
    const result = await handler(event('req-42'));
    logger.info('after the request');

    // Assert
    expect(result.statusCode).toBe(422);
    expect(JSON.parse(String(result.body))).toMatchObject({
      code: 'validation_failed',
      instance: 'urn:kz:ncc-gateway:request:req-42',
    });
    expect(logger.lines[0]).toMatchObject({ message: 'working', keys: { requestId: 'req-42' } });
    expect(logger.lines.at(-1)).toEqual({ level: 'info', message: 'after the request' });
    expect(metrics.total(METRIC.rejected, { code: 'validation_failed' })).toBe(1);
  });

  it('reaches the Powertools JSON lines together with the Lambda context', async () => {
    // Arrange
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    const logger = createLogger();
    const handler = httpRoute(deps(logger), { auth: 'public' }, async () => {
      logger.info('working');
      return { statusCode: 204 };
    });

    // Act
    await handler(event('req-7'), lambdaContext);
    logger.info('between invocations');

    // Assert
    const lines = written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((l) => l.message === 'working')).toMatchObject({
      requestId: 'req-7',
      function_name: 'ncc-gateway-probe',
      function_request_id: 'lambda-request-1',
      service: 'ncc-gateway',
    });
    const between = lines.find((l) => l.message === 'between invocations');
    expect(between).toBeDefined();
    expect(between?.requestId).toBeUndefined();
  });
});

describe('metrics', () => {
  it('count a message accepted by a route that takes one, by kind', async () => {
    // Arrange
    const logger = memoryLogger();
    const metrics = memoryMetrics();
    const handler = httpRoute(
      deps(logger, metrics),
      { auth: 'public', kind: 'incident' },
      async () => ({
        statusCode: 201,
      }),
    );

    // Act
    await handler(event('req-1'));

    // Assert
    expect(metrics.counts).toEqual([
      { name: METRIC.accepted, dimensions: { kind: 'incident' }, value: 1 },
    ]);
  });
});
