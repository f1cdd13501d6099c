import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the shop on :5173 and sends /api to the local gateway. /config.json is not
// bundled: the edge (NGINX) renders it at start, so the same build runs with or without RUM.
export default defineConfig({
  plugins: [react()],
  // @shopfast/contracts is a workspace link compiled to CommonJS. `vite build` and Vitest convert it by
  // themselves, but the dev server would send it to the browser as is ("exports is not defined") now
  // that the shop imports a value from it (LOW_STOCK_THRESHOLD): pre-bundle it like a dependency.
  // After changing the contracts, `vite --force` re-bundles it.
  optimizeDeps: { include: ['@shopfast/contracts'] },
  build: { outDir: 'dist', sourcemap: true, emptyOutDir: true },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:5001',
      '/config.json': 'http://127.0.0.1:8080',
    },
  },
});
