import { exportAuditRequest } from '../../../core/use-cases/audit/read-audit.js';
import { httpRoute, type RouteDeps } from '../route.js';

/**
 * GET /v1/audit/export?party=&day=&format= (admin) — one party's day of the audit trail
 * as the 001 Annex 4 log (`format=annex4`, the default) or JSON lines (`format=jsonl`).
 * A day without entries is the header alone, never 404. Its media type is fixed by
 * `format`, so `Accept` does not choose it (problems stay JSON).
 */
export const buildExportAudit = (deps: RouteDeps<'audit'>) =>
  httpRoute(deps, { auth: 'required', negotiate: false }, async (event) => {
    const file = await exportAuditRequest(deps, event.principal, event.queryStringParameters);
    return {
      statusCode: 200,
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.party}-${file.day}.${file.format === 'annex4' ? 'log' : 'jsonl'}"`,
        'cache-control': 'no-store',
      },
      body: file.body,
    };
  });
