// Our SMTP sink (packages/smtp-sink): the notification service sends its e-mails here, and tests
// read them back over HTTP. Nothing to install: it runs from source with the tsx loader.
import * as path from 'node:path';
import { httpOk } from '../lib/health';
import { HOST, port, portRegistry } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { tsxLoaderUrl } from '../lib/tsx-loader';
import { repoRoot, statePaths } from '../lib/paths';
import type { Component } from './component';

const NAME = 'smtp-sink';
const entry = path.join(repoRoot, 'packages', 'smtp-sink', 'src', 'main.ts');

/** Ports 2525 (SMTP) and 8025 (HTTP API), movable with SHOPFAST_SMTP_PORT / SHOPFAST_SMTP_API_PORT. */
export function smtpSink(): Component {
  const smtpPort = port('smtp');
  const apiPort = port('smtpApi');
  const logFile = statePaths.log(NAME);

  return {
    name: NAME,
    after: [],
    ports: [
      { port: smtpPort, proto: 'tcp', env: portRegistry.smtp.env },
      { port: apiPort, proto: 'tcp', env: portRegistry.smtpApi.env },
    ],
    url: `smtp://${HOST}:${smtpPort} api http://${HOST}:${apiPort}`,
    logFile,
    processMatch: 'smtp-sink',
    readyTimeoutMs: 20_000,

    start() {
      // `node --import tsx` keeps one process, so the PID we record is the server's (see dogstatsd.ts).
      return spawnDetached({
        cmd: process.execPath,
        args: ['--import', tsxLoaderUrl(NAME), entry],
        cwd: repoRoot,
        env: { ...process.env, SMTP_SINK_HOST: HOST, SMTP_SINK_PORT: String(smtpPort), SMTP_SINK_API_PORT: String(apiPort) },
        logFile,
      });
    },

    isHealthy: () => httpOk(`http://${HOST}:${apiPort}/healthz`),
  };
}

