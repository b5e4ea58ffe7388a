/**
 * `ncc-gw`: the SOC's command line for the gateway. Every message is checked locally
 * with the gateway's own validators before it is sent; every failure is one line (in
 * kk, ru or en by `LANG`) and an exit code, never a stack trace.
 *
 * Exit codes: 0 done · 1 usage · 2 the message (or a query) is invalid · 3 a file cannot
 * be read · 4 credentials (missing, expired, refused) · 5 the gateway cannot be reached
 * or is unavailable · 6 the gateway refused for another reason (404, 409, …) ·
 * 7 a webhook signature does not verify.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Language } from '../functions/core/catalogue/catalogue.js';
import { verifyWebhookSignature } from '../functions/core/delivery/webhook-signature.js';
import { GatewayError } from '../functions/core/errors.js';
import { xmlRootNameOf } from '../functions/core/model/element-path.js';
import { MESSAGE_FORMS, type MessageFormName } from '../functions/core/model/schemas.js';
import { problemOf } from '../functions/core/problem/problem-details.js';
import { readMessage } from '../functions/core/validation/read-message.js';
import { readBody } from '../functions/core/wire/read-body.js';
import { type CliConfig, loadConfig } from './config.js';
import { languageFromEnv, say, type TextKey } from './messages.js';

export const EXIT = {
  ok: 0,
  usage: 1,
  invalid: 2,
  file: 3,
  credentials: 4,
  unreachable: 5,
  refused: 6,
  signature: 7,
} as const;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  stdin: () => Promise<Buffer>;
  now: () => Date;
}

/** A failure that ends the command: one line, one exit code. */
class Stop extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

const HELP = `ncc-gw — the SOC command line of ncc-gateway

  ncc-gw submit FILE [--incident ID]   validate, then POST /v1/incidents (or PUT …/{ID}/card)
  ncc-gw validate FILE [--form NAME]   offline, with the gateway's validators
  ncc-gw inbox                         notices addressed to you
  ncc-gw ack NOTICE_ID                 acknowledge a notice
  ncc-gw respond NOTICE_ID FILE        answer a notice (validated first)
  ncc-gw obligations [--overdue] [--due-within PT1H]
  ncc-gw verify-webhook --secret S [--tolerance 300] < request   (raw HTTP request or body + --signature)
  ncc-gw token                         print a bearer token (client credentials, or the local key)

Options: --profile NAME, --json (print the gateway's JSON as is).
Configuration: NCC_GW_URL, NCC_GW_TOKEN, NCC_GW_CLIENT_ID/SECRET, NCC_GW_TOKEN_URL,
NCC_GW_PARTY/ROLE (local gateway), or a profile in ~/.config/ncc-gw/profiles.json.
Exit codes: 0 ok, 1 usage, 2 invalid, 3 file, 4 credentials, 5 unreachable, 6 refused, 7 signature.
`;

interface Context {
  io: CliIo;
  language: Language;
  config: CliConfig;
  json: boolean;
}

function stop(ctx: Context, key: TextKey, exitCode: number, values = {}): Stop {
  return new Stop(say(ctx.language, key, values), exitCode);
}

// ── Files and local validation ─────────────────────────────────────────────────────

function readFile(ctx: Context, file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw stop(ctx, 'fileMissing', EXIT.file, { file });
    throw stop(ctx, 'fileUnreadable', EXIT.file, {
      file,
      reason: (error as Error).message,
    });
  }
}

function contentTypeOf(file: string, bytes: Uint8Array): string {
  if (/\.xml$/i.test(file)) return 'application/xml';
  if (/\.json$/i.test(file)) return 'application/json';
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 64))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<') ? 'application/xml' : 'application/json';
}

/** The form a file is read as: `--form`, else the XML root, else the default. */
function formOf(file: string, bytes: Uint8Array, fallback: MessageFormName): MessageFormName {
  if (contentTypeOf(file, bytes) !== 'application/xml') return fallback;
  const root = xmlRootNameOf(new TextDecoder().decode(bytes));
  const forms = Object.keys(MESSAGE_FORMS) as MessageFormName[];
  return forms.find((form) => form === root) ?? fallback;
}

function issueLines(issues: { pointer: string; element?: string; message: string }[]): string[] {
  return issues.map(
    (issue) =>
      `  ${issue.element ?? (issue.pointer || '/')}${issue.element ? ` (${issue.pointer})` : ''}: ${issue.message}`,
  );
}

