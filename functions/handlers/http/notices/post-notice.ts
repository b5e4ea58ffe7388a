import { issueNotice } from '../../../core/use-cases/notices/issue-notice.js';
import { respond } from '../respond.js';
import { bodyOf, httpRoute, idempotencyKeyOf, type RouteDeps } from '../route.js';

/** POST /v1/notices — NCC notice to parties/sectors → 201 with one delivery per recipient. */
export const buildPostNotice = (
  deps: RouteDeps<'notices' | 'idempotency' | 'deliveries' | 'queue'>,
) =>
  httpRoute(deps, { auth: 'required', body: 'required', kind: 'notice' }, async (event) => {
    const issued = await issueNotice(deps, event.principal, bodyOf(event), idempotencyKeyOf(event));
    const body =
      'deliveries' in issued
        ? { ...issued.receipt, deliveries: issued.deliveries }
        : issued.receipt;
    return respond(issued.statusCode, body, event.responseFormat, 'noticeReceipt', {
      location: `/v1/notices/${issued.receipt.id}`,
      ...(issued.replayed ? { 'idempotent-replay': 'true' } : {}),
    });
  });
