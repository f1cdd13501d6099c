// Renders and validates infra/helm/shopfast offline, with the helm and kubernetes-validate that npm test installs
// into the cache (scripts/k8s). A missing tool is a failed test that says how to get it, never a silent pass.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { HELM_BUILD_HINT, helmBinary } from '../../scripts/k8s/helm';
import { KUBERNETES_VALIDATE_HINT, kubernetesValidateBinary } from '../../scripts/k8s/kubernetes-validate';
import { kubernetesVersions } from '../../scripts/k8s/versions';
import { repoRoot } from './compose-file';

export const chartDir = path.join(repoRoot, 'infra', 'helm', 'shopfast');
export const RELEASE = 'shopfast';
export const NAMESPACE = 'shopfast';
/** The two modes of issue 15: a laptop cluster, and scaled out with managed stores. */
export const MODES = {
  laptop: ['values.yaml'],
  scaled: ['values.yaml', 'values-scaled.yaml'],
} as const;
export type Mode = keyof typeof MODES;
/** Everything optional switched on too (the traffic generator, the fault scheduler, the edge behind a proxy), on top of the laptop mode. */
export const OPTIONAL_PARTS = ['--set', 'traffic.enabled=true', '--set', 'faultScheduler.enabled=true', '--set', 'edge.realIpFrom={10.0.0.0/8}'];

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(binary: string, hint: string, args: string[], cwd = chartDir): Run {
  const result = spawnSync(binary, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() } });
  if (result.error) throw new Error(`${hint}\n(${result.error.message})`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `helm <args>` in the chart folder, with a clean environment (no user helm config or plugins). */
export const helm = (args: string[]): Run => run(helmBinary(), HELM_BUILD_HINT, args);

/** The flags every render uses: the release, its namespace and the oldest Kubernetes the chart supports. */
export const templateArgs = (valuesFiles: readonly string[], extra: string[] = []) => [
  'template',
  RELEASE,
  '.',
  '--namespace',
  NAMESPACE,
  '--kube-version',
  kubernetesVersions.schemaVersion,
  ...valuesFiles.flatMap((file) => ['-f', file]),
  ...extra,
];

const rendered = new Map<string, { text: string; objects: K8sObject[] }>();

/** `helm template` of the chart (cached per arguments); throws with helm's message when it fails. */
export function render(valuesFiles: readonly string[], extra: string[] = []): { text: string; objects: K8sObject[] } {
  const key = JSON.stringify([valuesFiles, extra]);
  const cached = rendered.get(key);
  if (cached) return cached;
  const result = helm(templateArgs(valuesFiles, extra));
  if (result.status !== 0) throw new Error(`helm template ${[...valuesFiles, ...extra].join(' ')} failed:\n${result.stderr}`);
  const objects = parseAllDocuments(result.stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
  const value = { text: result.stdout, objects };
  rendered.set(key, value);
  return value;
}

export const renderMode = (mode: Mode, extra: string[] = []) => render(MODES[mode], extra);

/** `kubernetes-validate --strict` against the schemas of the chart's oldest supported Kubernetes. */
export function kubernetesValidate(yamlText: string): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-k8s-validate-'));
  const file = path.join(dir, 'objects.yaml');
  try {
    fs.writeFileSync(file, yamlText);
    return run(kubernetesValidateBinary(), KUBERNETES_VALIDATE_HINT, ['--kubernetes-version', kubernetesVersions.schemaVersion, '--strict', file], dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What kubernetes-validate objects to: ERROR lines (an invalid object) and WARN lines (a kind or apiVersion it has
 * no schema for, which it lets through with exit code 0: for the chart's built-in kinds that is a failure too).
 */
export function validationProblems(yamlText: string): string[] {
  const result = kubernetesValidate(yamlText);
  const problems = result.stdout.split('\n').filter((line) => line.startsWith('ERROR') || line.startsWith('WARN'));
  return result.status === 0 || problems.length > 0 ? problems : [`kubernetes-validate exited ${result.status}: ${result.stderr}`];
}

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind);
export const componentOf = (object: { metadata?: { labels?: Record<string, string> } }) => object.metadata?.labels?.['app.kubernetes.io/component'];

/** The pod template of a workload (Deployment, StatefulSet, Job). */
export interface PodTemplate {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    securityContext?: Record<string, unknown>;
    containers: Container[];
    volumes?: Array<Record<string, unknown> & { name: string }>;
    [key: string]: unknown;
  };
}

export interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string }; secretKeyRef?: { name: string; key: string; optional?: boolean } } }>;
  livenessProbe?: Record<string, unknown> & { httpGet?: { path: string } };
  readinessProbe?: Record<string, unknown> & { httpGet?: { path: string } };
  startupProbe?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}

export const podTemplate = (workload: K8sObject) => (workload.spec as { template: PodTemplate }).template;