function validateLocally(
  ctx: Context,
  file: string,
  bytes: Uint8Array,
  form: MessageFormName,
): string {
  const contentType = contentTypeOf(file, bytes);
  try {
    readMessage(form, readBody(bytes, contentType), ctx.io.now);
    return contentType;
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const { problem } = problemOf(error, ctx.language);
    throw new Stop(
      say(ctx.language, 'invalid', { file, detail: problem.detail }),
      EXIT.invalid,
      issueLines(problem.errors ?? []),
    );
  }
}

// ── Credentials ────────────────────────────────────────────────────────────────────

/** The `exp` of a JWT, without verifying it (the gateway verifies). */
function expiryOf(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof claims.exp === 'number' ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

async function clientCredentialsToken(ctx: Context): Promise<string> {
  const { tokenUrl = '', clientId = '', clientSecret = '', scope } = ctx.config;
  let response: Response;
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        ...(scope ? { scope } : {}),
      }).toString(),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw stop(ctx, 'unreachable', EXIT.unreachable, {
      url: tokenUrl,
      reason: reasonOf(error),
    });
  }
  if (!response.ok) throw stop(ctx, 'tokenRefused', EXIT.credentials, { status: response.status });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw stop(ctx, 'tokenRefused', EXIT.credentials, { status: 200 });
  return body.access_token;
}

async function localToken(ctx: Context): Promise<string> {
  const { loadOrCreateDevKey } = await import('../functions/local/auth/dev-key.js');
  const { signLocalToken } = await import('../functions/local/auth/local-token.js');
  const { DEFAULT_DATA_DIR } = await import('../functions/local/data-dir.js');
  const key = await loadOrCreateDevKey(ctx.config.dataDir ?? DEFAULT_DATA_DIR);
  return signLocalToken(key, {
    partyId: ctx.config.party ?? '',
    role: ctx.config.role ?? 'soc',
    now: ctx.io.now(),
  });
}

async function tokenOf(ctx: Context): Promise<string> {
  const { token, tokenUrl, clientId, clientSecret, party } = ctx.config;
  if (token) {
    const exp = expiryOf(token);
    if (exp !== undefined && exp * 1000 <= ctx.io.now().getTime()) {
      throw stop(ctx, 'tokenExpired', EXIT.credentials, {
        at: new Date(exp * 1000).toISOString(),
      });
    }
    return token;
  }
  if (tokenUrl && clientId && clientSecret) return clientCredentialsToken(ctx);
  if (party) return localToken(ctx);
  throw stop(ctx, 'noCredentials', EXIT.credentials);
}

// ── The gateway ────────────────────────────────────────────────────────────────────

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

interface CallOptions {
  body?: Uint8Array;
  contentType?: string;
  idempotencyKey?: string;
}

async function call(
  ctx: Context,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<unknown> {
  const base = ctx.config.url;
  if (!base) throw stop(ctx, 'noUrl', EXIT.usage, { profile: ctx.config.profileFile });
  const token = await tokenOf(ctx);
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: 'application/json',
    'accept-language': ctx.language,
  };
  if (options.contentType) headers['content-type'] = options.contentType;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(options.body ? { body: options.body } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw stop(ctx, 'unreachable', EXIT.unreachable, { url: base, reason: reasonOf(error) });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    parsed = { detail: text.slice(0, 200) };
  }
  if (response.ok) return parsed;
  const problem = parsed as {
    code?: string;
    detail?: string;
    errors?: { pointer: string; element?: string; message: string }[];
  };
  const status = response.status;
  const exitCode =
    status === 401 || status === 403
      ? EXIT.credentials
      : status === 400 || status === 413 || status === 415 || status === 422
        ? EXIT.invalid
        : status >= 500
          ? EXIT.unreachable
          : EXIT.refused;
  throw new Stop(
    say(ctx.language, 'gatewayProblem', {
      status,
      code: problem.code ?? '',
      detail: problem.detail ?? response.statusText,
    }),
    exitCode,
    issueLines(problem.errors ?? []),
  );
}

interface Receipt {
  id: string;
  version?: number;
  receivedAt: string;
  sha256: string;
  warnings?: { pointer: string; message: string }[];
  obligations?: { kind: string; state: string; dueAt: string; dueAtNational?: string }[];
}

/**
 * What a gateway answers, or exit 5: a proxy or a wrong URL that says 200 with something
 * else must not be taken for an accepted message (nor crash a listing).
 */
function gatewayAnswer<T>(
  ctx: Context,
  value: unknown,
  what: string,
  is: (v: Record<string, unknown>) => boolean,
): T {
  if (value !== null && typeof value === 'object' && is(value as Record<string, unknown>))
    return value as T;
  throw stop(ctx, 'notGateway', EXIT.unreachable, { url: ctx.config.url ?? '', what });
}

