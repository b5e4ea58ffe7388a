/**
 * Rules of the official forms that JSON Schema cannot express (issue #2 item 5).
 * They run after the schema, on values that may still be malformed, so every read
 * is type-guarded: a problem the schema already reported is not reported twice.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Issue } from '../errors.js';
import type { MessageFormName } from '../model/schemas.js';
import { escapePointerToken } from '../pointer.js';
import {
  formatInstant,
  instantOf,
  isoDuration,
  isTimestampWithOffset,
  MINUTE_MS,
  nationalDateOf,
} from '../time.js';
import { iocValueProblem } from './ioc-checks.js';

/**
 * A sender's clock may run ahead of ours by this much before "in the future" is an
 * error (issue #14 item 3: more than 5 minutes ahead → 422).
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * MINUTE_MS;
/**
 * A timestamp ahead of the gateway clock by more than this (and at most
 * {@link CLOCK_SKEW_ALLOWANCE_MS}) is accepted with a `clock_ahead` warning naming the
 * field and the skew (Unified Requirements п.90-1 8: receipts warn of sender clocks
 * running ahead).
 */
export const CLOCK_AHEAD_WARNING_MS = 1000;

type Fields = Record<string, unknown>;

function asRecord(value: unknown): Fields | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Fields)
    : undefined;
}

function timestampAt(value: unknown): number | undefined {
  return typeof value === 'string' && isTimestampWithOffset(value) ? instantOf(value) : undefined;
}

/**
 * Characters that JSON can carry but XML 1.0 and UTF-8 cannot (C0 controls other than
 * tab/LF/CR, U+FFFE/U+FFFF, lone surrogates): refused, so both wire formats hold the same text.
 */
const ILLEGAL_CHARACTER = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  ].join('|'),
);
/** A cheap first pass: text without any of these (nearly all text) cannot match ILLEGAL_CHARACTER. */
// biome-ignore lint/complexity/useRegexLiterals: a literal would trip noControlCharactersInRegex; finding them is the point.
const SUSPECT_CHARACTER = new RegExp(
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uD800-\\uDFFF\\uFFFE\\uFFFF]',
);

/** Walks every string; the path is kept as tokens and only turned into a pointer for an issue. */
function characterIssues(value: unknown, path: string[], issues: Issue[]): void {
  if (typeof value === 'string') {
    if (SUSPECT_CHARACTER.test(value) && ILLEGAL_CHARACTER.test(value)) {
      issues.push({
        pointer: path.map((token) => `/${escapePointerToken(token)}`).join(''),
        code: 'invalid_character',
        message: 'Contains a control character or an unpaired surrogate.',
      });
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      characterIssues(value[i], path, issues);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key in value as Fields) {
      path.push(key);
      characterIssues((value as Fields)[key], path, issues);
      path.pop();
    }
  }
}

/** What the semantic rules found: refusals, and warnings for the receipt. */
interface Findings {
  issues: Issue[];
  warnings: Issue[];
}

function notInFuture(value: unknown, pointer: string, nowMs: number, found: Findings): void {
  instantNotInFuture(timestampAt(value), pointer, nowMs, found);
}

function instantNotInFuture(
  at: number | undefined,
  pointer: string,
  nowMs: number,
  found: Findings,
): void {
  if (at === undefined) return;
  const aheadMs = at - nowMs;
  if (aheadMs > CLOCK_SKEW_ALLOWANCE_MS) {
    found.issues.push({
      pointer,
      code: 'in_future',
      message: `Lies in the future: ${formatInstant(at)} is ${isoDuration(Math.ceil(aheadMs / 1000))} ahead of the gateway clock (${formatInstant(nowMs)}); at most 5 minutes of clock skew is accepted.`,
    });
  } else if (aheadMs > CLOCK_AHEAD_WARNING_MS) {
    found.warnings.push({
      pointer,
      code: 'clock_ahead',
      message: `${formatInstant(at)} is ${isoDuration(Math.ceil(aheadMs / 1000))} ahead of the gateway clock (${formatInstant(nowMs)}); check the sender's clock (GET /v1/time).`,
    });
  }
}

function iocIssues(iocs: unknown, pointer: string, issues: Issue[]): void {
  if (!Array.isArray(iocs)) return;
  iocs.forEach((ioc, i) => {
    const record = asRecord(ioc);
    if (typeof record?.type !== 'string' || typeof record.value !== 'string') return;
    const problem = iocValueProblem(record.type, record.value);
    if (problem)
      issues.push({
        pointer: `${pointer}/${i}/value`,
        code: 'invalid_ioc_value',
        message: problem,
      });
  });
}

