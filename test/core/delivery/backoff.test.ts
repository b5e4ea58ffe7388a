import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffSeconds } from '../../../functions/core/delivery/backoff.js';

const policy = { baseSeconds: 10, maxSeconds: 900 };

describe('backoffSeconds', () => {
  it('doubles from the base per attempt', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffSeconds(n, policy))).toEqual([
      10, 20, 40, 80, 160, 320, 640,
    ]);
  });

  it('is capped at maxSeconds, even for huge attempt numbers', () => {
    expect(backoffSeconds(8, policy)).toBe(900);
    expect(backoffSeconds(5_000, policy)).toBe(900);
  });

  it('treats attempts below 1 as the first', () => {
    expect(backoffSeconds(0, policy)).toBe(10);
    expect(backoffSeconds(-3, policy)).toBe(10);
  });

  it('with full jitter stays a whole number in [0, delay]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const jittered = backoffSeconds(n, policy, () => r);
          expect(Number.isInteger(jittered)).toBe(true);
          expect(jittered).toBeGreaterThanOrEqual(0);
          expect(jittered).toBeLessThanOrEqual(backoffSeconds(n, policy));
        },
      ),
    );
  });

  it('with full jitter spans the whole range', () => {
    expect(backoffSeconds(3, policy, () => 0)).toBe(0);
    expect(backoffSeconds(3, policy, () => 0.999_999)).toBe(40);
  });
});
