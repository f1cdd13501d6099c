// datadog.yaml and system-probe.yaml hold Agent 7 keys where Agent 7 reads them, no secret, and the
// agent container's entrypoint wrapper says loudly when there is no API key instead of crash-looping.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRepoFile, repoRoot } from './compose-file';

const datadog = parse(readRepoFile('datadog.yaml')) as Record<string, unknown>;
const systemProbe = parse(readRepoFile('infra/datadog/agent/system-probe.yaml')) as Record<string, unknown>;

describe('datadog.yaml', () => {
  it('turns on APM from other containers, container logs, live processes and non-local DogStatsD', () => {
    expect(datadog).toMatchObject({
      apm_config: { enabled: true, apm_non_local_traffic: true },
      logs_enabled: true,
      logs_config: { container_collect_all: true },
      process_config: { process_collection: { enabled: true } },
      dogstatsd_non_local_traffic: true,
    });
    expect(['low', 'orchestrator', 'high']).toContain(datadog.dogstatsd_tag_cardinality);
  });

  it('holds no API key (it comes from DD_API_KEY in .env) and no network_config (system-probe.yaml owns it)', () => {
    expect(datadog).not.toHaveProperty('api_key');
    expect(datadog).not.toHaveProperty('network_config');
    expect(readRepoFile('datadog.yaml')).not.toMatch(/^\s*api_key\s*:/m);
  });

  it('enables Network Performance Monitoring in system-probe.yaml', () => {
    expect(systemProbe).toEqual({ network_config: { enabled: true } });
  });
});

describe('agent entrypoint without an API key', () => {
  const script = path.join(repoRoot, 'infra/datadog/agent/agent-entrypoint.sh');

  it('is valid bash', () => {
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
  });

  it('prints that telemetry goes nowhere and keeps running instead of exiting into a restart loop', async () => {
    const child = spawn('bash', [script], { env: { PATH: process.env.PATH, DD_API_KEY: '' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 700));
    const stillRunning = child.exitCode === null;
    child.kill('SIGTERM');
    expect(output).toMatch(/DD_API_KEY is empty: the Datadog agent is NOT running\. Telemetry goes nowhere\./);
    expect(stillRunning).toBe(true);
  });

  it('hands over to the image entrypoint when a key is set', () => {
    // /bin/entrypoint.sh exists only in the agent image, so here the hand-over fails, naming it.
    const result = spawnSync('bash', [script], { env: { PATH: process.env.PATH, DD_API_KEY: 'x' }, encoding: 'utf8', timeout: 5_000 });
    expect(result.stdout).not.toMatch(/Telemetry goes nowhere/);
    expect(result.stderr).toMatch(/\/bin\/entrypoint\.sh/);
  });
});
