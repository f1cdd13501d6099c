import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../model/incident';
import { countRunning, createComposeScaler } from './compose-scaler';

/**
 * A stand-in for the docker CLI: records its argv (one JSON line per call), prints `psOutput` for `ps`, and
 * exits with `exitCode` for `up` (printing `stderr`).
 */
function fakeDocker({ psOutput, exitCode = 0, stderr = '' }: { psOutput: string; exitCode?: number; stderr?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'fake-docker-'));
  const log = join(dir, 'argv.log');
  const executable = join(dir, 'docker');
  writeFileSync(
    executable,
    `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
if (args.includes('ps')) { process.stdout.write(${JSON.stringify(psOutput)}); process.exit(0); }
process.stderr.write(${JSON.stringify(stderr)});
process.exit(${exitCode});
`,
  );
  chmodSync(executable, 0o755);
  const calls = () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]);
  return { executable, calls };
}

const line = (service: string, state = 'running') => JSON.stringify({ Name: `shopfast-${service}-1`, Service: service, State: state });
const options = (executable: string) => ({ executable, project: 'shopfast', files: ['/srv/shopfast/docker-compose.yml'], max: 3, timeoutMs: 5_000 });

describe('the compose scaler', () => {
  it('counts the running containers, then runs `docker compose up --scale` with one more', async () => {
    const docker = fakeDocker({ psOutput: `${line('order')}\n` });
    const result = await createComposeScaler(options(docker.executable)).scaleUp('order');
    expect(result).toEqual({ scaler: 'compose', service: 'order', result: 'scaled', from: 1, to: 2 });
    expect(docker.calls()).toEqual([
      ['compose', '-p', 'shopfast', '-f', '/srv/shopfast/docker-compose.yml', 'ps', '--format', 'json', '--status', 'running', 'order'],
      ['compose', '-p', 'shopfast', '-f', '/srv/shopfast/docker-compose.yml', 'up', '-d', '--no-deps', '--no-recreate', '--scale', 'order=2', 'order'],
    ]);
  });

  it('reads the JSON array older Compose releases print, and stops at SCALE_MAX', async () => {
    const two = fakeDocker({ psOutput: `[${line('cart')},${line('cart')}]` });
    expect(await createComposeScaler(options(two.executable)).scaleUp('cart')).toMatchObject({ result: 'scaled', from: 2, to: 3 });
    const three = fakeDocker({ psOutput: [line('cart'), line('cart'), line('cart')].join('\n') });
    expect(await createComposeScaler(options(three.executable)).scaleUp('cart')).toEqual({ scaler: 'compose', service: 'cart', result: 'at_max', from: 3, to: 3 });
    expect(three.calls().map((args) => args[5])).toEqual(['ps']);
  });

  it('fails retryably when compose fails (the daemon may come back), for good when the CLI is missing', async () => {
    const failing = fakeDocker({ psOutput: '', exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock' });
    const error = await createComposeScaler(options(failing.executable)).scaleUp('order').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringContaining('Cannot connect to the Docker daemon') });
    const missing = await createComposeScaler(options('/nonexistent/docker')).scaleUp('order').catch((e: unknown) => e);
    expect(missing).toMatchObject({ retryable: false, message: expect.stringContaining('not found') });
  });

  it('never passes a name that is not a compose service name to the CLI', async () => {
    const docker = fakeDocker({ psOutput: '' });
    for (const name of ['--all', 'Order', 'a b', '../x', '']) {
      await expect(createComposeScaler(options(docker.executable)).scaleUp(name)).rejects.toMatchObject({ retryable: false });
    }
    expect(() => docker.calls()).toThrow();
  });

  it('counts only running containers of the service', () => {
    expect(countRunning('', 'order')).toBe(0);
    expect(countRunning([line('order'), line('order', 'exited'), line('cart')].join('\n'), 'order')).toBe(1);
    expect(countRunning(`[${line('order')}]`, 'order')).toBe(1);
  });
});