const isReceipt = (v: Record<string, unknown>) =>
  typeof v.id === 'string' &&
  typeof v.receivedAt === 'string' &&
  typeof v.sha256 === 'string' &&
  /^[0-9a-f]{64}$/.test(v.sha256);
const isPage = (v: Record<string, unknown>) => Array.isArray(v.items);

function printReceipt(ctx: Context, answer: unknown): void {
  const receipt = gatewayAnswer<Receipt>(ctx, answer, 'a receipt', isReceipt);
  if (ctx.json) {
    ctx.io.out(JSON.stringify(receipt, null, 2));
    return;
  }
  ctx.io.out(
    say(ctx.language, 'accepted', {
      id: receipt.id,
      version: receipt.version ?? 1,
      receivedAt: receipt.receivedAt,
      sha256: receipt.sha256,
    }),
  );
  for (const o of receipt.obligations ?? []) {
    ctx.io.out(
      say(ctx.language, 'clock', { kind: o.kind, state: o.state, due: o.dueAtNational ?? o.dueAt }),
    );
  }
  for (const w of receipt.warnings ?? []) ctx.io.out(`  ! ${w.pointer}: ${w.message}`);
}

// ── Commands ───────────────────────────────────────────────────────────────────────

function need(ctx: Context, value: string | undefined, command: string, argument: string): string {
  if (value === undefined || value === '')
    throw stop(ctx, 'missingArgument', EXIT.usage, { command, argument });
  return value;
}

async function submit(ctx: Context, args: string[], incident: string | undefined): Promise<void> {
  const file = need(ctx, args[0], 'submit', 'FILE');
  const bytes = readFile(ctx, file);
  const form: MessageFormName = incident ? 'incidentCard' : 'incidentNotification';
  ctx.io.err(say(ctx.language, 'validating', { file }));
  const contentType = validateLocally(ctx, file, bytes, form);
  ctx.io.err(say(ctx.language, 'sending', { url: ctx.config.url ?? '' }));
  // The same file sent twice is the same request: a retry after a lost answer is safe.
  const idempotencyKey = createHash('sha256').update(bytes).digest('hex');
  const receipt = incident
    ? await call(ctx, 'PUT', `/v1/incidents/${encodeURIComponent(incident)}/card`, {
        body: bytes,
        contentType,
        idempotencyKey,
      })
    : await call(ctx, 'POST', '/v1/incidents', { body: bytes, contentType, idempotencyKey });
  printReceipt(ctx, receipt);
}

function validate(ctx: Context, args: string[], formOption: string | undefined): void {
  const file = need(ctx, args[0], 'validate', 'FILE');
  const bytes = readFile(ctx, file);
  const forms = Object.keys(MESSAGE_FORMS) as MessageFormName[];
  const form =
    formOption && forms.includes(formOption as MessageFormName)
      ? (formOption as MessageFormName)
      : formOf(file, bytes, 'incidentNotification');
  validateLocally(ctx, file, bytes, form);
  ctx.io.out(say(ctx.language, 'valid', { file, form }));
}

async function inbox(ctx: Context): Promise<void> {
  const page = gatewayAnswer<{
    items: {
      noticeId?: string;
      id?: string;
      kind?: string;
      notifiedAt?: string;
      acknowledgedAt?: string;
    }[];
  }>(ctx, await call(ctx, 'GET', '/v1/notices'), 'a page of notices', isPage);
  if (ctx.json) return ctx.io.out(JSON.stringify(page, null, 2));
  if (page.items.length === 0) return ctx.io.out(say(ctx.language, 'empty'));
  for (const item of page.items) {
    ctx.io.out(
      [item.noticeId ?? item.id, item.kind, item.notifiedAt, item.acknowledgedAt ? '✓' : '•']
        .filter(Boolean)
        .join('  '),
    );
  }
}

async function ack(ctx: Context, args: string[]): Promise<void> {
  const id = need(ctx, args[0], 'ack', 'NOTICE_ID');
  const result = await call(ctx, 'POST', `/v1/notices/${encodeURIComponent(id)}/ack`);
  if (ctx.json) return ctx.io.out(JSON.stringify(result, null, 2));
  ctx.io.out(say(ctx.language, 'acknowledged', { id }));
}

async function respond(ctx: Context, args: string[]): Promise<void> {
  const id = need(ctx, args[0], 'respond', 'NOTICE_ID');
  const file = need(ctx, args[1], 'respond', 'FILE');
  const bytes = readFile(ctx, file);
  const contentType = validateLocally(ctx, file, bytes, 'noticeResponse');
  const receipt = await call(ctx, 'POST', `/v1/notices/${encodeURIComponent(id)}/responses`, {
    body: bytes,
    contentType,
    idempotencyKey: createHash('sha256').update(bytes).digest('hex'),
  });
  printReceipt(ctx, receipt);
}

