import { describe, expect, it } from 'vitest';
import type { Obligation } from '../../../functions/core/clocks/obligations.js';
import { METRIC } from '../../../functions/core/ports/metrics.js';
import { countLateSatisfactions } from '../../../functions/core/use-cases/stale-writes.js';
import { memoryMetrics } from '../../support/memory-metrics.js';

const obligation = (state: Obligation['state']) =>
  ({ id: 'o1', kind: 'submit_card', state }) as unknown as Obligation;

describe('late satisfactions are counted once, when a write makes them', () => {
  it.each([
    ['open', 1],
    ['missed', 1],
    ['satisfied_late', 0],
    [undefined, 1],
  ] as const)('from %s: %i', (expectedState, counted) => {
    // Arrange
    const metrics = memoryMetrics();
    const change = {
      next: obligation('satisfied_late'),
      ...(expectedState === undefined ? {} : { expectedState }),
    };

    // Act
    countLateSatisfactions(metrics, [
      change,
      { next: obligation('satisfied'), expectedState: 'open' },
    ]);

    // Assert
    expect(metrics.total(METRIC.satisfiedLate, { obligation: 'submit_card' })).toBe(counted);
  });
});
