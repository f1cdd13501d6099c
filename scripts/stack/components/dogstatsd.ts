// Our DogStatsD listener (scripts/dogstatsd/listener.ts): the test agent does not accept
// metrics, so this records every UDP line for tests to read back over HTTP.
import * as path from 'node:path';
import { httpOk } from '../lib/health';
import { HOST, port, portRegistry } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { tsxLoaderUrl } from '../lib/tsx-loader';
import { repoRoot, statePaths } from '../lib/paths';
import type { Component } from './component';

const NAME = 'dogstatsd';
const listener = path.join(repoRoot, 'scripts', 'dogstatsd', 'listener.ts');

export function dogstatsd(): Component {
  const udpPort = port('dogstatsd');
  const apiPort = port('dogstatsdApi');
  const logFile = statePaths.log(NAME);

  return {
    name: NAME,
    after: [],
    ports: [
      { port: udpPort, proto: 'udp', env: portRegistry.dogstatsd.env },
      { port: apiPort, proto: 'tcp', env: portRegistry.dogstatsdApi.env },
    ],
    url: `udp://${HOST}:${udpPort} api http://${HOST}:${apiPort}`,
    logFile,
    processMatch: 'listener.ts',
    readyTimeoutMs: 20_000,

    start() {
      // `node --import tsx` loads TypeScript in-process. The tsx CLI would instead spawn a
      // second node process, and the PID we hold would not be the server's.
      return spawnDetached({
        cmd: process.execPath,
        args: ['--import', tsxLoaderUrl(NAME), listener],
        cwd: repoRoot,
        env: {
          ...process.env,
          DOGSTATSD_HOST: HOST,
          DOGSTATSD_PORT: String(udpPort),
          DOGSTATSD_API_PORT: String(apiPort),
          DOGSTATSD_LINES_LOG: path.join(statePaths.logDir, 'dogstatsd-lines.log'),
        },
        logFile,
      });
    },

    isHealthy: () => httpOk(`http://${HOST}:${apiPort}/healthz`),
  };
}

