/** Which national days the local audit job closes when it runs (it closes each once). */
import { describe, expect, it } from 'vitest';
import {
  daysToClose,
  MAX_CATCH_UP_DAYS,
} from '../../../functions/handlers/schedule/close-audit-day.js';

// 03:00 in Almaty on 7 December: the national day before is 6 December.
const NOW = new Date('2026-12-06T22:00:00Z');

describe('daysToClose', () => {
  it('closes the day that ended when none was ever closed, and nothing once it is', () => {
    expect(daysToClose(undefined, NOW)).toEqual(['2026-12-06']);
    expect(daysToClose('2026-12-06', NOW)).toEqual([]);
  });

  it('closes every day a gateway stopped over several midnights missed, oldest first', () => {
    expect(daysToClose('2026-11-29', NOW)).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
  });

  it('catches up at most a month at a time, across a year end', () => {
    const days = daysToClose('2025-12-20', NOW);
    expect(days).toHaveLength(MAX_CATCH_UP_DAYS);
    expect(days.slice(0, 13)).toContain('2026-01-01');
    expect(days[0]).toBe('2025-12-21');
  });
});
