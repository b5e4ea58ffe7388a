import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local and one fauxqs for the whole run; tests isolate by
    // fresh table and queue names (test/support/emulators.ts).
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 30_000,
    // Starting a second JVM in a fault test takes a few seconds.
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest runs one worker on a 2-core machine by default (CPUs − 1), and much of this
    // suite waits: on DynamoDB Local's JVM, on spawned gateways, on Chromium. Three workers
    // overlap those waits with the CPU-bound files (issue #13: test time on 2 cores).
    maxWorkers: 3,
    // Files share a worker's module cache instead of re-importing the SDK, ajv's compiled
    // validators and the handlers for each of ~130 files (about a third of the CPU of the
    // in-process suites). Tests isolate by fresh table/queue names and ids, never by module
    // state; the few that fake the clock or stub env restore them in afterAll/afterEach.
    isolate: false,
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: '.local/test-report.json' }]],
    // The gateway's structured logs are for operators; tests assert behaviour instead.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
