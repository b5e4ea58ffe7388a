/**
 * The audit trail as the event log of 001 Annex 4, chapter 4 (application software):
 * one text file per party and per national day (002 п.90-1(7) а–г: "ағымдағы тәулік",
 * "қосылу", "заңды тұлға" kept separately), and the same entries as JSON lines for a SIEM.
 *
 * 001 Annex 4 п.23: "күні мен уақыты (күн нысаны: КК:АА:ЖЖЖЖ, уақыт нысаны: СС:ММ:СС)",
 * then source, user id, user IP, operation start, operation end, description.
 * п.25: fields are delimited, and quoted when a value holds the delimiter.
 * п.26: UTF-8. п.27: one file never mixes record types.
 *
 * Dates and times are national (Asia/Almaty, UTC+5), the zone the day files are cut in;
 * the JSON lines keep the UTC instants.
 */
import type { AuditEntry } from './audit-entry.js';

/** Field delimiter (п.25). */
export const ANNEX4_DELIMITER = ';';

/** Column names of the header line, in the order of 001 Annex 4 п.23. */
export const ANNEX4_COLUMNS = [
  'date',
  'time',
  'source',
  'user_id',
  'user_ip',
  'operation_start',
  'operation_end',
  'description',
] as const;

const NATIONAL_OFFSET_MS = 5 * 3_600_000;

/** `DD:MM:YYYY` and `HH:MM:SS` of an instant in national time (Annex 4 п.23(1)). */
export function annex4DateTime(timestamp: string): { date: string; time: string } {
  const iso = new Date(Date.parse(timestamp) + NATIONAL_OFFSET_MS).toISOString();
  return {
    date: `${iso.slice(8, 10)}:${iso.slice(5, 7)}:${iso.slice(0, 4)}`,
    time: iso.slice(11, 19),
  };
}

/**
 * Quotes a field when it holds the delimiter, a quote, a line break or edge spaces
 * (п.25 "өрістерді шектеуші символдарды қолданады"); quotes inside are doubled.
 */
export function annex4Field(value: string): string {
  return /[;"\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The description column: the entry's own line and what ties it to the chain. */
export function annex4Description(entry: AuditEntry): string {
  return `${entry.description} (action=${entry.action}, outcome=${entry.outcome}, subject=${entry.subjectId}, seq=${entry.seq}, sha256=${entry.sha256}, hash=${entry.hash})`;
}

/** One log line (without its line break). */
export function annex4Line(entry: AuditEntry): string {
  const { date, time } = annex4DateTime(entry.at);
  return [
    date,
    time,
    `ncc-gateway/${entry.source}`,
    entry.userId,
    entry.connectionPoint,
    annex4DateTime(entry.startedAt).time,
    time,
    annex4Description(entry),
  ]
    .map(annex4Field)
    .join(ANNEX4_DELIMITER);
}

/** A whole day file: the header line, then one line per entry, each ending in LF. A day without entries is the header alone. */
export function formatAnnex4Log(entries: Iterable<AuditEntry>): string {
  const lines = [ANNEX4_COLUMNS.join(ANNEX4_DELIMITER)];
  for (const entry of entries) lines.push(annex4Line(entry));
  return `${lines.join('\n')}\n`;
}

/** The same entries as JSON lines (every field, instants in UTC), for a SIEM. */
export function formatAuditJsonLines(entries: Iterable<AuditEntry>): string {
  let out = '';
  for (const e of entries) {
    out += `${JSON.stringify({
      partyId: e.partyId,
      seq: e.seq,
      at: e.at,
      startedAt: e.startedAt,
      connectionPoint: e.connectionPoint,
      userId: e.userId,
      source: e.source,
      action: e.action,
      outcome: e.outcome,
      subjectId: e.subjectId,
      sha256: e.sha256,
      description: e.description,
      prevHash: e.prevHash,
      hash: e.hash,
    })}\n`;
  }
  return out;
}

/** The UTC instants bounding a national day `YYYY-MM-DD`: [start, end). */
export function nationalDayBounds(day: string): { start: string; end: string } {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`) - NATIONAL_OFFSET_MS;
  return {
    start: new Date(midnightUtc).toISOString(),
    end: new Date(midnightUtc + 86_400_000).toISOString(),
  };
}

/** Where a day file lives in the log store: one folder per party, one file per day and format. */
export function annex4ObjectKey(partyId: string, day: string, format: 'log' | 'jsonl'): string {
  return `audit/${partyId}/${day}.${format}`;
}
