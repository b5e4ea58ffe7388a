import { BadRequestError, type Issue, ValidationError } from '../errors.js';
import { escapePointerToken } from '../pointer.js';
import type { PageRequest } from '../ports/paging.js';
import { formatInstant, instantOf, isTimestampWithOffset } from '../time.js';

/** Query-string parameters as API Gateway passes them. */
export type QueryParameters = Readonly<Record<string, string | undefined>> | undefined;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * Names list routes used before the one scheme (issue #14 item 4): refused like any
 * unknown parameter, with the name to use instead, so an old client learns rather than
 * silently receiving the unfiltered list.
 */
const RENAMED: Readonly<Record<string, string>> = {
  dueFrom: 'from',
  dueTo: 'to',
  status: 'state',
  party: 'soc',
};

/** `PnDTnHnMnS` (each part optional, at least one): an ISO 8601 duration of fixed length. */
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO 8601 duration (days, hours, minutes, seconds only), or undefined. */
export function durationMs(value: string): number | undefined {
  const m = ISO_DURATION.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const [days, hours, minutes, seconds] = [m[1], m[2], m[3], m[4]].map((part) => Number(part ?? 0));
  return (((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000 + (seconds ?? 0) * 1000;
}

/**
 * Reads query parameters with every problem collected (like bodies): issues use the
 * pointer `/query/<name>`. Every list route reads through one of these, so the names
 * are one scheme (`from`/`to`, `state`, `dueWithin`, `overdue`, `soc`, `limit`,
 * `cursor`), and {@link QueryReader.done} refuses any parameter the route did not read.
 */
export class QueryReader {
  readonly issues: Issue[] = [];
  private readonly known = new Set<string>();

  constructor(private readonly query: QueryParameters) {}

  string(name: string): string | undefined {
    this.known.add(name);
    const value = this.query?.[name];
    return value === undefined || value === '' ? undefined : value;
  }

  /** A parameter the route cannot do without (refused with `required` when absent or empty). */
  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) this.fail(name, 'required', 'This parameter is required.');
    return value ?? '';
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.fail(name, 'invalid_value', `Must be one of ${allowed.join(', ')}.`);
    return undefined;
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    this.fail(name, 'out_of_range', `Must be an integer from ${min} to ${max}.`);
    return undefined;
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    this.fail(name, 'invalid_type', 'Must be true or false.');
    return undefined;
  }

  timestamp(name: string): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    // Stored instants are formatInstant's UTC text, so bounds compare as text.
    if (isTimestampWithOffset(value)) return formatInstant(instantOf(value));
    this.fail(name, 'invalid_timestamp', 'Must be an RFC 3339 date-time with an explicit offset.');
    return undefined;
  }

  /** An ISO 8601 duration such as `PT1H` or `P3D`, in milliseconds. */
  duration(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const ms = durationMs(value);
    if (ms !== undefined && ms > 0) return ms;
    this.fail(
      name,
      'invalid_duration',
      'Must be a positive ISO 8601 duration in days, hours, minutes or seconds (e.g. PT1H, P3D).',
    );
    return undefined;
  }

  /** `from` and `to` (inclusive, RFC 3339), refused when `from` is after `to`. */
  window(): { from?: string; to?: string } {
    const from = this.timestamp('from');
    const to = this.timestamp('to');
    if (from !== undefined && to !== undefined && from > to)
      this.fail('to', 'window_inverted', `Must not be before from (${from}).`);
    return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  }

  page(): PageRequest {
    const limit = this.integer('limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
    const cursor = this.string('cursor');
    return cursor === undefined ? { limit } : { limit, cursor };
  }

  /**
   * Throws 400 naming every parameter the route does not know, else one
   * ValidationError listing every bad value.
   */
  done(): void {
    const unknown = Object.keys(this.query ?? {}).filter((name) => !this.known.has(name));
    if (unknown.length > 0) {
      const issues = unknown.map((name) => ({
        pointer: `/query/${escapePointerToken(name)}`,
        code: 'unknown_parameter',
        message: RENAMED[name]
          ? `Unknown query parameter "${name}"; this route takes "${RENAMED[name]}".`
          : `Unknown query parameter "${name}"; this route takes ${[...this.known].join(', ')}.`,
      }));
      throw new BadRequestError(
        'unknown_parameter',
        `Unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
        { issues },
      );
    }
    if (this.issues.length > 0)
      throw new ValidationError(this.issues, 'The query parameters are invalid.');
  }

  private fail(name: string, code: string, message: string): void {
    this.issues.push({ pointer: `/query/${escapePointerToken(name)}`, code, message });
  }
}
