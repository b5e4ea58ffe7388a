import { describe, expect, it } from 'vitest';
import { renderWebhookBody } from '../../../functions/core/delivery/webhook-envelope.js';
import type { DeliveryRecord } from '../../../functions/core/ports/records.js';

describe('renderWebhookBody', () => {
  it('sends exactly the docs/contract.md §10 envelope, without bookkeeping fields', () => {
    // Arrange
    const delivery: DeliveryRecord = {
      id: 'dlv_1',
      partyId: 'ncc-duty',
      event: 'incident.notified',
      subjectId: 'inc_1',
      createdAt: '2026-11-20T04:12:31Z',
      payload: { incident: { id: 'inc_1' } },
      status: 'pending',
      attempts: 2,
      queued: true,
      lastError: 'HTTP 500',
    };

    // Act
    const body = JSON.parse(renderWebhookBody(delivery));

    // Assert
    expect(body).toEqual({
      deliveryId: 'dlv_1',
      event: 'incident.notified',
      partyId: 'ncc-duty',
      createdAt: '2026-11-20T04:12:31Z',
      payload: { incident: { id: 'inc_1' } },
    });
  });
});
