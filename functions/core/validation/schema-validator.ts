/**
 * Validation against the published schemas with validators precompiled by ajv
 * (`allErrors`, strict), and the translation of ajv's findings into the gateway's issues.
 */
import type { ErrorObject } from 'ajv';
import type { Issue } from '../errors.js';
import type { MessageFormName } from '../model/schemas.js';
import * as precompiled from './validators.generated.js';

/** Never report more than this many issues for one message: enough to fix it, bounded for an attacker. */
export const MAX_ISSUES = 100;

/** A validator precompiled from the schemas (see scripts/generate-validators.ts). */
interface ValidateFunction {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const validators: Readonly<Record<MessageFormName, ValidateFunction>> = precompiled;

/** Validates a canonical object against a message form; returns every failure as an issue. */
export function schemaIssues(form: MessageFormName, value: unknown): Issue[] {
  const validate = validators[form];
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, MAX_ISSUES).map(issueOf);
}

/** True when the value satisfies the form (used to tell a complete card from a notification). */
export function satisfiesForm(form: MessageFormName, value: unknown): boolean {
  return validators[form](value) === true;
}

function issueOf(error: ErrorObject): Issue {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${at}/${String(params.missingProperty)}`,
        code: 'required',
        message: `"${String(params.missingProperty)}" is required.`,
      };
    case 'additionalProperties':
      return {
        pointer: `${at}/${String(params.additionalProperty)}`,
        code: 'unknown_field',
        message: `"${String(params.additionalProperty)}" is not a field of this message.`,
      };
    case 'enum':
      return {
        pointer: at,
        code: 'invalid_value',
        message: `Must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, or one of their labels (GET /v1/catalogue).`,
      };
    case 'type':
      return { pointer: at, code: 'invalid_type', message: `Must be ${String(params.type)}.` };
    case 'format':
      return params.format === 'date-time-with-offset'
        ? {
            pointer: at,
            code: 'invalid_timestamp',
            message:
              'Must be an RFC 3339 date-time with an explicit offset, e.g. 2026-11-20T09:10:00+05:00.',
          }
        : params.format === 'date'
          ? {
              pointer: at,
              code: 'invalid_format',
              message:
                'Must be a calendar date in the form YYYY-MM-DD (Asia/Almaty), e.g. 2026-11-20.',
              expected: 'YYYY-MM-DD',
            }
          : {
              pointer: at,
              code: 'invalid_format',
              message: `Must be a valid ${String(params.format)}.`,
            };
    case 'pattern':
      return {
        pointer: at,
        code: 'invalid_format',
        message: `Must match ${String(params.pattern)}.`,
      };
    case 'minLength':
      return params.limit === 1
        ? { pointer: at, code: 'empty', message: 'Must not be empty.' }
        : {
            pointer: at,
            code: 'too_short',
            message: `Must be at least ${String(params.limit)} characters.`,
          };
    case 'maxLength':
      return {
        pointer: at,
        code: 'too_long',
        message: `Must be at most ${String(params.limit)} characters.`,
      };
    case 'minItems':
      return {
        pointer: at,
        code: 'too_few_items',
        message: `Must have at least ${String(params.limit)} item(s).`,
      };
    case 'maxItems':
      return {
        pointer: at,
        code: 'too_many_items',
        message: `Must have at most ${String(params.limit)} items.`,
      };
    case 'uniqueItems':
      return {
        pointer: `${at}/${String(params.i)}`,
        code: 'duplicate_item',
        message: `Repeats item ${String(params.j)}.`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        pointer: at,
        code: 'out_of_range',
        message: `Must be ${String(params.comparison)} ${String(params.limit)}.`,
      };
    default:
      return { pointer: at, code: error.keyword, message: error.message ?? 'Invalid.' };
  }
}
