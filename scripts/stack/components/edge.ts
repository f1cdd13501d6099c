// The edge: Debian's nginx serving the storefront build (web/dist) and its runtime /config.json on
// :8080, proxying /api to the gateway. Same server template as compose (infra/nginx/templates),
// rendered into .stack/data/edge/ with the pid, logs and temp paths there, in the foreground.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localEdgeSettings, writeEdgeConfig } from '../../../infra/nginx/render-edge-config';
import { StackError } from '../lib/errors';
import { runOrThrow } from '../lib/exec';
import { httpOk } from '../lib/health';
import { ensureCommand } from '../lib/install';
import { servicePorts } from '../app-services';
import { HOST } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { repoRoot, statePaths } from '../lib/paths';
import type { Component } from './component';

const NAME = 'edge';
const webRoot = path.join(repoRoot, 'web', 'dist');

/** 8080, movable with SHOPFAST_EDGE_PORT; the gateway it proxies to follows SHOPFAST_GATEWAY_PORT. */
function portFrom(env: string, fallback: number): number {
  const raw = process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new StackError(`${env}=${raw} is not a valid port number`);
  return value;
}

function rootVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

export function edge(): Component {
  const edgePort = portFrom('SHOPFAST_EDGE_PORT', 8080);
  const gatewayPort = portFrom('SHOPFAST_GATEWAY_PORT', servicePorts.gateway);
  const dir = statePaths.data(NAME);
  const mainConfig = path.join(dir, 'nginx.conf');
  const logFile = statePaths.log(NAME);
  let binary = 'nginx';

  return {
    name: NAME,
    kind: 'app',
    ports: [{ port: edgePort, proto: 'tcp', env: 'SHOPFAST_EDGE_PORT' }],
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
