// Our PagerDuty and Slack stand-in (packages/alert-sink): the incident service pages and posts here, and
// tests read back what an on-call engineer would have received. Nothing to install: it runs from source
// with the tsx loader.
import * as path from 'node:path';
import { httpOk } from '../lib/health';
import { HOST, port, portRegistry } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { tsxLoaderUrl } from '../lib/tsx-loader';
import { repoRoot, statePaths } from '../lib/paths';
import type { Component } from './component';

const NAME = 'alert-sink';
const entry = path.join(repoRoot, 'packages', 'alert-sink', 'src', 'main.ts');

/** Port 8027 (HTTP), movable with SHOPFAST_ALERT_SINK_PORT. */
export function alertSink(): Component {
  const apiPort = port('alertSink');
  const logFile = statePaths.log(NAME);

  return {
    name: NAME,
    after: [],
    ports: [{ port: apiPort, proto: 'tcp', env: portRegistry.alertSink.env }],
    url: `http://${HOST}:${apiPort}`,
    logFile,
    processMatch: 'alert-sink',
    readyTimeoutMs: 20_000,

    start() {
      // `node --import tsx` keeps one process, so the PID we record is the server's (see dogstatsd.ts).
      return spawnDetached({
        cmd: process.execPath,
        args: ['--import', tsxLoaderUrl(NAME), entry],
        cwd: repoRoot,
        env: { ...process.env, ALERT_SINK_HOST: HOST, ALERT_SINK_PORT: String(apiPort) },
        logFile,
      });
    },

    isHealthy: () => httpOk(`http://${HOST}:${apiPort}/healthz`),
  };
}
