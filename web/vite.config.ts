import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { localUrl } from '@shopfast/stack-ports';
import { defineConfig } from 'vite';

// `npm run dev` serves the shop on :5173 and sends /api to the local gateway. /config.json is not
// bundled: the edge (NGINX) renders it at start, so the same build runs with or without RUM.
export default defineConfig({
  plugins: [react()],
  // @shopfast/contracts (the zod schemas the shop validates forms with) is a workspace package compiled to
  // CommonJS for the services. Bundling its TypeScript source instead lets Rollup tree-shake zod's ESM
  // build (the CommonJS one doubles the shop's script) and lets the dev server serve it as a module.
  resolve: { alias: { '@shopfast/contracts': fileURLToPath(new URL('../packages/contracts/src/index.ts', import.meta.url)) } },
  build: { outDir: 'dist', sourcemap: true, emptyOutDir: true },
  server: {
    port: 5173,
    proxy: {
      // The local stack's ports from the one registry (SHOPFAST_GATEWAY_PORT / SHOPFAST_EDGE_PORT move them).
      '/api': localUrl('gateway'),
      '/config.json': localUrl('edge'),
    },
  },
});