function affectedObjectIssues(value: unknown, pointer: string, issues: Issue[]): void {
  const object = asRecord(value);
  if (object && object.id === undefined && object.name === undefined) {
    issues.push({
      pointer,
      code: 'object_unidentified',
      message: 'Give the object\'s registry "id", its "name", or both.',
    });
  }
}

function incidentIssues(message: Fields, nowMs: number, found: Findings): void {
  const { issues } = found;
  const details = asRecord(message.details);
  if (details) {
    const occurredAt = timestampAt(details.occurredAt);
    const confirmedAt = timestampAt(details.confirmedAt);
    if (occurredAt !== undefined && confirmedAt !== undefined && occurredAt > confirmedAt) {
      issues.push({
        pointer: '/details/occurredAt',
        code: 'occurred_after_confirmed',
        message: `Must not be later than /details/confirmedAt: occurredAt ${String(details.occurredAt)} is after confirmedAt ${String(details.confirmedAt)}.`,
      });
    }
    instantNotInFuture(occurredAt, '/details/occurredAt', nowMs, found);
    instantNotInFuture(confirmedAt, '/details/confirmedAt', nowMs, found);
    iocIssues(details.iocs, '/details/iocs', issues);
  }
  registrationDateNotInFuture(message.registeredAt, nowMs, issues);
  const consequences = message.consequences;
  if (Array.isArray(consequences) && consequences.includes('none') && consequences.length > 1) {
    issues.push({
      pointer: '/consequences',
      code: 'none_not_exclusive',
      message: '"none" excludes every other consequence.',
    });
  }
  affectedObjectIssues(message.affectedObject, '/affectedObject', issues);
}

/**
 * 001 Annex 7 lists these without «ОТЖ-да ақпарат болған жағдайда» (if available):
 * "Анықтау күні мен уақыты; Шығу орнының IP-мекенжайы; … Алғашқы тіркеу/қайта тіркеу".
 * Owed for an event or an incident; a threat notice may omit them.
 */
export const ANNEX_7_REQUIRED_FIELDS = [
  'detectedAt',
  'sourceIp',
  'deviceName',
  'eventName',
  'recurrence',
  'affectedObject',
] as const;

function registrationDateNotInFuture(value: unknown, nowMs: number, issues: Issue[]): void {
  if (typeof value === 'string' && value > nationalDateOf(nowMs + CLOCK_SKEW_ALLOWANCE_MS)) {
    issues.push({
      pointer: '/registeredAt',
      code: 'in_future',
      message: `Lies after today (Asia/Almaty): registeredAt ${value} is after ${nationalDateOf(nowMs)}.`,
    });
  }
}

function noticeIssues(notice: Fields, nowMs: number, found: Findings): void {
  const { issues } = found;
  registrationDateNotInFuture(notice.registeredAt, nowMs, issues);
  for (const field of ['notifiedAt', 'detectedAt'] as const) {
    notInFuture(notice[field], `/${field}`, nowMs, found);
  }
  if (notice.kind === 'incident' || notice.kind === 'event') {
    for (const field of ANNEX_7_REQUIRED_FIELDS) {
      if (notice[field] === undefined)
        issues.push({
          pointer: `/${field}`,
          code: 'required',
          message: `001 Annex 7 requires this field for an ${notice.kind} notice.`,
        });
    }
  }
  for (const field of ['sourceIp', 'targetIp'] as const) {
    const ip = notice[field];
    if (typeof ip === 'string' && !isIPv4(ip) && !isIPv6(ip)) {
      issues.push({
        pointer: `/${field}`,
        code: 'invalid_ip',
        message: 'Must be an IPv4 or IPv6 address.',
      });
    }
  }
  iocIssues(notice.iocs, '/iocs', issues);
  if (notice.affectedObject !== undefined)
    affectedObjectIssues(notice.affectedObject, '/affectedObject', issues);
  const recipients = asRecord(notice.recipients);
  if (recipients) {
    const count = [recipients.parties, recipients.sectors].reduce<number>(
      (sum, list) => sum + (Array.isArray(list) ? list.length : 0),
      0,
    );
    if (count === 0) {
      issues.push({
        pointer: '/recipients',
        code: 'no_recipients',
        message: 'Name at least one party or sector.',
      });
    }
  }
}

