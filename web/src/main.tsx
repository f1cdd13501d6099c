import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureApi } from './api/http';
import { App } from './app/App';
import { loadRuntimeConfig } from './config/runtime-config';
import { fetchFlags, startFaultFlags } from './flags/fault-flags';
import { initTelemetry, telemetry } from './telemetry/rum';
import './styles/shop.css';

async function start(): Promise<void> {
  const config = await loadRuntimeConfig();
  configureApi({ origin: config.apiOrigin });
  initTelemetry(config);
  // Browser faults (docs/faults.md), read from the gateway every 10 s; never delays the first render.
  startFaultFlags({ load: () => fetchFlags(config.apiOrigin, AbortSignal.timeout(5_000)) });
  // A promise nobody awaited failed: report it with where it came from (no-op without RUM).
  window.addEventListener('unhandledrejection', (event) => {
    telemetry.error(event.reason, { source: 'unhandledrejection' });
  });
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App config={config} />
    </StrictMode>,
  );
}

void start();
