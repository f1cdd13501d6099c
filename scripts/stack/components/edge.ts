// The edge: Debian's nginx serving the storefront build (web/dist) and its runtime /config.json on
// :8080, proxying /api to the gateway. Same server template as compose (infra/nginx/templates),
// rendered into .stack/data/edge/ with the pid, logs and temp paths there, in the foreground.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rootVersion } from '../app-services';
import { localEdgeSettings, writeEdgeConfig } from '../../../infra/nginx/render-edge-config';
import { StackError } from '../lib/errors';
import { runOrThrow } from '../lib/exec';
import { httpOk } from '../lib/health';
import { ensureCommand } from '../lib/install';
import { HOST, port, portRegistry } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { repoRoot, statePaths } from '../lib/paths';
import type { Component } from './component';

const NAME = 'edge';
const webRoot = path.join(repoRoot, 'web', 'dist');

export function edge(): Component {
  // 8080 and 5001 unless SHOPFAST_EDGE_PORT / SHOPFAST_GATEWAY_PORT move them.
  const edgePort = port('edge');
  const gatewayPort = port('gateway');
  const dir = statePaths.data(NAME);
  const mainConfig = path.join(dir, 'nginx.conf');
  const logFile = statePaths.log(NAME);
  let binary = 'nginx';

  return {
    name: NAME,
    // nginx itself needs nothing running (upstreams resolve per request), but it proxies /api to the
    // gateway: started after it, it never answers /api with an error while the stack comes up.
    after: ['gateway'],
    ports: [{ port: edgePort, proto: 'tcp', env: portRegistry.edge.env }],
    url: `http://localhost:${edgePort}`,
    logFile,
    processMatch: mainConfig,
    readyTimeoutMs: 15_000,

    async install(say) {
      binary = await ensureCommand(NAME, 'nginx', 'nginx', say);
      if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
        say('building the storefront (npm run build -w @shopfast/web)');
        await runOrThrow(NAME, 'npm', ['run', 'build', '-w', '@shopfast/web'], { cwd: repoRoot, logFile: statePaths.installLog(NAME) });
      }
    },

    async start() {
      let settings;
      try {
        settings = localEdgeSettings(process.env, { port: edgePort, webRoot, gatewayPort, version: rootVersion() });
        writeEdgeConfig(dir, settings, path.join(statePaths.logDir, 'edge-access.log'));
      } catch (err) {
        throw new StackError((err as Error).message, { component: NAME });
      }
      // `nginx -t` first: a bad value gives its message here rather than a silent exit.
      await runOrThrow(NAME, binary, ['-t', '-q', '-p', dir, '-c', mainConfig, '-e', 'stderr'], { logFile });
      return spawnDetached({ cmd: binary, args: ['-p', dir, '-c', mainConfig, '-e', 'stderr', '-g', 'daemon off;'], logFile });
    },

    isHealthy: () => httpOk(`http://${HOST}:${edgePort}/healthz`),
  };
}
