/**
 * The sweep keeps going when one obligation cannot be written: the others are still
 * escalated and the outbox is still relayed (docs/contract.md §5), and the run reports the failure.
 */
import { describe, expect, it } from 'vitest';
import { markMissed, type Obligation } from '../../../../functions/core/clocks/obligations.js';
import { type AllStores, storePortsOf } from '../../../../functions/core/ports/ports.js';
import type { DeliveryRecord, PartyRecord } from '../../../../functions/core/ports/records.js';
import { sweep } from '../../../../functions/core/use-cases/deliveries/sweep.js';

const NOW = Date.parse('2026-11-21T12:00:00Z');

function obligation(id: string): Obligation {
  return {
    id,
    kind: 'card',
    subjectId: `inc_${id}`,
    owedBy: 'soc-alpha',
    startsAt: '2026-11-18T00:00:00Z',
    dueAt: '2026-11-21T00:00:00Z',
    state: 'open',
  };
}

function world(options: { brokenId: string }) {
  const due = [obligation('a'), obligation(options.brokenId), obligation('c')];
  const written = new Map<string, { next: Obligation; deliveries: DeliveryRecord[] }>();
  const queued: string[] = [];
  const warnings: string[] = [];
  const parties: PartyRecord[] = [
    {
      id: 'ncc-duty',
      role: 'ncc',
      name: 'NCC',
      clientId: 'ncc-duty',
      createdAt: '',
      updatedAt: '',
    },
  ];
  const pending: DeliveryRecord = {
    id: 'dlv_waiting',
    partyId: 'ncc-duty',
    event: 'incident.notified',
    subjectId: 'inc_x',
    createdAt: '2026-11-21T11:00:00Z',
    payload: {},
    status: 'pending',
    attempts: 0,
    queued: false,
  };
  const store: Partial<AllStores> = {
    listParties: async () => parties,
    listDue: async () => due.filter((o) => !written.has(o.id)),
    listRemindersDue: async () => [],
    listLevel2Due: async () => [],
    transitionOpen: async (next, expected, deliveries) => {
      if (expected.id === options.brokenId) throw new Error('damaged record');
      written.set(expected.id, { next, deliveries });
      return true;
    },
    transitionOpenMany: (changes) =>
      Promise.allSettled(
        changes.map(({ next, expected, deliveries }) => {
          if (expected.id === options.brokenId) return Promise.reject(new Error('damaged record'));
          written.set(expected.id, { next, deliveries });
          return Promise.resolve(true);
        }),
      ),
    listUnqueued: async () => (queued.includes(pending.id) ? [] : [pending]),
    markQueued: async () => undefined,
  };
  const deps = {
    ...storePortsOf(store as AllStores),
    queue: {
      enqueue: async (ids: string[]) => void queued.push(...ids),
      enqueueFanout: async () => {},
    },
    now: () => new Date(NOW),
    newId: (() => {
      let n = 0;
      return (prefix: string) => `${prefix}_${++n}`;
    })(),
    log: { warn: (message: string) => void warnings.push(message) },
    outboxGraceSeconds: 10,
  };
  return { deps, written, queued, warnings };
}

describe('sweep resilience', () => {
  it('escalates the writable obligations, relays the outbox, and still reports the failure', async () => {
    // Arrange
    const { deps, written, queued, warnings } = world({ brokenId: 'b' });

    // Act
    const run = sweep(deps);

    // Assert
    await expect(run).rejects.toThrow('damaged record');
    expect([...written.keys()].sort()).toEqual(['a', 'c']);
    // Missed, with its ladder started at the miss (level 1 to the NCC party).
    expect(written.get('a')?.next).toMatchObject(markMissed(obligation('a'), NOW));
    expect(written.get('a')?.next.escalation?.level1Deliveries).toHaveLength(1);
    expect(queued).toContain('dlv_waiting');
    expect(warnings.some((w) => w.includes('could not update an obligation'))).toBe(true);
  });
});
