// Our SMTP sink (packages/smtp-sink): the notification service sends its e-mails here, and tests
// read them back over HTTP. Nothing to install: it runs from source with the tsx loader.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StackError } from '../lib/errors';
import { httpOk } from '../lib/health';
import { HOST } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { repoRoot, statePaths } from '../lib/paths';
import type { Component } from './component';

const NAME = 'smtp-sink';
const entry = path.join(repoRoot, 'packages', 'smtp-sink', 'src', 'main.ts');

/**
 * Ports 2525 (SMTP) and 8025 (HTTP API), movable with SHOPFAST_SMTP_PORT / SHOPFAST_SMTP_API_PORT.
 * Moving the SMTP port also needs SHOPFAST_NOTIFICATION_SMTP_URL: app-services.ts builds the
 * notification service's SMTP_URL with 2525.
 */
const portSettings = {
  smtp: { env: 'SHOPFAST_SMTP_PORT', default: 2525 },
  api: { env: 'SHOPFAST_SMTP_API_PORT', default: 8025 },
} as const;

function sinkPort(name: keyof typeof portSettings): number {
  const { env, default: fallback } = portSettings[name];
  const raw = process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new StackError(`${env}=${raw} is not a valid port number`);
  return value;
}

export function smtpSink(): Component {
  const smtpPort = sinkPort('smtp');
  const apiPort = sinkPort('api');
  const logFile = statePaths.log(NAME);

  return {
    name: NAME,
    kind: 'backing',
    ports: [
      { port: smtpPort, proto: 'tcp', env: portSettings.smtp.env },
      { port: apiPort, proto: 'tcp', env: portSettings.api.env },
    ],
    url: `smtp://${HOST}:${smtpPort} api http://${HOST}:${apiPort}`,
    logFile,
    processMatch: 'smtp-sink',
    readyTimeoutMs: 20_000,

    start() {
      // `node --import tsx` keeps one process, so the PID we record is the server's (see dogstatsd.ts).
      return spawnDetached({
        cmd: process.execPath,
        args: ['--import', tsxLoaderUrl(), entry],
        cwd: repoRoot,
        env: { ...process.env, SMTP_SINK_HOST: HOST, SMTP_SINK_PORT: String(smtpPort), SMTP_SINK_API_PORT: String(apiPort) },
        logFile,
      });
    },

    isHealthy: () => httpOk(`http://${HOST}:${apiPort}/healthz`),
  };
}

function tsxLoaderUrl(): string {
  try {
    return pathToFileURL(require.resolve('tsx', { paths: [repoRoot] })).href;
  } catch {
    throw new StackError('cannot find the `tsx` package: run `npm install` at the repository root', { component: NAME });
  }
}
