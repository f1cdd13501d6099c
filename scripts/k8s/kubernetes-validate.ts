// PyPI kubernetes-validate: validates manifests against the Kubernetes JSON schemas it bundles (1.25-1.37),
// with no network, so every object the chart renders is checked in npm test. Installed into a virtualenv
// in the cache, pinned, as the stack installs Datadog's test agent (scripts/stack/components/test-agent.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runOrThrow } from '../stack/lib/exec';
import { ensureCommand } from '../stack/lib/install';
import type { Logger } from '../stack/lib/log';
import { cacheDir, statePaths } from '../stack/lib/paths';
import { kubernetesVersions } from './versions';

export const KUBERNETES_VALIDATE_VERSION = kubernetesVersions.kubernetesValidate;
const COMPONENT = 'kubernetes-validate';

const venv = () => path.join(cacheDir(), `kubernetes-validate-${KUBERNETES_VALIDATE_VERSION}-venv`);
const markerFile = () => path.join(venv(), '.shopfast-installed');

/** The console script inside the venv. */
export function kubernetesValidateBinary(): string {
  return path.join(venv(), 'bin', 'kubernetes-validate');
}

export const KUBERNETES_VALIDATE_HINT = `kubernetes-validate ${KUBERNETES_VALIDATE_VERSION} is not installed at ${kubernetesValidateBinary()}: npm test installs it before the unit tests; to install it now run \`npx tsx scripts/k8s/cli.ts tools\` (python3 with venv and PyPI needed)`;

/** True when the venv is complete: the marker is written last, and the executable must still be there. */
export function kubernetesValidateInstalled(): boolean {
  try {
    return fs.readFileSync(markerFile(), 'utf8').trim() === KUBERNETES_VALIDATE_VERSION && fs.existsSync(kubernetesValidateBinary());
  } catch {
    return false;
  }
}

/** Installs kubernetes-validate once (well under a minute); returns the path of its executable. */
export async function ensureKubernetesValidate(say: Logger): Promise<string> {
  if (kubernetesValidateInstalled()) return kubernetesValidateBinary();
  const python = await ensureCommand(COMPONENT, 'python3', 'python3-venv', say);
  const logFile = statePaths.installLog(COMPONENT);
  say(`installing kubernetes-validate==${KUBERNETES_VALIDATE_VERSION} into ${venv()} (once; output: ${logFile})`);
  // A venv cannot be moved (its scripts hold absolute paths): built in place, the marker written last.
  fs.rmSync(venv(), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venv()), { recursive: true });
  await runOrThrow(COMPONENT, python, ['-m', 'venv', venv()], { logFile });
  await runOrThrow(
    COMPONENT,
    path.join(venv(), 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--no-input', `kubernetes-validate==${KUBERNETES_VALIDATE_VERSION}`],
    { logFile },
  );
  fs.writeFileSync(markerFile(), `${KUBERNETES_VALIDATE_VERSION}\n`);
  return kubernetesValidateBinary();
}
