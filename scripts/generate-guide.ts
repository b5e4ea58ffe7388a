/**
 * Writes the two tables of docs/integrator-guide.md that must never drift from the code
 * (issue #10 item 8): the route table (method, path, roles, query parameters) read from the
 * OpenAPI document `buildOpenApi(ROUTES)`, and the problem-code table, one row per code of
 * the kk/ru/en message catalogue (`messageTable()`), with its status and what the integrator
 * should do. Everything between the `<!-- generated:… -->` markers is replaced; the rest of
 * the page is prose, written by hand. `test/docs/integrator-guide.test.ts` fails when the
 * page is not what this script writes (`npm run generate:guide`), and when a catalogue code
 * has no advice here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { messageTable } from '../functions/core/problem/messages.js';
import { buildOpenApi } from '../functions/handlers/http/openapi/build-openapi.js';
import { ROUTES } from '../functions/handlers/http/routes.js';

export const GUIDE_PATH = fileURLToPath(new URL('../docs/integrator-guide.md', import.meta.url));

/**
 * Where a code shows up and what to do about it. `status` is the HTTP status of the
 * problem; `in` says when the code is not the problem's own `code` but an entry of its
 * `errors[]` (`issue`) or of a receipt's `warnings[]` (`warning`, the message was accepted).
 */
export interface CodeAdvice {
  status: number | null;
  in?: 'issue' | 'warning';
  /** An issue code that is also, elsewhere, a problem's own code with this status. */
  alsoStatus?: number;
  todo: string;
}

const FIX_FIELD = 'Fix the value at `pointer` (XML: `element`) and send again.';
const FIX_BODY = 'Fix the body and send again; retrying the same bytes fails the same way.';
const NEW_TOKEN = 'Get a new token and retry once; do not loop.';

