import { complianceTable } from '../../../core/reports/compliance.js';
import { renderCsv } from '../../../core/reports/csv.js';
import { nationalDateOf } from '../../../core/time.js';
import { complianceReport } from '../../../core/use-cases/obligations/read-obligations.js';
import { respond } from '../respond.js';
import { httpRoute, type RouteDeps } from '../route.js';

export const CSV_MEDIA_TYPE = 'text/csv';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET /v1/reports/compliance — per SOC: on time / late / missed / waived, per obligation
 * kind (NCC only), grouped by `groupBy`, as JSON or XML, or as one table in CSV or XLSX
 * when `Accept` asks for `text/csv` or the XLSX media type.
 */
export const buildGetComplianceReport = (deps: RouteDeps<'obligations'>) =>
  httpRoute(
    deps,
    { auth: 'required', offers: [CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE] },
    async (event) => {
      const report = await complianceReport(deps, event.principal, event.queryStringParameters);
      if (event.responseMediaType === undefined)
        return respond(200, report, event.responseFormat, 'complianceReport');
      const table = complianceTable(report);
      const filename = `compliance-${report.groupBy}-${nationalDateOf(Date.parse(report.generatedAt))}`;
      const headers = {
        // A report names parties and their failures: for the caller only.
        'cache-control': 'private, no-store',
        vary: 'Accept',
      };
      if (event.responseMediaType === CSV_MEDIA_TYPE) {
        return {
          statusCode: 200,
          headers: {
            ...headers,
            'content-type': 'text/csv; charset=utf-8; header=present',
            'content-disposition': `attachment; filename="${filename}.csv"`,
          },
          body: renderCsv(table),
        };
      }
      // Loaded on first use: the JSON and CSV answers do not pay for the workbook library at cold start.
      const { renderComplianceXlsx } = await import('../../../adapters/xlsx/compliance-xlsx.js');
      const workbook = await renderComplianceXlsx(table, {
        generatedAt: report.generatedAt,
        groupBy: report.groupBy,
        ...(report.from ? { from: report.from } : {}),
        ...(report.to ? { to: report.to } : {}),
        ...(report.soc ? { soc: report.soc } : {}),
      });
      return {
        statusCode: 200,
        headers: {
          ...headers,
          'content-type': XLSX_MEDIA_TYPE,
          'content-disposition': `attachment; filename="${filename}.xlsx"`,
        },
        body: workbook.toString('base64'),
        isBase64Encoded: true,
      };
    },
  );
