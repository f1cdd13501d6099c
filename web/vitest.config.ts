import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Components and state in jsdom: `npx vitest run --config web/vitest.config.ts` (or `npm test -w @shopfast/web`). */
export default defineConfig({
  plugins: [react()],
  root: import.meta.dirname,
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
