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
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: '.local/test-report.json' }]],
    // The gateway's structured logs are for operators; tests assert behaviour instead.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
