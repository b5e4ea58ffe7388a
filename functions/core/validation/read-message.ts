/**
 * The one road from a request body to a valid canonical message, for JSON and XML
 * alike: parse → map → normalise labels → schema → semantic rules. Every problem
 * found on the way is reported together, in one {@link ValidationError}.
 */

import { normaliseLabels } from '../catalogue/normalise-labels.js';
import { severityAdvice } from '../catalogue/severity-advice.js';
import { unknownLabelIssues } from '../catalogue/suggest.js';
import { GatewayError, type Issue, ValidationError } from '../errors.js';
import { elementPathOf, xmlRootNameOf } from '../model/element-path.js';
import type { MessageOfForm } from '../model/messages.js';
import type { MessageFormName } from '../model/schemas.js';
import { shapeOfForm } from '../model/shapes.js';
import { type Clock, instantOf, isTimestampWithOffset, nationalDateOf } from '../time.js';
import { readXmlMessage } from '../wire/map-xml.js';
import { parseJson } from '../wire/parse-json.js';
import type { RawBody } from '../wire/read-body.js';
import { MAX_ISSUES, satisfiesForm, schemaIssues } from './schema-validator.js';
import { semanticFindings } from './semantic-checks.js';

/** A message that passed every check, with the warnings its receipt carries. */
export interface ReadMessage<F extends MessageFormName> {
  message: MessageOfForm[F];
  warnings: Issue[];
}

/** Card-only fields: when a notification carries some of them, the sender probably meant a complete card. */
const CARD_ONLY_FIELDS = [
  'registeredAt',
  'scale',
  'sign',
  'perimeter',
  'consequences',
  'actionsTaken',
] as const;

/**
 * Reads and validates a message of the given form.
 * @throws MalformedBodyError when the body is not JSON/XML at all; ValidationError listing every failure otherwise.
 */
export function readMessage<F extends MessageFormName>(
  form: F,
  body: RawBody,
  now: Clock,
): ReadMessage<F> {
  if (body.format === 'json') return checkMessage(form, parseJson(body.text), now);
  try {
    const { value, issues: mappingIssues } = readXmlMessage(body.text, form);
    return checkMessage(form, value, now, mappingIssues);
  } catch (error) {
    if (error instanceof GatewayError && error.issues.length > 0)
      addElementPaths(error.issues, form, body.text);
    throw error;
  }
}

/** XML senders get the element path of every issue next to its JSON pointer. */
function addElementPaths(issues: Issue[], form: MessageFormName, text: string): void {
  const root = xmlRootNameOf(text);
  if (root === undefined) return;
  const shape = shapeOfForm(form);
  for (const issue of issues) issue.element = elementPathOf(issue.pointer, shape, root);
}

/** Issues about a calendar date name the format the sender should use. */
const DATE_FIELDS = /\/registeredAt$/;
const DATE_FORMAT = 'YYYY-MM-DD';

/** Validates an already-parsed canonical value (the same checks as {@link readMessage}). */
export function checkMessage<F extends MessageFormName>(
  form: F,
  value: unknown,
  now: Clock,
  earlierIssues: Issue[] = [],
): ReadMessage<F> {
  const shape = shapeOfForm(form);
  reduceRegistrationDates(form, value);
  const labelIssues: Issue[] = [];
  normaliseLabels(value, shape, labelIssues);
  // An element the XML mapping refused (duplicated, foreign, wrong kind) was left out of
  // the value; the schema's "required" at the same pointer would only repeat that problem.
  const explained = new Set(earlierIssues.map((issue) => issue.pointer));
  // An ambiguous label is explained with its candidates, an unknown one with the closest
  // labels; the schema's "must be integer" or "not one of the codes" at the same pointer
  // would only repeat it.
  labelIssues.push(...unknownLabelIssues(value, shape));
  const labelled = new Set(labelIssues.map((issue) => issue.pointer));
  const semantic = semanticFindings(form, value, now().getTime());
  const issues = [
    ...earlierIssues,
    ...labelIssues,
    ...schemaIssues(form, value).filter(
      (issue) =>
        !labelled.has(issue.pointer) &&
        !(issue.code === 'required' && explained.has(issue.pointer)),
    ),
    ...semantic.issues,
  ];
  for (const issue of issues) {
    if (issue.code !== 'required' && DATE_FIELDS.test(issue.pointer)) issue.expected = DATE_FORMAT;
  }
  if (issues.length > 0) throw new ValidationError(issues.slice(0, MAX_ISSUES));
  return {
    message: value as MessageOfForm[F],
    warnings: [...semantic.warnings, ...warningsFor(form, value as Record<string, unknown>)],
  };
}

/**
 * 004 Annex 3 and 001 Annex 7 print «тіркелген күні», the registration *date*. A sender
 * that gives a date-time (with an offset) means the same day: it is stored as its date in
 * Asia/Almaty, in notices and cards alike, so a notice and the card it leads to agree.
 */
function reduceRegistrationDates(form: MessageFormName, value: unknown): void {
  const holder =
    form === 'noticeResponse' ? fieldsOf(fieldsOf(value)?.card) : registrationHolder(form, value);
  const registeredAt = holder?.registeredAt;
  if (holder && typeof registeredAt === 'string' && isTimestampWithOffset(registeredAt)) {
    holder.registeredAt = nationalDateOf(instantOf(registeredAt));
  }
}

function registrationHolder(
  form: MessageFormName,
  value: unknown,
): Record<string, unknown> | undefined {
  return form === 'incidentNotification' || form === 'incidentCard' || form === 'nccNotice'
    ? fieldsOf(value)
    : undefined;
}

function fieldsOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** True when an incident message carries every field of the Annex 3 card. */
export function isCompleteCard(message: unknown): boolean {
  return satisfiesForm('incidentCard', message);
}

function warningsFor(form: MessageFormName, message: Record<string, unknown>): Issue[] {
  if (form === 'noticeResponse' && message.card)
    return warningsFor('incidentCard', message.card as Record<string, unknown>);
  if (form !== 'incidentNotification' && form !== 'incidentCard') return [];
  const warnings = severityAdvice(message.severity, message.type);
  if (form === 'incidentNotification' && CARD_ONLY_FIELDS.some((f) => message[f] !== undefined)) {
    const missing = schemaIssues('incidentCard', message).filter(
      (issue) => issue.code === 'required',
    );
    for (const issue of missing) {
      warnings.push({
        pointer: issue.pointer,
        code: 'card_incomplete',
        message: `Accepted as a notification; the card still needs this field (${issue.message})`,
      });
    }
  }
  return warnings;
}
