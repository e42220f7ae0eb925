import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the slow half of test/reliability (crash rounds with a child
 * process, 60 s load runs, slow-loris) plus the fuzz run at 10,000 cases. One file at a time,
 * so the load figures are not disturbed by other tests. docs/reliability.md has the figures.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.reliability.ts', 'test/reliability/fuzz.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 60_000,
    env: { FUZZ_CASES: '10000' },
  },
});
