/**
 * The compliance report as an Excel workbook (ExcelJS): sheet "Compliance" holds the same
 * table as the CSV, numbers as numbers, text as text (a text cell is never a formula, so
 * nothing a party's name holds runs); sheet "Report" says when and over what it was made.
 */
import ExcelJS from 'exceljs';
import type { ComplianceTable } from '../../core/reports/compliance.js';

export interface ReportAbout {
  generatedAt: string;
  groupBy: string;
  from?: string;
  to?: string;
  soc?: string;
}

export async function renderComplianceXlsx(
  table: ComplianceTable,
  about: ReportAbout,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const made = new Date(about.generatedAt);
  workbook.creator = 'ncc-gateway';
  workbook.created = made;
  workbook.modified = made;

  const sheet = workbook.addWorksheet('Compliance', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.columns).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.columns.forEach((column, index) => {
    const widest = Math.max(
      (table.columns[index] ?? '').length,
      ...table.rows.map((row) => String(row[index] ?? '').length),
    );
    column.width = Math.min(48, widest + 2);
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };

  const info = workbook.addWorksheet('Report');
  info.addRow(['generatedAt', about.generatedAt]);
  info.addRow(['groupBy', about.groupBy]);
  info.addRow(['from', about.from ?? '']);
  info.addRow(['to', about.to ?? '']);
  info.addRow(['soc', about.soc ?? '']);
  info.getColumn(1).font = { bold: true };
  info.getColumn(1).width = 14;
  info.getColumn(2).width = 28;

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
