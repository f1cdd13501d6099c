// Runs the Docker Compose v2 CLI that npm test builds (scripts/stack/tools/docker-compose.ts): the
// loader Docker Desktop uses, no engine needed for `config`. Missing binary = a failed test that says
// how to build it, never a silent pass.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dockerComposeBinary } from '../../scripts/stack/tools/docker-compose';
import { envExample, repoRoot } from './compose-file';

export const composeBinary = dockerComposeBinary();
export const BUILD_HINT = `Compose v2 is not built at ${composeBinary}: npm test builds it (scripts/stack/tools/docker-compose.ts, Go toolchain needed)`;

/** Every file combination users run: the default file alone and with each override. */
export const composeFileSets = [
  ['docker-compose.yml'],
  ['docker-compose.yml', 'docker-compose.test-agent.yml'],
  ['docker-compose.yml', 'docker-compose.network-monitoring.yml'],
] as const;
export const composeProfiles = [[], ['traffic']] as const;

export interface ComposeRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `docker-compose -f … [--profile …] <args>` with a fresh clone's .env (a copy of .env.example) in a
 * project directory of its own, so a developer's real .env never changes the result.
 */
export function runCompose(files: readonly string[], profiles: readonly string[], args: string[], cwd = repoRoot): ComposeRun {
  const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-compose-env-')), '.env');
  fs.writeFileSync(envFile, Object.entries(envExample()).map(([key, value]) => `${key}=${value}`).join('\n'));
  try {
    const result = spawnSync(
      composeBinary,
      [...files.flatMap((file) => ['-f', file]), '--env-file', envFile, ...profiles.flatMap((profile) => ['--profile', profile]), ...args],
      // A clean environment: no COMPOSE_* or DD_* of the caller leaks into the interpolation.
      { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NO_COLOR: '1' } },
    );
    if (result.error) throw new Error(`${BUILD_HINT}\n(${result.error.message})`);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    fs.rmSync(path.dirname(envFile), { recursive: true, force: true });
  }
}

export interface ResolvedService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  networks?: Record<string, { ipv4_address?: string; ipv6_address?: string; aliases?: string[] } | null>;
  ports?: Array<{ target: number; published?: string; host_ip?: string }>;
  profiles?: string[];
  volumes?: Array<{ type: string; source?: string; target: string }>;
  cgroup?: string;
  cap_add?: string[];
  security_opt?: string[];
}

export interface ResolvedProject {
  name: string;
  services: Record<string, ResolvedService>;
  networks?: Record<string, { name?: string; ipam?: { config?: Array<{ subnet?: string; ip_range?: string; gateway?: string }> } }>;
}

/** The project exactly as Compose resolves it (merged overrides, interpolation, profiles applied). */
export function resolvedProject(files: readonly string[], profiles: readonly string[] = []): ResolvedProject {
  const result = runCompose(files, profiles, ['config', '--format', 'json']);
  if (result.status !== 0) throw new Error(`docker compose config failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as ResolvedProject;
}
