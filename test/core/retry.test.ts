/** The one retry policy: bounded attempts, jittered pauses within the exponential step. */
import { describe, expect, it } from 'vitest';
import { RETRY_POLICY, retryPauseMs, withRetries } from '../../functions/core/retry.js';

const FAST = { attempts: 4, baseMs: 1, capMs: 2 };

describe('retryPauseMs', () => {
  it('pauses between half and all of the capped exponential step', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const step = Math.min(RETRY_POLICY.capMs, RETRY_POLICY.baseMs * 2 ** (attempt - 1));
      expect(retryPauseMs(attempt, RETRY_POLICY, () => 0)).toBe(step / 2);
      expect(retryPauseMs(attempt, RETRY_POLICY, () => 0.999_999)).toBeLessThanOrEqual(step);
    }
    expect(retryPauseMs(50, RETRY_POLICY, () => 1)).toBe(RETRY_POLICY.capMs);
  });
});

describe('withRetries', () => {
  it('retries what the verdict calls retryable, up to the attempts, then throws the last failure', async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls += 1;
        throw new Error(`attempt ${calls}`);
      },
      { verdict: () => 'retry', policy: FAST },
    );

    await expect(run).rejects.toThrow('attempt 4');
    expect(calls).toBe(FAST.attempts);
  });

  it('stops at the first final failure, and maps an exhausted one through `exhausted`', async () => {
    let calls = 0;
    const final = withRetries(
      async () => {
        calls += 1;
        throw new TypeError('final');
      },
      { verdict: (e) => (e instanceof TypeError ? 'fail' : 'retry'), policy: FAST },
    );
    await expect(final).rejects.toThrow('final');
    expect(calls).toBe(1);

    const exhausted = withRetries(
      async () => {
        throw new Error('busy');
      },
      { verdict: () => 'retry', exhausted: () => new RangeError('gave up'), policy: FAST },
    );
    await expect(exhausted).rejects.toBeInstanceOf(RangeError);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const value = await withRetries(
      async (n) => {
        calls += 1;
        if (n < 3) throw new Error('not yet');
        return n;
      },
      { verdict: () => 'retry', policy: FAST },
    );
    expect(value).toBe(3);
    expect(calls).toBe(3);
  });
});
