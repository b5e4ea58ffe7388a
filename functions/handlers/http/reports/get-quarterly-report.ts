import { renderCsv } from '../../../core/reports/csv.js';
import { quarterlyTable } from '../../../core/reports/quarterly.js';
import { quarterlyReport } from '../../../core/use-cases/reports/quarterly-report.js';
import { CSV_MEDIA_TYPE } from '../obligations/get-compliance-report.js';
import { respond } from '../respond.js';
import { httpRoute, type RouteDeps } from '../route.js';

/**
 * GET /v1/reports/quarterly?year=&quarter= — the 001 п.17 quarterly summary (NCC only),
 * as JSON or XML, or as one table in CSV (the compliance report's writer: UTF-8 with
 * BOM, formula cells escaped) when `Accept` asks for `text/csv`.
 */
export const buildGetQuarterlyReport = (
  deps: RouteDeps<'incidents' | 'vulnerabilities' | 'obligations'>,
) =>
  httpRoute(deps, { auth: 'required', offers: [CSV_MEDIA_TYPE] }, async (event) => {
    const report = await quarterlyReport(deps, event.principal, event.queryStringParameters);
    if (event.responseMediaType === undefined)
      return respond(200, report, event.responseFormat, 'quarterlyReport');
    return {
      statusCode: 200,
      headers: {
        // A report names parties and their failures: for the caller only.
        'cache-control': 'private, no-store',
        vary: 'Accept',
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="quarterly-${report.year}-q${report.quarter}.csv"`,
      },
      body: renderCsv(quarterlyTable(report)),
    };
  });
