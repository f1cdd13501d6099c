// A ShopFast service or the gateway: `node dist/main.js` in its workspace folder.
// process.execPath (not npm/npx) so the PID we record is the service's own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type AppService, launchEnv } from '../app-services';
import { httpOk } from '../lib/health';
import { HOST, portRegistry } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { repoRoot, statePaths } from '../lib/paths';
import type { Component } from './component';

export function appServiceComponent(service: AppService): Component {
  const cwd = path.join(repoRoot, service.dir);
  const env = launchEnv(service);
  // The PORT it is launched with: service.port, which follows SHOPFAST_<SERVICE>_PORT.
  const listenPort = Number(env.PORT ?? service.port);
  const logFile = statePaths.log(service.name);

  return {
    name: service.name,
    after: service.after,
    ports: [{ port: listenPort, proto: 'tcp', env: portRegistry[service.name].env }],
    url: `http://${HOST}:${listenPort}`,
    logFile,
    processMatch: 'dist/main.js',
    readyTimeoutMs: 60_000,
    available: () => fs.existsSync(path.join(cwd, 'dist', 'main.js')),

    start: () =>
      spawnDetached({ cmd: process.execPath, args: ['dist/main.js'], cwd, env, logFile }),

    isHealthy: () => httpOk(`http://${HOST}:${listenPort}/readyz`),
  };
}
