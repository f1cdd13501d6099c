import { defineConfig } from 'vitest/config';

/**
 * Real-browser end-to-end tests: playwright-core drives Debian's Chromium against the running local
 * stack (`npm run stack:up`). `npx vitest run --config web/vitest.browser.config.ts`.
 */
export default defineConfig({
  root: import.meta.dirname,
  test: {
    name: 'web-browser',
    environment: 'node',
    include: ['e2e/**/*.browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // One browser flow per file, in order: they share the stack and the RUM recorder.
    sequence: { concurrent: false },
  },
});
