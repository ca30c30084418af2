import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // examples/ too: the test a user would copy runs with the suite, so it cannot rot.
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Real sockets and child processes: give slow CI machines room, but keep each test bounded.
    testTimeout: 15_000,
    hookTimeout: 15_000,
    pool: 'forks',
    // The benchmark smoke test and the browser tests spawn processes of their own.
    fileParallelism: true,
    maxWorkers: 2,
    typecheck: { enabled: false },
  },
});
