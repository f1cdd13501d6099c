// MongoDB wire protocol for local runs: FerretDB 1.x on SQLite (no MongoDB server can be
// installed here; see docs/decisions/001-local-stand-ins.md).
//
// Built from source with the Go toolchain and cached. `go install …@v1.24.2` builds a binary
// that panics at start because the module lacks build/version/version.txt, so we copy the
// module out of the Go module cache, add that file and `go build` it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runOrThrow, which } from '../lib/exec';
import { StackError } from '../lib/errors';
import { tcpProbe } from '../lib/health';
import type { Logger } from '../lib/log';
import { HOST, port, portSettings } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { cacheDir, statePaths } from '../lib/paths';
import type { Component } from './component';

const NAME = 'ferretdb';
export const FERRETDB_VERSION = 'v1.24.2';

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
    kind: 'backing',
    ports: [{ port: mongoPort, proto: 'tcp', env: portSettings.mongo.env }],
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

async function buildFerretdb(binary: string, say: Logger): Promise<void> {
  const go = which('go');
  if (!go) {
    throw new StackError(
      'building FerretDB needs the Go toolchain (>= 1.21; Debian 12\'s golang-go 1.19 is too old). ' +
        'Install Go from https://go.dev/dl and make sure `go` is on PATH.',
      { component: NAME },
    );
  }
  const logFile = statePaths.installLog(NAME);
  say(`building FerretDB ${FERRETDB_VERSION} from source with go (about a minute, once; output: ${logFile})`);
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-ferretdb-'));
  try {
    const downloaded = await runOrThrow(
      NAME,
      go,
      ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`],
      { cwd: work, logFile },
    );
    // Output also holds "go: downloading …" lines (stderr); pick the Dir field of the JSON.
    const dirField = /"Dir":\s*("(?:[^"\\]|\\.)*")/.exec(downloaded.output)?.[1];
    const moduleDir = dirField ? (JSON.parse(dirField) as string) : undefined;
    if (!moduleDir) {
      throw new StackError('`go mod download` did not report the module directory', { component: NAME, logFile });
    }
    const source = path.join(work, 'src');
    // The module cache is read-only: copy, then make the copy writable.
    fs.cpSync(moduleDir, source, { recursive: true });
    await runOrThrow(NAME, 'chmod', ['-R', 'u+w', source]);
    fs.writeFileSync(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    const partial = `${binary}.partial-${process.pid}`;
    await runOrThrow(NAME, go, ['build', '-o', partial, './cmd/ferretdb'], { cwd: source, logFile });
    fs.renameSync(partial, binary); // atomic: a half-written binary is never used
    say(`built ${binary} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
