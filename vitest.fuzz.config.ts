import { defineConfig } from 'vitest/config';

/**
 * `npm run fuzz`: the route fuzz (test/handlers/http/routes.fuzz.test.ts) with more
 * cases than `npm test` runs (FUZZ_RUNS, default 200 000; FUZZ_SEED for another seed).
 * It runs on the in-memory store, so no emulator is started.
 */
export default defineConfig({
  test: {
    include: ['test/handlers/http/routes.fuzz.test.ts'],
    pool: 'forks',
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      FUZZ_RUNS: process.env.FUZZ_RUNS ?? '200000',
    },
  },
});
