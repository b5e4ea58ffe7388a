import { complianceReport } from '../../../core/use-cases/obligations/read-obligations.js';
import { respond } from '../respond.js';
import { httpRoute, type RouteDeps } from '../route.js';

/** GET /v1/reports/compliance — per SOC: on time / late / missed, per obligation kind (NCC only). */
export const buildGetComplianceReport = (deps: RouteDeps<'obligations'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respond(
      200,
      await complianceReport(deps, event.principal, event.queryStringParameters),
      event.responseFormat,
      'complianceReport',
    ),
  );
