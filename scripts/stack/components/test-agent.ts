// Datadog's APM test agent (PyPI `ddapm-test-agent`) stands in for the Datadog agent's trace
// intake: it accepts what dd-trace sends and lets tests read the spans back.
// Installed into a virtualenv in the cache, pinned, so every machine gets the same behaviour.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runOrThrow } from '../lib/exec';
import { httpOk } from '../lib/health';
import { ensureCommand } from '../lib/install';
import type { Logger } from '../lib/log';
import { HOST, port, portRegistry } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { cacheDir, repoRoot, statePaths } from '../lib/paths';
import type { Component } from './component';
import { versions } from '../../../infra/versions';

const NAME = 'test-agent';
/** Same release as the compose test-agent image (infra/versions.json); bump deliberately. */
export const TEST_AGENT_VERSION = versions.local.testAgent;

export function testAgent(): Component {
  const agentPort = port('testAgent');
  const otlpGrpc = port('otlpGrpc');
  const otlpHttp = port('otlpHttp');
  const venv = path.join(cacheDir(), 'ddapm-test-agent-venv');
  const executable = path.join(venv, 'bin', 'ddapm-test-agent');
  const snapshotDir = path.join(repoRoot, 'tests', 'e2e', 'snapshots');
  const logFile = statePaths.log(NAME);

  return {
    name: NAME,
    after: [],
    ports: [
      { port: agentPort, proto: 'tcp', env: portRegistry.testAgent.env },
      { port: otlpGrpc, proto: 'tcp', env: portRegistry.otlpGrpc.env },
      { port: otlpHttp, proto: 'tcp', env: portRegistry.otlpHttp.env },
    ],
    url: `http://${HOST}:${agentPort}`,
    logFile,
    processMatch: 'ddapm-test-agent',
    readyTimeoutMs: 30_000,

    async install(say) {
      // The marker is written last; the executable check catches a venv whose Python was removed.
      if (installedVersion(venv) !== TEST_AGENT_VERSION || !fs.existsSync(executable)) await installVenv(venv, say);
    },

    start() {
      fs.mkdirSync(snapshotDir, { recursive: true });
      return spawnDetached({
        // The console script's shebang is the venv's python: one process, its PID is the server's.
        cmd: executable,
        args: [
          `--host=${HOST}`,
          `--port=${agentPort}`,
          `--otlp-grpc-port=${otlpGrpc}`,
          `--otlp-http-port=${otlpHttp}`,
          `--snapshot-dir=${snapshotDir}`,
        ],
        // In CI a missing snapshot file is a failure; locally it is written.
        env: { ...process.env, SNAPSHOT_CI: process.env.CI === 'true' ? '1' : '0' },
        logFile,
      });
    },

    isHealthy: () => httpOk(`http://${HOST}:${agentPort}/info`),
  };
}

const markerFile = (venv: string) => path.join(venv, '.shopfast-installed');

function installedVersion(venv: string): string | undefined {
  try {
    return fs.readFileSync(markerFile(venv), 'utf8').trim();
  } catch {
    return undefined;
  }
}

async function installVenv(venv: string, say: Logger): Promise<void> {
  const python = await ensureCommand(NAME, 'python3', 'python3-venv', say);
  const logFile = statePaths.installLog(NAME);
  say(`installing ddapm-test-agent==${TEST_AGENT_VERSION} into ${venv} (output: ${logFile})`);
  // A venv cannot be moved (its scripts hold absolute paths), so it is built in place; the
  // marker, written last, says it is complete. Anything without the marker is rebuilt.
  fs.rmSync(venv, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  await runOrThrow(NAME, python, ['-m', 'venv', venv], { logFile });
  await runOrThrow(
    NAME,
    path.join(venv, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--no-input', `ddapm-test-agent==${TEST_AGENT_VERSION}`],
    { logFile },
  );
  fs.writeFileSync(markerFile(venv), `${TEST_AGENT_VERSION}\n`);
}
