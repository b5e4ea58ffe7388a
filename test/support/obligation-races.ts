/**
 * The race set-up the obligation-race tests share: the store half
 * (test/adapters/contract/obligation-races.contract.test.ts, both stores) and the
 * use-case half (test/core/use-cases/sweep-races.test.ts, memory).
 */
import type { Obligation } from '../../functions/core/clocks/obligations.js';
import type { IncidentStore } from '../../functions/core/ports/incidents.js';
import type { DeliveryRecord } from '../../functions/core/ports/records.js';
import { delivery, newIncident, partyId } from './records.js';

/** The fixture's obligation of `kind` (fails the test when there is none). */
export function findObligation(
  obligations: readonly Obligation[],
  kind: Obligation['kind'],
): Obligation {
  const found = obligations.find((o) => o.kind === kind);
  if (!found) throw new Error(`fixture has no ${kind}`);
  return found;
}

/** Stores an incident (notify_owner due 04:25:00Z) and the owner's delivery whose ack satisfies it. */
export async function incidentWithOwnerDelivery(store: Pick<IncidentStore, 'saveNewIncident'>) {
  const owner = partyId('owner');
  const write = newIncident({ ownerId: owner, deliveries: 0 });
  const notifyOwner = findObligation(write.obligations, 'notify_owner');
  const toOwner: DeliveryRecord = delivery({
    partyId: owner,
    subjectId: write.incident.id,
    createdAt: write.incident.createdAt,
    ackSatisfies: notifyOwner.id,
  });
  await store.saveNewIncident({ ...write, deliveries: [toOwner] });
  return { owner, write, notifyOwner, toOwner };
}
