import { verifyAuditRequest } from '../../../core/use-cases/audit/read-audit.js';
import { respond } from '../respond.js';
import { httpRoute, type RouteDeps } from '../route.js';

/**
 * GET /v1/audit/verify?party=&from=&to= (admin) — walks the party's hash chain and its
 * signed daily digests and names the first broken or missing link (200 either way; `ok`).
 */
export const buildVerifyAudit = (deps: RouteDeps<'audit'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) => {
    return respond(
      200,
      await verifyAuditRequest(
        { ...deps, ...(deps.auditSigner ? { signer: deps.auditSigner } : {}) },
        event.principal,
        event.queryStringParameters,
      ),
      event.responseFormat,
      'auditVerification',
    );
  });
