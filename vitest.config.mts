import { defineConfig } from 'vitest/config';

/**
 * Three projects, by file name:
 * - unit:        *.test.ts          pure logic, no servers
 * - integration: *.int.test.ts      a service in-process against its real store (local stack)
 * - e2e:         *.e2e.test.ts      the running stack through the gateway, the test agent and the DogStatsD listener
 * Workspace packages resolve to their built dist/ (npm test builds first), exactly as services run.
 */
const exclude = ['**/node_modules/**', '**/dist/**', 'web/**'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...exclude, '**/*.int.test.ts', '**/*.e2e.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One store per kind is shared; files run one at a time so they cannot see each other's rows.
          fileParallelism: false,
          // Before the e2e project, never beside it: e2e tests stop Redis and change shared stock.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
