import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpEvent, HttpResult } from '../../functions/handlers/http/http-types.js';
import { type DevKey, loadOrCreateDevKey } from '../../functions/local/auth/dev-key.js';
import { signLocalToken } from '../../functions/local/auth/local-token.js';
import {
  type AccessLogEntry,
  formatAccessLine,
  type LocalRoute,
  type RunningHttpServer,
  startHttpServer,
} from '../../functions/local/http-server.js';
import { memoryLogger } from '../support/delivery-harness.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/** A raw HTTP/1.1 exchange (fetch cannot send some of what these tests need). */
function send(
  url: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string | string[]>;
    body?: Buffer;
  },
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path, url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method,
        path: options.path,
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    // The server may answer (413) and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.end(options.body);
  });
}

describe('the local server over the real gateway', () => {
  let gateway: TestGateway;
  let admin: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    admin = await gateway.token('admin', 'admin');
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('answers GET /v1/health without a token', async () => {
    const response = await fetch(`${gateway.url}/v1/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('refuses a protected route without a token: 401 problem+json with WWW-Authenticate: Bearer', async () => {
    const response = await fetch(`${gateway.url}/v1/incidents`);

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toMatchObject({ status: 401, code: 'missing_credentials' });
  });

  it('refuses a token it did not sign with 401 token_unknown_key before the handler runs', async () => {
    const otherKey = await loadOrCreateDevKey(await mkdtemp(join(tmpdir(), 'ncc-other-key-')));
    const forged = await signLocalToken(otherKey, { partyId: 'admin', role: 'admin' });

    const response = await fetch(`${gateway.url}/v1/parties`, {
      headers: { authorization: `Bearer ${forged}` },
    });

    // Another key's token names another kid: refused before its signature is even tried.
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'token_unknown_key' });
  });

  it('answers an unknown path with 404 problem+json', async () => {
    const response = await fetch(`${gateway.url}/v1/nowhere`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('names the request in a header and as the instance of every problem, its own and the handlers', async () => {
    const paths = ['/v1/nowhere', '/v1/incidents', '/v1/schemas/nothing.schema.json'];

    const responses = await Promise.all(paths.map((path) => fetch(`${gateway.url}${path}`)));

    for (const response of responses) {
      const requestId = response.headers.get('apigw-requestid');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.json()).toMatchObject({
        instance: `urn:kz:ncc-gateway:request:${requestId}`,
      });
    }
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await fetch(`${gateway.url}/v1/incidents`, { method: 'DELETE' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await response.json()).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });

  it('decodes path parameters', async () => {
    const schema = await fetch(`${gateway.url}/v1/schemas/incident%2Dcard`);
    const party = await fetch(`${gateway.url}/v1/parties/soc%2Dbeta`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'soc', name: 'SOC Beta' }),
    });

    expect(schema.status).toBe(200);
    expect(party.status).toBe(201);
    expect(await party.json()).toMatchObject({ id: 'soc-beta' });
  });

  it('refuses a body over 10 MiB with 413 problem+json', async () => {
    const body = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);

    const response = await send(gateway.url, {
      method: 'POST',
      path: '/v1/incidents',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
        'accept-language': 'en',
      },
      body,
    });

    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({
      code: 'payload_too_large',
      // The API's limit, not the transport buffer that caught it (issue #12 item 7).
      detail: 'The body exceeds the API limit of 256 KiB.',
    });
  });

  it('refuses a chunked body over 10 MiB (no Content-Length) with 413', async () => {
    const response = await send(gateway.url, {
      method: 'POST',
      path: '/v1/incidents',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
    });

    expect(response.status).toBe(413);
  });
});

describe('the payload 2.0 event and the result', () => {
  let key: DevKey;
  let dataDir: string;
  let server: RunningHttpServer;
  const logger = memoryLogger();
  const seen: HttpEvent[] = [];
  const accessLog: AccessLogEntry[] = [];
  let answer: (event: HttpEvent) => Promise<HttpResult> = async () => ({ statusCode: 204 });

  const recording = () => (event: HttpEvent) => {
    seen.push(event);
    return answer(event);
  };
  const routes: LocalRoute<{ logger: typeof logger }>[] = [
    { method: 'POST', path: '/v1/things/{id}/parts/{part}', public: false, build: recording },
    { method: 'GET', path: '/v1/things/{id}', public: true, build: recording },
    {
      method: 'GET',
      path: '/v1/things/special',
      public: true,
      build: () => async () => ({ statusCode: 200, body: 'literal' }),
    },
  ];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ncc-http-server-'));
    key = await loadOrCreateDevKey(dataDir);
    server = await startHttpServer({
      port: 0,
      routes,
      deps: { logger },
      key,
      onResponse: (entry) => accessLog.push(entry),
    });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('builds the event API Gateway would send, with verified claims and the body as base64', async () => {
    // Arrange
    answer = async () => ({ statusCode: 202, headers: { 'X-Thing': 'yes' }, body: '{"ok":true}' });
    const token = await signLocalToken(key, { partyId: 'soc-alpha', role: 'soc' });
    const body = Buffer.from('\uFEFF<a>Қазақ</a>', 'utf8');

    // Act
    const response = await send(server.url, {
      method: 'POST',
      path: '/v1/things/a%20b%2Fc/parts/%D2%9A?x=1&x=2&q=a+b%26&empty',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/xml',
        'X-Custom': 'One',
        'User-Agent': 'vitest',
        Cookie: 'a=1; b=2',
      },
      body,
    });
    const event = seen.at(-1);

    // Assert
    expect(response.status).toBe(202);
    expect(response.headers['x-thing']).toBe('yes');
    expect(response.body).toBe('{"ok":true}');
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/things/{id}/parts/{part}',
      rawQueryString: 'x=1&x=2&q=a+b%26&empty',
      queryStringParameters: { x: '1,2', q: 'a b&', empty: '' },
      pathParameters: { id: 'a b/c', part: 'Қ' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: true,
      requestContext: {
        routeKey: 'POST /v1/things/{id}/parts/{part}',
        stage: '$default',
        http: { method: 'POST', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        authorizer: {
          jwt: {
            claims: {
              sub: 'soc-alpha',
              client_id: 'soc-alpha',
              scope: 'ncc-gateway/soc',
              aud: 'ncc-gateway',
            },
            scopes: ['ncc-gateway/soc'],
          },
        },
      },
    });
    expect(event?.headers).toMatchObject({ 'content-type': 'application/xml', 'x-custom': 'One' });
    expect(event?.headers.cookie).toBeUndefined();
    expect(Buffer.from(event?.body ?? '', 'base64').equals(body)).toBe(true);
    expect(typeof event?.requestContext.authorizer.jwt.claims.exp).toBe('string');
    expect(event?.requestContext.time).toMatch(
      /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
    );
  });

  it('reports each response once to the access log: request id, party, method, path without query, status, ms', async () => {
    answer = async () => ({ statusCode: 201 });
    const token = await signLocalToken(key, { partyId: 'soc-beta', role: 'soc' });
    accessLog.length = 0;

    const response = await send(server.url, {
      method: 'POST',
      path: '/v1/things/a/parts/b?filter=secret-looking',
      headers: { Authorization: `Bearer ${token}` },
    });
    await fetch(`${server.url}/v1/nothing-here`);

    expect(accessLog).toEqual([
      {
        requestId: response.headers['apigw-requestid'],
        sourceIp: '127.0.0.1',
        party: 'soc-beta',
        method: 'POST',
        path: '/v1/things/a/parts/b',
        status: 201,
        ms: expect.any(Number),
      },
      expect.objectContaining({
        method: 'GET',
        path: '/v1/nothing-here',
        status: 404,
        code: 'not_found',
      }),
    ]);
    expect(accessLog[1]).not.toHaveProperty('party');
    expect(formatAccessLine(accessLog[0] as AccessLogEntry, new Date('2026-12-02T07:00:00Z'))).toBe(
      `2026-12-02T07:00:00.000Z ${response.headers['apigw-requestid']} 127.0.0.1 soc-beta POST /v1/things/a/parts/b 201 ${accessLog[0]?.ms} ms`,
    );
  });

  it('logs a refused token (401) and a refusal by the handler (403) with the source address and the problem code', async () => {
    // Arrange: the handler refuses as authenticate does for a scope of another role.
    answer = async () => ({
      statusCode: 403,
      headers: { 'content-type': 'application/problem+xml; charset=utf-8' },
      body: '<problem xmlns="urn:ncc-gateway:problem"><status>403</status><code>role_not_granted</code></problem>',
    });
    const token = await signLocalToken(key, { partyId: 'soc-gamma', role: 'soc' });
    accessLog.length = 0;

    // Act
    const forged = await send(server.url, {
      method: 'POST',
      path: '/v1/things/a/parts/b',
      headers: { Authorization: 'Bearer not.a.token' },
    });
    const refused = await send(server.url, {
      method: 'POST',
      path: '/v1/things/a/parts/b',
      headers: { Authorization: `Bearer ${token}` },
    });

    // Assert
    expect([forged.status, refused.status]).toEqual([401, 403]);
    const at = new Date('2026-12-02T07:00:00Z');
    const [failed, denied] = accessLog.map((entry) => formatAccessLine(entry, at));
    expect(failed).toMatch(
      /^2026-12-02T07:00:00\.000Z \S+ 127\.0\.0\.1 - POST \/v1\/things\/a\/parts\/b 401 \d+ ms token_\w+$/,
    );
    expect(denied).toMatch(
      /^2026-12-02T07:00:00\.000Z \S+ 127\.0\.0\.1 soc-gamma POST \/v1\/things\/a\/parts\/b 403 \d+ ms role_not_granted$/,
    );
    expect(accessLog).toHaveLength(2);
  });

  it('sends no authorizer and no body on a public GET', async () => {
    answer = async () => ({
      statusCode: 200,
      body: Buffer.from([0, 1, 2]).toString('base64'),
      isBase64Encoded: true,
    });

    const response = await fetch(`${server.url}/v1/things/x`);
    const event = seen.at(-1);

    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2]));
    expect(event?.requestContext).not.toHaveProperty('authorizer');
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event?.isBase64Encoded).toBe(false);
  });

  it('prefers a literal segment over a placeholder, as API Gateway does', async () => {
    const response = await fetch(`${server.url}/v1/things/special`);

    expect(await response.text()).toBe('literal');
  });

  it('turns a handler exception into a plain 500 problem and logs it, then keeps serving', async () => {
    answer = async () => {
      throw new Error('secret internals');
    };

    const failed = await fetch(`${server.url}/v1/things/boom`);
    const text = await failed.text();
    answer = async () => ({ statusCode: 200, body: 'still here' });
    const next = await fetch(`${server.url}/v1/things/ok`);

    expect(failed.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'internal_error' });
    expect(text).not.toContain('secret internals');
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
    expect(await next.text()).toBe('still here');
  });

  it('checks the token before reading the body', async () => {
    const response = await fetch(`${server.url}/v1/things/a/parts/b`, {
      method: 'POST',
      body: 'x',
    });

    expect(response.status).toBe(401);
  });
});
