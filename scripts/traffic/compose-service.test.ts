// The compose `traffic` profile runs this folder: the mount, the entry file and the options it passes
// must agree with the code (a renamed option would otherwise only fail inside a container).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseArgs } from './args.ts';
import { JOURNEYS } from './journeys/index.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Service {
  image: string;
  command: string[];
  volumes: string[];
  healthcheck: { test: string[] };
}

const traffic = (parse(fs.readFileSync(path.join(repo, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> }).services.traffic!;

describe('the compose traffic service', () => {
  it('mounts this folder read-only and runs its cli.ts with plain node on the Node 24 image', () => {
    const mount = traffic.volumes.find((volume) => volume.endsWith(':ro'))!;
    const [source, target] = mount.split(':');
    expect(path.resolve(repo, source!)).toBe(path.join(repo, 'scripts', 'traffic'));
    expect(traffic.image).toMatch(/^node:24-/);
    expect(traffic.command.slice(0, 2)).toEqual(['node', `${target}/cli.ts`]);
    expect(fs.existsSync(path.join(repo, 'scripts', 'traffic', 'cli.ts'))).toBe(true);
  });

  it('passes options the generator accepts: until stopped, against the gateway, with the heartbeat the healthcheck reads', () => {
    const args = traffic.command.slice(2).map((arg) => arg.replace('${TRAFFIC_RPS:-2}', '2'));
    const options = parseArgs(args, {}, JOURNEYS);
    expect(options).toMatchObject({ mode: 'api', target: 'http://gateway:5001', model: { kind: 'open', rate: 2 }, durationSeconds: 0 });
    expect(options.heartbeatFile).toBeTruthy();
    expect(traffic.healthcheck.test.join(' ')).toContain(options.heartbeatFile);
    // docker stop waits 10 s before SIGKILL: the grace period must end first.
    expect(options.graceSeconds).toBeLessThan(10);
  });
});
