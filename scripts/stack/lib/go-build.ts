// Builds a Go program from a module on the Go module proxy and caches the binary, for tools no
// registry here ships as a binary: FerretDB (the local MongoDB stand-in) and the Docker Compose v2
// CLI (npm test validates the compose files with it). `go install module/cmd@version` refuses
// modules whose go.mod has replace/exclude directives (compose) and builds FerretDB without the file
// its version check needs, so: download the module, copy it out of the read-only module cache, let
// the caller patch the copy, `go build` it, and move the binary into place atomically.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StackError } from './errors';
import { runOrThrow, which } from './exec';
import type { Logger } from './log';
import { statePaths } from './paths';

export interface GoBuild {
  /** Names the work in messages and its install log. */
  component: string;
  /** Module path and version, e.g. github.com/docker/compose/v5 and v5.6.0. */
  module: string;
  version: string;
  /** Package to build, relative to the module root, e.g. ./cmd. */
  packagePath: string;
  /** Where the binary goes (its directory is created). */
  binary: string;
  /** -ldflags, e.g. to stamp the version the program reports. */
  ldflags?: string;
  /** Patches the writable copy of the module before the build. */
  prepare?: (sourceDir: string) => void;
  /** Shown while building, e.g. "about a minute". */
  expectedTime: string;
}

export async function buildGoModule(build: GoBuild, say: Logger): Promise<void> {
  const go = which('go');
  if (!go) {
    throw new StackError(
      `building ${build.module} needs the Go toolchain (>= 1.21; Debian 12's golang-go 1.19 is too old). ` +
        'Install Go from https://go.dev/dl and make sure `go` is on PATH.',
      { component: build.component },
    );
  }
  const logFile = statePaths.installLog(build.component);
  say(`building ${build.module}@${build.version} from source with go (${build.expectedTime}, once; output: ${logFile})`);
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `shopfast-${build.component}-`));
  try {
    const downloaded = await runOrThrow(build.component, go, ['mod', 'download', '-json', `${build.module}@${build.version}`], { cwd: work, logFile });
    // Output also holds "go: downloading …" lines (stderr); pick the Dir field of the JSON.
    const dirField = /"Dir":\s*("(?:[^"\\]|\\.)*")/.exec(downloaded.output)?.[1];
    const moduleDir = dirField ? (JSON.parse(dirField) as string) : undefined;
    if (!moduleDir) {
      const reason = /"Error":\s*("(?:[^"\\]|\\.)*")/.exec(downloaded.output)?.[1];
      throw new StackError(`\`go mod download\` did not report the module directory${reason ? `: ${JSON.parse(reason) as string}` : ''}`, {
        component: build.component,
        logFile,
      });
    }
    const source = path.join(work, 'src');
    // The module cache is read-only: copy, then make the copy writable.
    fs.cpSync(moduleDir, source, { recursive: true });
    await runOrThrow(build.component, 'chmod', ['-R', 'u+w', source]);
    build.prepare?.(source);
    fs.mkdirSync(path.dirname(build.binary), { recursive: true });
    const partial = `${build.binary}.partial-${process.pid}`;
    const flags = build.ldflags ? ['-trimpath', '-ldflags', build.ldflags] : [];
    await runOrThrow(build.component, go, ['build', ...flags, '-o', partial, build.packagePath], { cwd: source, logFile });
    fs.renameSync(partial, build.binary); // atomic: a half-written binary is never used
    say(`built ${build.binary} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
