/** A small client for end-to-end tests over real HTTP. */

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws if it is not). */
  json: <T = Record<string, unknown>>() => T;
}

export interface RequestOptions {
  token?: string;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
}

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.accept) headers.accept = options.accept;
  let payload: string | undefined;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    headers['content-type'] =
      options.contentType ?? (typeof body === 'string' ? 'application/xml' : 'application/json');
  }
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

/** A client bound to one gateway and one caller. */
export function client(baseUrl: string, token?: string) {
  const withToken = (options: RequestOptions = {}) => (token ? { token, ...options } : options);
  return {
    get: (path: string, options?: RequestOptions) =>
      request(baseUrl, 'GET', path, undefined, withToken(options)),
    post: (path: string, body?: unknown, options?: RequestOptions) =>
      request(baseUrl, 'POST', path, body, withToken(options)),
    put: (path: string, body?: unknown, options?: RequestOptions) =>
      request(baseUrl, 'PUT', path, body, withToken(options)),
  };
}

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  stepMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** PUT /v1/parties/{id} with an admin token; throws unless 200 or 201. Returns the party view. */
export async function registerPartyAs(
  baseUrl: string,
  adminToken: string,
  id: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await request(baseUrl, 'PUT', `/v1/parties/${encodeURIComponent(id)}`, body, {
    token: adminToken,
    contentType: 'application/json',
  });
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`Registering party ${id} failed with ${response.status}: ${response.text}`);
  }
  return response.json();
}