/** Advice per catalogue code. A code added to `messageTable()` without a row here fails the test. */
export const CODE_ADVICE: Readonly<Record<string, CodeAdvice>> = {
  validation_failed: {
    status: 422,
    todo: 'Read `errors[]`: every failure at once, each with its `pointer` and `code`. Fix them all, then send again.',
  },
  body_required: { status: 400, todo: 'Send the message as the body (JSON or XML).' },
  payload_too_large: {
    status: 413,
    todo: 'Keep the body under 256 KiB (move bulky indicators to several revisions).',
  },
  unsupported_media_type: {
    status: 415,
    todo: 'Send `Content-Type: application/json` or `application/xml` (UTF-8).',
  },
  not_acceptable: {
    status: 406,
    todo: 'Send `Accept: application/json` or `application/xml` (or the route’s other media types).',
  },
  invalid_utf8: { status: 400, todo: `Encode the body as UTF-8. ${FIX_BODY}` },
  malformed_json: { status: 400, todo: FIX_BODY },
  forbidden_key: { status: 400, todo: 'Drop the reserved key named at `pointer`.' },
  malformed_xml: { status: 400, todo: FIX_BODY },
  xml_doctype_forbidden: { status: 400, todo: 'Send the XML without a DOCTYPE.' },
  xml_too_many_elements: { status: 400, todo: FIX_BODY },
  json_too_deep: { status: 400, todo: FIX_BODY },
  xml_too_deep: { status: 400, todo: FIX_BODY },
  xml_too_many_references: { status: 400, todo: FIX_BODY },
  xml_undeclared_entity: {
    status: 400,
    todo: 'Use only the five XML entities and numeric references.',
  },
  xml_invalid_reference: { status: 400, todo: FIX_BODY },
  xml_wrong_root: {
    status: 400,
    todo: 'Send the root element of this route’s form (XSD at `/v1/schemas/{name}.xsd`).',
  },
  invalid_cursor: { status: 400, todo: 'Start the listing again without `cursor`.' },
  missing_credentials: { status: 401, todo: 'Send `Authorization: Bearer <token>`.' },
  token_expired: { status: 401, todo: NEW_TOKEN },
  token_not_yet_valid: { status: 401, todo: 'Check your clock (NTP); then get a new token.' },
  token_lifetime_too_long: {
    status: 401,
    todo: 'Ask the issuer for a token of at most the allowed lifetime.',
  },
  token_unknown_key: { status: 401, todo: `Use a token from this gateway’s issuer. ${NEW_TOKEN}` },
  token_invalid: { status: 401, todo: NEW_TOKEN },
  wrong_audience: { status: 401, todo: 'Use a token issued for this gateway.' },
  wrong_issuer: { status: 401, todo: 'Use a token from this gateway’s issuer.' },
  party_not_registered: {
    status: 403,
    todo: 'Ask the NCC administrator to register your client id (`PUT /v1/parties/{id}`).',
  },
  role_not_granted: { status: 403, todo: 'Request the scope `ncc-gateway/<your role>`.' },
  unknown_party: { status: 422, in: 'issue', todo: 'Name a registered party.' },
  connection_point_not_registered: {
    status: 403,
    todo: 'Call from a registered source address, or ask the administrator to add it.',
  },
  connection_already_blocked: { status: 409, todo: 'Nothing to do: it is blocked.' },
  credentials_reissued: {
    status: 401,
    todo: 'Your credentials were reissued: get a token with the new client secret.',
  },
  obligation_not_waivable: { status: 409, todo: 'Only open or missed obligations can be waived.' },
  connection_not_blocked: { status: 409, todo: 'Nothing to do: it is not blocked.' },
  connection_blocked: {
    status: 403,
    todo: 'Stop retrying; ask the NCC administrator to unblock the connection.',
  },
  wrong_role: { status: 403, todo: 'Call the route with a party of a role it lists.' },
  kind_not_allowed: {
    status: 403,
    todo: 'Your party’s `policy.allowedKinds` excludes this message; ask the NCC.',
  },
  foreign_party_filter: { status: 403, todo: 'Drop `soc`/`party` naming another party.' },
  rate_limited: { status: 429, todo: 'Wait `Retry-After` seconds, then retry.' },
  not_found: {
    status: 404,
    todo: 'Check the id; another party’s record is 404 too. Do not retry.',
  },
  method_not_allowed: { status: 405, todo: 'Use a method listed in `Allow`.' },
  incident_closed: { status: 409, todo: 'The incident is closed; open a new one if needed.' },
  incident_changed: { status: 409, todo: 'Read the incident again, then retry.' },
  concurrent_change: { status: 409, todo: 'Nothing was written: read again and retry.' },
  reference_taken: {
    status: 409,
    todo: 'The reference already names one of your vulnerabilities with other content: send the change to `PUT /v1/vulnerabilities/{id}`, or use a new reference.',
  },
  soc_reference_taken: {
    status: 409,
    todo: 'A changed card is a revision: `PUT /v1/incidents/{id}/card`. `errors[]` names the differing pointers.',
  },
  idempotency_key_reused: {
    status: 409,
    todo: 'Use a fresh key per logical request; `errors[]` names the differing pointers.',
  },
  delivery_already_delivered: { status: 409, todo: 'Nothing to do: it was delivered.' },
  differs_from_original: {
    status: 409,
    in: 'issue',
    todo: 'The pointer that differs from the first request of that key or `socReference`.',
  },
  webhook_not_registered: { status: 409, todo: 'Register a webhook on the party first.' },
  client_id_taken: { status: 409, todo: 'Each party needs its own client id.' },
  dependency_unavailable: {
    status: 503,
    todo: 'Nothing was written: retry after `Retry-After`.',
  },
  outcome_unknown: {
    status: 503,
    todo: 'Retry the same body or the same `Idempotency-Key` after `Retry-After`: a stored message answers with its original receipt.',
  },
  internal_error: {
    status: 500,
    todo: 'A bug: report the problem’s `instance` (request id) to the NCC.',
  },
  required: { status: 422, in: 'issue', todo: FIX_FIELD },
  unknown_field: { status: 422, in: 'issue', todo: 'Drop the field (check its spelling).' },
  duplicate_element: { status: 422, in: 'issue', todo: 'Send the XML element once.' },
  invalid_value: {
    status: 422,
    in: 'issue',
    todo: 'Send a code or exact label from `/v1/catalogue` (`suggestions` lists the closest).',
  },
  ambiguous_label: { status: 422, in: 'issue', todo: 'Send the code instead of the label.' },
  invalid_type: { status: 422, in: 'issue', todo: FIX_FIELD },
  invalid_timestamp: {
    status: 422,
    in: 'issue',
    alsoStatus: 400,
    todo: 'RFC 3339 with an offset, e.g. `2026-11-20T09:10:00+05:00`.',
  },
  invalid_format: { status: 422, in: 'issue', todo: 'Use the format in `expected`.' },
  empty: { status: 422, in: 'issue', todo: FIX_FIELD },
  too_short: { status: 422, in: 'issue', todo: FIX_FIELD },
  too_long: { status: 422, in: 'issue', todo: FIX_FIELD },
  too_few_items: { status: 422, in: 'issue', todo: FIX_FIELD },
  too_many_items: { status: 422, in: 'issue', todo: FIX_FIELD },
  duplicate_item: { status: 422, in: 'issue', todo: 'Send each item once.' },
  out_of_range: { status: 422, in: 'issue', todo: FIX_FIELD },
  invalid_character: { status: 422, in: 'issue', todo: 'Remove control characters.' },
  in_future: {
    status: 422,
    in: 'issue',
    todo: 'More than 5 min ahead of the gateway clock: fix your clock (`GET /v1/time`).',
  },
  clock_ahead: {
    status: null,
    in: 'warning',
    todo: 'Accepted; your clock runs ahead: sync it (`GET /v1/time`).',
  },
  occurred_after_confirmed: { status: 422, in: 'issue', todo: FIX_FIELD },
  eliminated_before_confirmed: { status: 422, in: 'issue', todo: FIX_FIELD },
  confirmed_before_notice: { status: 422, in: 'issue', todo: FIX_FIELD },
  unknown_parameter: {
    status: 400,
    todo: 'Drop or rename the query parameter named in `errors[]` (see the route table).',
  },
  window_inverted: { status: 422, in: 'issue', todo: 'Make `from` ≤ `to`.' },
  invalid_duration: { status: 422, in: 'issue', todo: 'E.g. `PT1H`, `P3D`.' },
  conflicting_parameters: { status: 422, in: 'issue', todo: 'Drop one of the parameters.' },
  none_not_exclusive: { status: 422, in: 'issue', todo: 'Send `none` alone.' },
  object_unidentified: { status: 422, in: 'issue', todo: 'Give the object’s `id` or `name`.' },
  invalid_ioc_value: { status: 422, in: 'issue', todo: 'Make the value fit its IOC type.' },
  invalid_cidr: { status: 422, in: 'issue', todo: FIX_FIELD },
  invalid_ip: { status: 422, in: 'issue', todo: FIX_FIELD },
  no_recipients: { status: 422, in: 'issue', todo: 'Name at least one party or sector.' },
  unknown_recipient: { status: 422, in: 'issue', todo: 'Name a registered SOC.' },
  unexpected_card: { status: 422, in: 'issue', todo: 'Only `incident_card` carries a card.' },
  response_kind_mismatch: {
    status: 422,
    in: 'issue',
    todo: 'Answer with a kind that fits the notice (see Clocks).',
  },
  soc_reference_mismatch: { status: 422, in: 'issue', todo: 'Keep the incident’s `socReference`.' },
  reference_mismatch: {
    status: 422,
    in: 'issue',
    todo: 'Keep the vulnerability’s `reference` in its revisions.',
  },
  reporter_field: {
    status: 422,
    in: 'issue',
    todo: 'As the owner, resend the SOC’s findings unchanged; state only `eliminatedAt` and `measuresTaken`.',
  },
  detection_moved: {
    status: 422,
    in: 'issue',
    todo: 'Keep the first report’s `detectedAt`: the clocks start there.',
  },
  insecure_webhook: {
    status: 422,
    in: 'issue',
    todo: 'Register a URL the gateway may deliver to (the message says why not).',
  },
  owner_not_registered: {
    status: null,
    in: 'warning',
    todo: 'Accepted; notify the object’s owner yourself.',
  },
  soc_not_registered: {
    status: null,
    in: 'warning',
    todo: 'Accepted (an owner’s own report, 001 п.24); notify the SOC serving the object yourself, or ask the NCC to register the object with it.',
  },
  card_incomplete: {
    status: null,
    in: 'warning',
    todo: 'Accepted as a notification: send the complete card within 72 h.',
  },
  atypical_severity_for_type: {
    status: null,
    in: 'warning',
    todo: 'Accepted as sent; double-check the severity.',
  },
};

interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name?: string; in?: string; required?: boolean; $ref?: string }[];
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

/** The route table: one row per operation of the OpenAPI document, in ROUTES order. */
export function routeTable(): string {
  const document = buildOpenApi(ROUTES) as { paths: Record<string, Record<string, Operation>> };
  const rows = [
    '| Method | Path | Roles | Query parameters | `Idempotency-Key` | What it does |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const roles = /Roles: ([^\n]*)\./.exec(operation.description ?? '')?.[1];
      const who =
        operation.security?.length === 0 ? 'public (no token)' : (roles ?? 'any registered party');
      const query = (operation.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => `\`${p.name}\`${p.required ? ' (required)' : ''}`)
        .join(', ');
      const idempotent = (operation.parameters ?? []).some((p) =>
        p.$ref?.endsWith('/IdempotencyKey'),
      );
      rows.push(
        `| ${method.toUpperCase()} | \`${path}\` | ${cell(who)} | ${query === '' ? '—' : query} | ${idempotent ? 'yes' : '—'} | ${cell(operation.summary ?? '')} |`,
      );
    }
  }
  return rows.join('\n');
}

function whereOf(advice: CodeAdvice): string {
  if (advice.in === 'warning') return '201/200 `warnings[]`';
  if (advice.in === 'issue')
    return `${advice.status} \`errors[]\`${advice.alsoStatus ? `; ${advice.alsoStatus}` : ''}`;
  return String(advice.status);
}

