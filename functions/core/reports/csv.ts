/**
 * RFC 4180 CSV for people who open it in a spreadsheet: UTF-8 with a byte-order mark (so
 * Excel reads Cyrillic and Kazakh letters as such), CRLF line ends, quoting where needed,
 * and no cell a spreadsheet would run as a formula.
 */
import type { ComplianceTable } from './compliance.js';

/**
 * A cell beginning with one of these is a formula (or becomes one) in Excel, LibreOffice
 * and Google Sheets: `=`, `+`, `-`, `@`, and tab or CR, which some strip before looking
 * (OWASP "CSV Injection"). Party names are free text an admin registered.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text that could start a formula is prefixed with `'`, then quoted if needed. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_BOM = '\uFEFF';

/** The table as CSV text (header row first). */
export function renderCsv(table: ComplianceTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
