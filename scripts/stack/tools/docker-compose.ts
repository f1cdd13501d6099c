// The Docker Compose v2 CLI (the Go implementation Docker Desktop ships), built from the Go module
// proxy and cached, so `npm test` validates the compose files with the loader users run, not with an
// older reimplementation. `docker-compose config` needs no engine. Module github.com/docker/compose/v5
// is Compose v2's own repository after its 2025 renumbering; v5.6.0 is the newest release the Go
// toolchain on these machines can build (v5.7 needs Go 1.26.10).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { versions } from '../../../infra/versions';
import { buildGoModule } from '../lib/go-build';
import type { Logger } from '../lib/log';
import { cacheDir } from '../lib/paths';

export const DOCKER_COMPOSE_VERSION = versions.local.dockerCompose;
const MODULE = `github.com/docker/compose/${DOCKER_COMPOSE_VERSION.split('.')[0]}`;

/** Where the built CLI lives: <cache>/bin/docker-compose-<version>. */
export function dockerComposeBinary(): string {
  return path.join(cacheDir(), 'bin', `docker-compose-${DOCKER_COMPOSE_VERSION}`);
}

/** Builds the CLI once (about a minute and a half on 2 cores); returns its path. */
export async function ensureDockerCompose(say: Logger): Promise<string> {
  const binary = dockerComposeBinary();
  if (fs.existsSync(binary)) return binary;
  await buildGoModule(
    {
      component: 'docker-compose',
      module: MODULE,
      version: DOCKER_COMPOSE_VERSION,
      packagePath: './cmd',
      binary,
      // As the project's Makefile stamps it, so `docker-compose version` names the release.
      ldflags: `-w -X ${MODULE}/internal.Version=${DOCKER_COMPOSE_VERSION}`,
      expectedTime: 'about two minutes',
    },
    say,
  );
  return binary;
}
