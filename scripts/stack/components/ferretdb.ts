// MongoDB wire protocol for local runs: FerretDB 1.x on SQLite (no MongoDB server can be
// installed here; see docs/decisions/001-local-stand-ins.md).
//
// Built from source with the Go toolchain and cached (lib/go-build.ts). `go install …@v1.24.2`
// builds a binary that panics at start because the module lacks build/version/version.txt, so the
// build adds that file to its copy of the module.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildGoModule } from '../lib/go-build';
import { tcpProbe } from '../lib/health';
import type { Logger } from '../lib/log';
import { HOST, port, portRegistry } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { cacheDir, statePaths } from '../lib/paths';
import type { Component } from './component';
import { versions } from '../../../infra/versions';

const NAME = 'ferretdb';
export const FERRETDB_VERSION = versions.local.ferretdb;

export function ferretdbBinary(): string {
  return path.join(cacheDir(), 'bin', `ferretdb-${FERRETDB_VERSION}`);
}

export function ferretdb(): Component {
  const mongoPort = port('mongo');
  const dataDir = statePaths.data(NAME);
  const logFile = statePaths.log(NAME);
  const binary = ferretdbBinary();

  return {
    name: NAME,
    after: [],
    ports: [{ port: mongoPort, proto: 'tcp', env: portRegistry.mongo.env }],
    url: `mongodb://${HOST}:${mongoPort}/<db>`,
    logFile,
    processMatch: 'ferretdb',
    readyTimeoutMs: 30_000,

    async install(say) {
      if (!fs.existsSync(binary)) await buildFerretdb(binary, say);
    },

    start() {
      fs.mkdirSync(dataDir, { recursive: true });
      return spawnDetached({
        cmd: binary,
        args: [
          '--handler=sqlite',
          `--sqlite-url=file:${dataDir}/`,
          `--state-dir=${dataDir}`, // default is the cwd
          `--listen-addr=${HOST}:${mongoPort}`,
          '--debug-addr=-', // its metrics/pprof listener defaults to :8088, which may clash
          '--telemetry=disable',
          '--log-level=warn',
        ],
        logFile,
      });
    },

    // FerretDB accepts connections only once its backend is open; a TCP connect is enough.
    isHealthy: () => tcpProbe(mongoPort),
  };
}

function buildFerretdb(binary: string, say: Logger): Promise<void> {
  return buildGoModule(
    {
      component: NAME,
      module: 'github.com/FerretDB/FerretDB',
      version: FERRETDB_VERSION,
      packagePath: './cmd/ferretdb',
      binary,
      // The published module lacks the file its start-up version check reads.
      prepare: (source) => fs.writeFileSync(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`),
      expectedTime: 'about a minute',
    },
    say,
  );
}