function responseIssues(response: Fields, nowMs: number, found: Findings): void {
  const { issues } = found;
  if (response.kind === 'incident_card') {
    if (response.card === undefined) {
      issues.push({
        pointer: '/card',
        code: 'required',
        message: 'An incident_card response carries the card.',
      });
    } else {
      const card = asRecord(response.card);
      if (card) {
        const nested: Findings = { issues: [], warnings: [] };
        incidentIssues(card, nowMs, nested);
        for (const issue of nested.issues)
          issues.push({ ...issue, pointer: `/card${issue.pointer}` });
        for (const warning of nested.warnings)
          found.warnings.push({ ...warning, pointer: `/card${warning.pointer}` });
      }
    }
  } else if (typeof response.kind === 'string') {
    if (typeof response.results !== 'string' || response.results.trim() === '') {
      issues.push({
        pointer: '/results',
        code: 'required',
        message: 'An analysis response carries its results.',
      });
    }
    if (response.card !== undefined) {
      issues.push({
        pointer: '/card',
        code: 'unexpected_card',
        message: 'Only an incident_card response carries a card.',
      });
    }
  }
}

function partyIssues(party: Fields, issues: Issue[]): void {
  const objects = party.objects;
  if (Array.isArray(objects)) {
    objects.forEach((object, i) => {
      if (asRecord(object) && asRecord(object)?.id === undefined) {
        issues.push({
          pointer: `/objects/${i}/id`,
          code: 'required',
          message: 'A registered object needs its registry id.',
        });
      }
    });
  }
  const webhook = asRecord(party.webhook);
  if (typeof webhook?.url === 'string' && !URL.canParse(webhook.url)) {
    issues.push({
      pointer: '/webhook/url',
      code: 'invalid_format',
      message: 'Must be an absolute URL.',
    });
  }
}

/** The calendar date `months` after `date` (YYYY-MM-DD), the day clamped to the month's last. */
export function addCalendarMonths(date: string, months: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

function vulnerabilityIssues(vulnerability: Fields, nowMs: number, found: Findings): void {
  notInFuture(vulnerability.detectedAt, '/detectedAt', nowMs, found);
  notInFuture(vulnerability.scanResultsAt, '/scanResultsAt', nowMs, found);
  const notEliminated = asRecord(vulnerability.notEliminated);
  if (!notEliminated) return;
  const eliminateBy = notEliminated.eliminateBy;
  // 001 Annex 6, «Өндірістік қажеттілік»: the justification states "бірінші рет анықталған
  // күннен бастап алты айдан аспайтын осалдықты жою мерзімдері" — a date at most six
  // months from first detection.
  if (notEliminated.reason === 'production_need' && eliminateBy === undefined) {
    found.issues.push({
      pointer: '/notEliminated/eliminateBy',
      code: 'required',
      message: 'A production need states the elimination date (001 Annex 6).',
    });
  }
  const detectedAt = timestampAt(vulnerability.detectedAt);
  if (typeof eliminateBy !== 'string' || detectedAt === undefined) return;
  const latest = addCalendarMonths(nationalDateOf(detectedAt), 6);
  if (eliminateBy > latest) {
    found.issues.push({
      pointer: '/notEliminated/eliminateBy',
      code: 'out_of_range',
      message: `Must be <= ${latest}.`,
    });
  }
}

/**
 * Every rule of the form that the schema cannot express, checked against `now`: the
 * refusals (`issues`) and what the receipt warns of (`warnings`, e.g. `clock_ahead`).
 */
export function semanticFindings(form: MessageFormName, value: unknown, nowMs: number): Findings {
  const found: Findings = { issues: [], warnings: [] };
  characterIssues(value, [], found.issues);
  const message = asRecord(value);
  if (!message) return found;
  switch (form) {
    case 'incidentNotification':
    case 'incidentCard':
      incidentIssues(message, nowMs, found);
      break;
    case 'nccNotice':
      noticeIssues(message, nowMs, found);
      break;
    case 'noticeResponse':
      responseIssues(message, nowMs, found);
      break;
    case 'incidentClosure':
      notInFuture(message.eliminatedAt, '/eliminatedAt', nowMs, found);
      break;
    case 'party':
      partyIssues(message, found.issues);
      break;
    case 'contactChange':
      // 001 п.16: the clock runs from the moment of the change, which cannot lie ahead.
      notInFuture(message.changedAt, '/changedAt', nowMs, found);
      break;
    case 'vulnerability':
      vulnerabilityIssues(message, nowMs, found);
      break;
    case 'receipt':
      break;
  }
  return found;
}

/** The refusals of {@link semanticFindings}. */
export function semanticIssues(form: MessageFormName, value: unknown, nowMs: number): Issue[] {
  return semanticFindings(form, value, nowMs).issues;
}
