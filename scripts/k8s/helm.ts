// The helm CLI, built from the Go module proxy and cached like Compose (scripts/stack/tools/docker-compose.ts):
// no registry here ships helm as a binary, and `helm lint` / `helm template` need no cluster, so npm test
// checks the chart offline with the helm users run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { which } from '../stack/lib/exec';
import { buildGoModule } from '../stack/lib/go-build';
import type { Logger } from '../stack/lib/log';
import { cacheDir } from '../stack/lib/paths';
import { kubernetesVersions } from './versions';

export const HELM_VERSION = kubernetesVersions.helm;
const MODULE = 'helm.sh/helm/v3';
/**
 * helm's Makefile stamps the Kubernetes version its client library speaks (client-go v0.37 -> 1.37) as
 * the default `.Capabilities.KubeVersion`; without it a source build says 1.20. The tests pass
 * --kube-version anyway, so this only keeps `helm template` without the flag honest.
 */
const CLIENT_KUBE_MINOR = '37';

/** Where the built CLI lives: <cache>/bin/helm-<version>. */
export function helmBinary(): string {
  return path.join(cacheDir(), 'bin', `helm-${HELM_VERSION}`);
}

/** The Go helm's go.mod asks for (`go 1.26.0` in helm.sh/helm/v3@v3.22.0). */
export const HELM_GO = '1.26';
/** Go switches toolchains since 1.21: an older `go` fetches the one go.mod names from the proxy, unless told not to. */
const TOOLCHAIN_SWITCHING_GO = '1.21';
const GO_NEEDED = `Go >= ${HELM_GO}, or Go >= ${TOOLCHAIN_SWITCHING_GO} with GOTOOLCHAIN=auto (the default), which fetches go${HELM_GO} from the Go module proxy`;

export const HELM_BUILD_HINT = `helm ${HELM_VERSION} is not built at ${helmBinary()}: npm test builds it before the unit tests; to build it now run \`npx tsx scripts/k8s/cli.ts tools\` (${GO_NEEDED}; about 3 minutes)`;

/** [major, minor] of `go1.26.8`, `1.21`; undefined when it is no Go version. */
function goMinor(version: string): [number, number] | undefined {
  const match = /^(?:go)?(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}
const atLeast = (version: [number, number], wanted: string) => {
  const [major, minor] = goMinor(wanted)!;
  return version[0] > major || (version[0] === major && version[1] >= minor);
};

/**
 * Why this Go cannot build helm (from `go env GOVERSION` and `GOTOOLCHAIN`), or undefined when it can: Go >= 1.26
 * itself; or Go 1.21-1.25 when it may switch to the toolchain helm's go.mod names (GOTOOLCHAIN `auto` or
 * `<name>+auto`), or is told to use a new enough one (`go1.26.0`). `local`, `path` and `+path` never fetch one.
 */
export function helmGoProblem(goVersion: string, goToolchain: string): string | undefined {
  const version = goMinor(goVersion);
  const toolchain = goToolchain.trim() || 'auto';
  if (!version) return `cannot tell the Go version from "${goVersion.trim()}"; building helm ${HELM_VERSION} needs ${GO_NEEDED}`;
  if (atLeast(version, HELM_GO)) return undefined;
  const named = goMinor(toolchain.replace(/^go/, '').replace(/\+.*$/, ''));
  const fetches = toolchain === 'auto' || toolchain.endsWith('+auto') || (named !== undefined && atLeast(named, HELM_GO));
  if (atLeast(version, TOOLCHAIN_SWITCHING_GO) && fetches) return undefined;
  return `building helm ${HELM_VERSION} needs ${GO_NEEDED}; found ${goVersion.trim()} with GOTOOLCHAIN=${goToolchain.trim() || '(unset)'}`;
}

function checkGo(): void {
  const go = which('go');
  if (!go) return; // buildGoModule says how to install Go
  const env = spawnSync(go, ['env', 'GOVERSION', 'GOTOOLCHAIN'], { encoding: 'utf8' });
  const [goVersion = '', toolchain = ''] = (env.stdout ?? '').split('\n');
  const problem = helmGoProblem(goVersion, toolchain);
  if (problem) throw new Error(problem);
}

/** Builds helm once (about three minutes on 2 cores, 110 MB); returns its path. */
export async function ensureHelm(say: Logger): Promise<string> {
  const binary = helmBinary();
  if (fs.existsSync(binary)) return binary;
  checkGo();
  const x = (variable: string, value: string) => `-X ${MODULE}/${variable}=${value}`;
  await buildGoModule(
    {
      component: 'helm',
      module: MODULE,
      version: HELM_VERSION,
      packagePath: './cmd/helm',
      binary,
      // As helm's Makefile stamps a release build, so `helm version` names it.
      ldflags: [
        '-w -s',
        x('internal/version.version', HELM_VERSION),
        x('internal/version.gitTreeState', 'clean'),
        ...['pkg/lint/rules', 'pkg/chartutil'].flatMap((pkg) => [x(`${pkg}.k8sVersionMajor`, '1'), x(`${pkg}.k8sVersionMinor`, CLIENT_KUBE_MINOR)]),
      ].join(' '),
      expectedTime: 'about three minutes',
    },
    say,
  );
  return binary;
}
