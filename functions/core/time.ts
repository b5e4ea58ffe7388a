/**
 * Time as the core sees it: instants come in through a {@link Clock}, never from
 * `new Date()`, so every legal clock can be unit-tested with an injected time.
 */

/** The source of "now". Production passes `() => new Date()`; tests pass a fixed or stepping clock. */
export type Clock = () => Date;

/** The single national zone since 1 March 2024: Asia/Almaty, UTC+5. */
export const NATIONAL_ZONE = 'Asia/Almaty';

const RFC3339_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * True for an RFC 3339 date-time with an explicit offset and real calendar values.
 * A timestamp without an offset is ambiguous about the legal clock start, so it is rejected.
 */
export function isTimestampWithOffset(value: string): boolean {
  const m = RFC3339_WITH_OFFSET.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  // Every month has 28 days; only a later day needs the calendar.
  if (month < 1 || month > 12 || day < 1 || (day > 28 && day > daysInMonth(Number(m[1]), month)))
    return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  // RFC 3339 allows a leap second (:60), but no JavaScript Date can hold one, and a
  // legal clock needs an instant: refuse it rather than fail later.
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds since the epoch of a validated RFC 3339 timestamp. */
export function instantOf(timestamp: string): number {
  return Date.parse(timestamp);
}

/**
 * Renders an instant as RFC 3339 in UTC, without a fractional part when it is whole
 * seconds (`2026-11-20T04:25:00Z`), with milliseconds otherwise.
 */
export function formatInstant(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/**
 * An instant as people in Kazakhstan read it: RFC 3339 in the national zone
 * (Asia/Almaty, UTC+5 without DST since 1 March 2024), e.g. `2026-11-23T09:10:00+05:00`.
 */
export function formatNational(epochMs: number): string {
  return `${new Date(epochMs + 5 * 3_600_000).toISOString().slice(0, 19)}+05:00`;
}

/**
 * {@link formatNational} keeping milliseconds when there are some (as formatInstant),
 * so that it names exactly the instant shown in UTC beside it.
 */
export function formatNationalExact(epochMs: number): string {
  const iso = new Date(epochMs + 5 * 3_600_000).toISOString();
  return `${iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23)}+05:00`;
}

/** The calendar date (YYYY-MM-DD) of an instant in the national zone (UTC+5, no DST). */
export function nationalDateOf(epochMs: number): string {
  return new Date(epochMs + 5 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Whole seconds as an ISO 8601 duration in hours, minutes and seconds (`PT26H5M`,
 * `PT0S`): elapsed time, so never days or months, whose length a calendar decides.
 */
export function isoDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Offset of the national zone (UTC+5, no DST since 1 March 2024). */
const NATIONAL_OFFSET_MS = 5 * HOUR_MS;

/**
 * The end of the national (UTC+5) calendar day `days` after the day of `epochMs` — the
 * instant the next day begins. A period "within N calendar days from the day" ends there.
 */
export function nationalDayEndMs(epochMs: number, days: number): number {
  const dayStart = Math.floor((epochMs + NATIONAL_OFFSET_MS) / DAY_MS) * DAY_MS;
  return dayStart + (days + 1) * DAY_MS - NATIONAL_OFFSET_MS;
}

/** The end of a national calendar date (YYYY-MM-DD): the instant the next day begins. */
export function nationalDateEndMs(date: string): number {
  return Date.parse(`${date}T00:00:00+05:00`) + DAY_MS;
}
