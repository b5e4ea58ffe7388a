import { type Issue, ValidationError } from '../errors.js';
import type { PageRequest } from '../ports/stores.js';
import { isTimestampWithOffset } from '../time.js';

/** Query-string parameters as API Gateway passes them. */
export type QueryParameters = Readonly<Record<string, string | undefined>> | undefined;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * Reads query parameters with every problem collected (like bodies): issues use the
 * pointer `/query/<name>`.
 */
export class QueryReader {
  readonly issues: Issue[] = [];

  constructor(private readonly query: QueryParameters) {}

  string(name: string): string | undefined {
    const value = this.query?.[name];
    return value === undefined || value === '' ? undefined : value;
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
    if (isTimestampWithOffset(value)) return new Date(value).toISOString();
    this.fail(name, 'invalid_timestamp', 'Must be an RFC 3339 date-time with an explicit offset.');
    return undefined;
  }

  page(): PageRequest {
    const limit = this.integer('limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
    const cursor = this.string('cursor');
    return cursor === undefined ? { limit } : { limit, cursor };
  }

  /** Throws one ValidationError listing every bad parameter. */
  done(): void {
    if (this.issues.length > 0)
      throw new ValidationError(this.issues, 'The query parameters are invalid.');
  }

  private fail(name: string, code: string, message: string): void {
    this.issues.push({ pointer: `/query/${name}`, code, message });
  }
}
