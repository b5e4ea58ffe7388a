import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startSweepTicker } from '../../functions/local/sweep-ticker.js';
import { memoryLogger } from '../support/memory-logger.js';

describe('startSweepTicker', () => {
  it('runs at once, then every interval, never overlapping itself', async () => {
    // Arrange: each run takes longer than the interval
    let running = 0;
    let maxConcurrent = 0;
    let runs = 0;
    const run = async () => {
      running += 1;
      maxConcurrent = Math.max(maxConcurrent, running);
      await sleep(30);
      runs += 1;
      running -= 1;
    };

    // Act: wait for three runs rather than a fixed 200 ms, which a busy machine (three
    // test workers on two cores) can stretch past three 30 ms runs.
    const ticker = startSweepTicker({ run, intervalSeconds: 0.01, logger: memoryLogger() });
    for (const deadline = Date.now() + 10_000; runs < 3 && Date.now() < deadline; ) await sleep(10);
    await ticker.stop();
    const afterStop = runs;
    await sleep(60);

    // Assert
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(maxConcurrent).toBe(1);
    expect(running).toBe(0);
    expect(runs).toBe(afterStop);
  });

  it('keeps ticking after a failed sweep and logs it', async () => {
    let calls = 0;
    const logger = memoryLogger();
    const ticker = startSweepTicker({
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('DynamoDB is down');
      },
      intervalSeconds: 0.01,
      logger,
    });
    await sleep(100);
    await ticker.stop();

    expect(calls).toBeGreaterThanOrEqual(2);
    expect(
      logger.lines.some((l) => l.level === 'warn' && l.context?.error === 'DynamoDB is down'),
    ).toBe(true);
  });

  it('stop() resolves promptly even with a long interval', async () => {
    const ticker = startSweepTicker({
      run: async () => undefined,
      intervalSeconds: 3600,
      logger: memoryLogger(),
    });
    await sleep(20);
    const started = Date.now();
    await ticker.stop();
    expect(Date.now() - started).toBeLessThan(500);
  });
});
