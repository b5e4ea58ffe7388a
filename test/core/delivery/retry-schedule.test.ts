import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attemptsPerRound,
  nextAttempt,
  QUEUE_DELAY_MAX_SECONDS,
  RETRY_SCHEDULE_SECONDS,
  retryWaitSeconds,
} from '../../../functions/core/delivery/retry-schedule.js';

const DAY_SECONDS = 24 * 3_600;
const lowest = () => 0;
const highest = () => 0.999_999_999;
const waitsWith = (random?: () => number) =>
  RETRY_SCHEDULE_SECONDS.map((_, i) => retryWaitSeconds(i + 1, random) ?? Number.NaN);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('retryWaitSeconds', () => {
  it('without a random source waits the nominal 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h', () => {
    expect(waitsWith()).toEqual([10, 60, 300, 1_800, 7_200, 21_600, 43_200, 86_400]);
  });

  it('gives up after the eighth failed attempt: nine attempts per round', () => {
    expect(retryWaitSeconds(9)).toBeUndefined();
    expect(retryWaitSeconds(1_000, Math.random)).toBeUndefined();
    expect(attemptsPerRound()).toBe(9);
  });

  it('treats a failure count below 1 as the first', () => {
    expect(retryWaitSeconds(0)).toBe(10);
    expect(retryWaitSeconds(-3)).toBe(10);
  });

  it('keeps every jittered wait within [¾, 1¼] of its nominal value, so never below half of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: RETRY_SCHEDULE_SECONDS.length }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failed, r) => {
          const nominal = RETRY_SCHEDULE_SECONDS[failed - 1] ?? 0;
          const wait = retryWaitSeconds(failed, () => r) ?? 0;
          expect(Number.isInteger(wait)).toBe(true);
          expect(wait).toBeGreaterThanOrEqual(nominal / 2);
          expect(wait).toBeGreaterThanOrEqual(nominal * 0.75);
          expect(wait).toBeLessThanOrEqual(Math.ceil(nominal * 1.25));
        },
      ),
    );
  });

  it('spans more than 24 h even when every draw is the shortest, and about 44.6 h nominally', () => {
    expect(sum(waitsWith(lowest))).toBeGreaterThanOrEqual(DAY_SECONDS);
    expect(sum(waitsWith(lowest))).toBe(120_428);
    expect(sum(waitsWith())).toBe(160_570);
    expect(sum(waitsWith(highest))).toBeLessThanOrEqual(Math.ceil(160_570 * 1.25) + 8);
  });

  it('spreads the retries of deliveries that failed together', () => {
    const draws = [0, 0.25, 0.5, 0.75, 0.99].map((r) => retryWaitSeconds(1, () => r));
    expect(draws).toEqual([8, 9, 10, 12, 13]);
    expect(new Set([0.1, 0.3, 0.6, 0.9].map((r) => retryWaitSeconds(4, () => r))).size).toBe(4);
  });

  it('clamps a random source that strays out of [0, 1)', () => {
    expect(retryWaitSeconds(2, () => -5)).toBe(45);
    expect(retryWaitSeconds(2, () => 7)).toBe(75);
  });

  it('follows a shorter schedule when given one (local runtime, tests)', () => {
    expect([1, 2, 3].map((n) => retryWaitSeconds(n, undefined, [1, 1]))).toEqual([1, 1, undefined]);
    expect(attemptsPerRound([1, 1])).toBe(3);
  });

  it('leaves the first three waits to the queue and the longer ones to the sweep', () => {
    expect(waitsWith(highest).filter((w) => w <= QUEUE_DELAY_MAX_SECONDS)).toHaveLength(3);
  });
});

describe('nextAttempt', () => {
  it('is the failure time plus the wait, as an instant', () => {
    const failedAt = Date.parse('2026-11-20T04:00:00Z');
    expect(nextAttempt(5, failedAt)).toEqual({
      kind: 'retry',
      waitSeconds: 7_200,
      at: '2026-11-20T06:00:00Z',
    });
    expect(nextAttempt(1, failedAt, lowest)).toEqual({
      kind: 'retry',
      waitSeconds: 8,
      at: '2026-11-20T04:00:08Z',
    });
  });

  it('gives up once the schedule is exhausted', () => {
    expect(nextAttempt(9, 0)).toEqual({ kind: 'give_up' });
  });
});
