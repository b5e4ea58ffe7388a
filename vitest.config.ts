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
    // The tests that start their own JVMs set their own, longer timeouts.
    maxWorkers: 3,
    // Each file keeps its own process (the default): with shared workers (`isolate: false`)
    // grants.test.ts's process.env (endpoints of a proxy it then closes) reached later files,
    // and an S3 and a DynamoDB-fault test failed in a fresh-clone run.
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: '.local/test-report.json' }]],
    // The gateway's structured logs are for operators; tests assert behaviour instead.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