/** The problem-code table: one row per catalogue code, in catalogue order. */
export function problemTable(): string {
  const missing = Object.keys(messageTable()).filter((code) => !Object.hasOwn(CODE_ADVICE, code));
  const stale = Object.keys(CODE_ADVICE).filter((code) => !Object.hasOwn(messageTable(), code));
  if (missing.length > 0 || stale.length > 0)
    throw new Error(
      `scripts/generate-guide.ts CODE_ADVICE: add ${missing.join(', ') || '—'}; remove ${stale.join(', ') || '—'}`,
    );
  const rows = ['| Code | Status (where) | Meaning | What to do |', '| --- | --- | --- | --- |'];
  for (const [code, texts] of Object.entries(messageTable())) {
    const advice = CODE_ADVICE[code] as CodeAdvice;
    rows.push(`| \`${code}\` | ${whereOf(advice)} | ${cell(texts[0].en)} | ${cell(advice.todo)} |`);
  }
  return rows.join('\n');
}

/** The page with its generated blocks replaced. */
export function renderGuide(page: string): string {
  const blocks: Record<string, () => string> = { routes: routeTable, problems: problemTable };
  let out = page;
  for (const [name, render] of Object.entries(blocks)) {
    const begin = `<!-- generated:${name} (npm run generate:guide) -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${GUIDE_PATH} lacks the markers ${begin} … ${end}`);
    out = `${out.slice(0, from + begin.length)}\n\n${render()}\n\n${out.slice(to)}`;
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(GUIDE_PATH, renderGuide(readFileSync(GUIDE_PATH, 'utf8')));
  console.log(`Wrote the generated tables of ${GUIDE_PATH}`);
}
