/**
 * Writes what the server answers: a handler's payload 2.0 result (as API Gateway
 * would turn it into an HTTP response) or a problem of the server's own (404, 405,
 * 401, 413, 500) before any handler ran.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { languageOf } from '../../core/problem/messages.js';
import { problemOf, renderProblem } from '../../core/problem/problem-details.js';
import type { WireFormat } from '../../core/wire/read-body.js';
import type { HttpResult } from '../../handlers/http/http-types.js';
import { negotiateFormat, requestFormatOf } from '../../handlers/http/negotiate.js';

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The format the caller asked for (JSON when it asked for something we cannot render). */
function problemFormatOf(headers: IncomingHttpHeaders): WireFormat {
  const requestFormat = requestFormatOf(firstHeader(headers['content-type']));
  try {
    return negotiateFormat(firstHeader(headers.accept), requestFormat);
  } catch {
    return 'json';
  }
}

/** Writes a handler's result; a missing status means 200 and a missing Content-Type JSON, as on API Gateway. */
export function writeResult(response: ServerResponse, result: HttpResult): void {
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (body.length > 0 && headers['content-type'] === undefined)
    headers['content-type'] = 'application/json';
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}

export interface ServerProblem {
  /** Status to send when it is not the error class's own (405 has no class of its own). */
  status?: number;
  title?: string;
  headers?: Record<string, string>;
}

/** Writes `error` as RFC 9457 problem details through the one status table; returns its `code`. */
export function writeProblem(
  response: ServerResponse,
  requestHeaders: IncomingHttpHeaders,
  error: unknown,
  override: ServerProblem = {},
  requestId?: string,
): string {
  const language = languageOf(firstHeader(requestHeaders['accept-language']));
  const { problem, retryAfterSeconds } = problemOf(error, language, requestId);
  const adjusted = {
    ...problem,
    ...(override.status === undefined ? {} : { status: override.status }),
    ...(override.title === undefined ? {} : { title: override.title }),
  };
  const { contentType, body } = renderProblem(adjusted, problemFormatOf(requestHeaders));
  const headers: Record<string, string> = {
    'content-type': contentType,
    'content-language': language,
    vary: 'Accept, Accept-Language',
    ...override.headers,
  };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  if (adjusted.status === 401) headers['www-authenticate'] = 'Bearer';
  if (response.headersSent) {
    // A failure after the head went out can only cut the response short.
    response.destroy();
    return adjusted.code;
  }
  response.writeHead(adjusted.status, {
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
  });
  response.end(body);
  return adjusted.code;
}

/**
 * The `code` of a handler's problem document (JSON or XML), for the access log; undefined
 * for a success or a body that is no problem document.
 */
export function problemCodeOf(result: HttpResult): string | undefined {
  if ((result.statusCode ?? 200) < 400 || result.body === undefined) return undefined;
  const text = result.isBase64Encoded
    ? Buffer.from(result.body, 'base64').toString('utf8')
    : result.body;
  const code =
    /"code"\s*:\s*"([\w.-]{1,64})"/.exec(text) ?? /<code>([\w.-]{1,64})<\/code>/.exec(text);
  return code?.[1];
}
