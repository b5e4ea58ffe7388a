/**
 * A recipient without a webhook pulls its inbox (docs/contract.md §5): its delivery of a new
 * incident is written already handed over, so nothing sends it through SQS for the worker to
 * read and skip. The owner with a webhook is pushed as before.
 */
import { describe, expect, it } from 'vitest';
import type { PartyRecord } from '../../../../functions/core/ports/records.js';
import { acceptIncident } from '../../../../functions/core/use-cases/incidents/accept-incident.js';
import { readBody } from '../../../../functions/core/wire/read-body.js';
import { billingObject, notification } from '../../../support/messages.js';
import { party } from '../../../support/records.js';
import { memoryStoreAt, testClock, useCaseDeps } from '../../../support/use-case-deps.js';

describe('deliveries of a new incident', () => {
  it('hands only pushed recipients to the queue; a pull-only NCC finds its delivery in its inbox', async () => {
    // Arrange: an NCC without a webhook, an owner with one, the SOC protecting the owner's object
    const clock = testClock(new Date().toISOString());
    const { store } = memoryStoreAt(clock);
    const deps = useCaseDeps(store, clock);
    const soc = party('soc-pull', {
      role: 'soc',
      objects: [billingObject('owner-pushed')] as PartyRecord['objects'],
    });
    await deps.parties.putParty(party('ncc-pull', { role: 'ncc', webhook: undefined }));
    await deps.parties.putParty(party('owner-pushed', { role: 'owner' }));
    await deps.parties.putParty(soc);
    const body = readBody(
      new TextEncoder().encode(JSON.stringify(notification({ owner: 'owner-pushed' }))),
      'application/json',
    );

    // Act
    const accepted = await acceptIncident(deps, { partyId: soc.id, role: 'soc', party: soc }, body);

    // Assert
    expect(accepted.statusCode).toBe(201);
    const [toNcc] = (await deps.deliveries.listDeliveries('ncc-pull', { limit: 10 })).items;
    const [toOwner] = (await deps.deliveries.listDeliveries('owner-pushed', { limit: 10 })).items;
    expect(toNcc).toMatchObject({ event: 'incident.notified', status: 'pending', queued: true });
    expect(toOwner).toMatchObject({ event: 'incident.notified', status: 'pending' });
    expect(deps.enqueued).toEqual([toOwner?.id]);
    // Nothing is left in the outbox for the relay to hand over later.
    expect(
      await deps.deliveries.listUnqueued(new Date(Date.now() + 3_600_000).toISOString(), 10),
    ).toEqual([]);
  });
});