async function obligations(
  ctx: Context,
  overdue: boolean,
  dueWithin: string | undefined,
): Promise<void> {
  const query = new URLSearchParams();
  if (overdue) query.set('overdue', 'true');
  if (dueWithin) query.set('dueWithin', dueWithin);
  const page = gatewayAnswer<{
    items: {
      incidentId?: string;
      subjectId?: string;
      kind: string;
      state: string;
      dueAt: string;
      dueAtNational?: string;
    }[];
  }>(
    ctx,
    await call(ctx, 'GET', `/v1/obligations${query.size ? `?${query}` : ''}`),
    'a page of obligations',
    isPage,
  );
  if (ctx.json) return ctx.io.out(JSON.stringify(page, null, 2));
  if (page.items.length === 0) return ctx.io.out(say(ctx.language, 'empty'));
  for (const o of page.items) {
    ctx.io.out(
      [o.incidentId ?? o.subjectId, o.kind, o.state, o.dueAtNational ?? o.dueAt].join('  '),
    );
  }
}

/** A raw HTTP request (request line, headers, blank line, body) or a bare body. */
function splitRequest(raw: Buffer): { headers: Map<string, string>; body: Buffer } {
  const text = raw.toString('latin1');
  const headers = new Map<string, string>();
  if (!/^[A-Z]+ \S+ HTTP\/\d/.test(text)) return { headers, body: raw };
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const separator = end < 0 ? '' : (/\r?\n\r?\n/.exec(text.slice(end))?.[0] ?? '');
  for (const line of head.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: end < 0 ? Buffer.alloc(0) : raw.subarray(end + separator.length) };
}

async function verifyWebhook(
  ctx: Context,
  secret: string | undefined,
  signatureOption: string | undefined,
  toleranceOption: string | undefined,
): Promise<void> {
  const key = need(ctx, secret, 'verify-webhook', '--secret');
  const tolerance = toleranceOption === undefined ? 300 : Number(toleranceOption);
  const { headers, body } = splitRequest(await ctx.io.stdin());
  const signature = signatureOption ?? headers.get('x-gateway-signature');
  if (!signature)
    throw new Stop(
      say(ctx.language, 'signatureInvalid', { reason: say(ctx.language, 'noSignature') }),
      EXIT.signature,
    );
  const nowSeconds = Math.floor(ctx.io.now().getTime() / 1000);
  if (!verifyWebhookSignature(key, signature, body, nowSeconds, tolerance)) {
    throw new Stop(
      say(ctx.language, 'signatureInvalid', {
        reason: say(ctx.language, 'badSignature', { tolerance }),
      }),
      EXIT.signature,
    );
  }
  const t = Number(/t=(\d+)/.exec(signature)?.[1] ?? 0);
  ctx.io.out(say(ctx.language, 'signatureValid', { at: new Date(t * 1000).toISOString() }));
}

/** Runs one command line; returns the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const language = languageFromEnv(io.env);
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    io.err((error as Error).message);
    io.err(say(language, 'usage'));
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  const ctx: Context = {
    io,
    language,
    config: loadConfig(io.env, values.profile),
    json: values.json ?? false,
  };
  try {
    switch (command) {
      case 'submit':
        await submit(ctx, args, values.incident);
        break;
      case 'validate':
        validate(ctx, args, values.form);
        break;
      case 'inbox':
        await inbox(ctx);
        break;
      case 'ack':
        await ack(ctx, args);
        break;
      case 'respond':
        await respond(ctx, args);
        break;
      case 'obligations':
        await obligations(ctx, values.overdue ?? false, values['due-within']);
        break;
      case 'verify-webhook':
        await verifyWebhook(ctx, values.secret, values.signature, values.tolerance);
        break;
      case 'token':
        io.out(await tokenOf(ctx));
        break;
      case 'help':
      case undefined:
        io.out(HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw stop(ctx, 'unknownCommand', EXIT.usage, { command });
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Stop) {
      io.err(error.message);
      for (const line of error.details) io.err(line);
      return error.exitCode;
    }
    // Anything else is a bug of ours: still one line, never a stack trace.
    io.err(`ncc-gw: ${(error as Error)?.message ?? String(error)}`);
    return EXIT.refused;
  }
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      profile: { type: 'string' },
      json: { type: 'boolean' },
      incident: { type: 'string' },
      form: { type: 'string' },
      overdue: { type: 'boolean' },
      'due-within': { type: 'string' },
      secret: { type: 'string' },
      signature: { type: 'string' },
      tolerance: { type: 'string' },
    },
  });
}
