import { statusOf } from '../../clocks/obligations.js';
import { requireGatewayId } from '../../ids.js';
import type { Page } from '../../ports/paging.js';
import type { IncidentRecord } from '../../ports/records.js';
import { ownPartyFilter, type Principal, requireRole, type Uses } from '../context.js';
import { type QueryParameters, QueryReader } from '../paging.js';
import { loadVisibleIncident } from './load-incident.js';

/** GET /v1/incidents/{id} — the incident, every card version and every obligation. */
export async function getIncident(deps: Uses<'incidents'>, principal: Principal, id: string) {
  requireRole(principal, 'soc', 'owner', 'ncc');
  requireGatewayId('inc', id);
  const { incident, versions, obligations } = await loadVisibleIncident(deps, principal, id);
  return {
    ...incident,
    versions: versions.map((v) => ({
      version: v.version,
      receivedAt: v.receivedAt,
      sha256: v.sha256,
      format: v.format,
      warnings: v.warnings,
      card: v.card,
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
 * GET /v1/incidents — a SOC (or an owner that reports, 001 п.24) sees its own; the NCC sees all, optionally one SOC's
 * (`soc=`); by `state` (open, closed), `severity`, `overdue` and `from`/`to` (when the
 * gateway received the first message).
 */
export async function listIncidents(
  deps: Uses<'incidents'>,
  principal: Principal,
  query: QueryParameters,
): Promise<Page<IncidentRecord>> {
  requireRole(principal, 'soc', 'owner', 'ncc');
  const reader = new QueryReader(query);
  const status = reader.oneOf('state', ['open', 'closed'] as const);
  const severity = reader.integer('severity', 1, 4);
  const overdue = reader.boolean('overdue');
  const { from, to } = reader.window();
  const socId = ownPartyFilter(principal, 'soc', reader.string('soc'));
  const page = reader.page();
  reader.done();
  return deps.incidents.listIncidents(
    {
      ...(socId === undefined ? {} : { socId }),
      ...(status === undefined ? {} : { status }),
      ...(severity === undefined ? {} : { severity }),
      ...(overdue === undefined ? {} : { overdue }),
      ...(from === undefined ? {} : { createdFrom: from }),
      ...(to === undefined ? {} : { createdTo: to }),
    },
    page,
  );
}
