import { statusOf } from '../../clocks/obligations.js';
import { requireGatewayId } from '../../ids.js';
import type { Page } from '../../ports/paging.js';
import type { VulnerabilityRecord } from '../../ports/records.js';
import { ownPartyFilter, type Principal, requireRole, type Uses } from '../context.js';
import { type QueryParameters, QueryReader } from '../paging.js';
import { loadVisibleVulnerability } from './vulnerability-view.js';

/** GET /v1/vulnerabilities/{id} — the report, every version and its clocks. */
export async function getVulnerability(
  deps: Uses<'vulnerabilities'>,
  principal: Principal,
  id: string,
) {
  requireRole(principal, 'owner', 'soc', 'ncc');
  requireGatewayId('vul', id);
  const { vulnerability, versions, obligations } = await loadVisibleVulnerability(
    deps,
    principal,
    id,
  );
  return {
    ...vulnerability,
    versions: versions.map((v) => ({
      version: v.version,
      receivedAt: v.receivedAt,
      sha256: v.sha256,
      format: v.format,
      warnings: v.warnings,
      vulnerability: v.vulnerability,
      // Versions stored before the sender was kept were all the reporter's.
      sentBy: v.sentBy ?? vulnerability.reporterId,
    })),
    obligations: obligations.map((o) => ({
      ...statusOf(o),
      startsAt: o.startsAt,
      satisfiedAt: o.satisfiedAt,
      missedAt: o.missedAt,
    })),
  };
}

/**
 * GET /v1/vulnerabilities — the reporting party sees its own; the NCC sees all, optionally
 * one reporter's (`soc=`, the one party parameter of every list); by `state` (reported,
 * not_eliminated, eliminated) and `from`/`to` (when the gateway received the first report).
 */
export async function listVulnerabilities(
  deps: Uses<'vulnerabilities'>,
  principal: Principal,
  query: QueryParameters,
): Promise<Page<VulnerabilityRecord>> {
  requireRole(principal, 'owner', 'soc', 'ncc');
  const reader = new QueryReader(query);
  const status = reader.oneOf('state', ['reported', 'not_eliminated', 'eliminated'] as const);
  const { from, to } = reader.window();
  const reporterId = ownPartyFilter(principal, 'soc', reader.string('soc'));
  const page = reader.page();
  reader.done();
  return deps.vulnerabilities.listVulnerabilities(
    {
      ...(reporterId === undefined ? {} : { reporterId }),
      ...(status === undefined ? {} : { status }),
      ...(from === undefined ? {} : { createdFrom: from }),
      ...(to === undefined ? {} : { createdTo: to }),
    },
    page,
  );
}
