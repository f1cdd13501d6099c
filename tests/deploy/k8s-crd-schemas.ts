// Validates Datadog custom resources offline against the Datadog Operator's CRD schemas kept in
// infra/k8s/schemas/datadog-operator/ (kubernetes-validate only warns on custom resources). The validator is the
// ajv 8 the @shopfast/datadog workspace depends on (the root node_modules holds eslint's ajv 6).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { repoRoot } from './compose-file';

export const crdSchemaDir = path.join(repoRoot, 'infra', 'k8s', 'schemas', 'datadog-operator');

interface AjvError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}
interface ValidateFunction {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
interface AjvInstance {
  compile(schema: object): ValidateFunction;
  addKeyword(definition: { keyword: string }): AjvInstance;
  addFormat(name: string, format: { type: 'number' | 'string'; validate: (value: never) => boolean }): AjvInstance;
}
type AjvClass = new (options: Record<string, unknown>) => AjvInstance;

const requireFromDatadog = createRequire(path.join(repoRoot, 'infra', 'datadog', 'package.json'));
const { Ajv } = requireFromDatadog('ajv') as { Ajv: AjvClass };

/** kind -> schema file, for the custom resources of apiVersion datadoghq.com/<version>. */
const SCHEMA_FILES: Record<string, string> = {
  'DatadogAgent@v2alpha1': 'datadogagents_v2alpha1.json',
  'DatadogMonitor@v1alpha1': 'datadogmonitors_v1alpha1.json',
  'DatadogSLO@v1alpha1': 'datadogslos_v1alpha1.json',
  'DatadogDashboard@v1alpha1': 'datadogdashboards_v1alpha1.json',
  'DatadogGenericResource@v1alpha1': 'datadoggenericresources_v1alpha1.json',
  'DatadogPodAutoscaler@v1alpha2': 'datadogpodautoscalers_v1alpha2.json',
};

function newAjv(): AjvInstance {
  // allErrors: every problem at once. The CRDs' structural-schema annotations are Kubernetes keywords
  // (x-kubernetes-*), known here so that strict mode still rejects any other unknown keyword.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
  for (const keyword of ['x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-validations']) {
    ajv.addKeyword({ keyword });
  }
  // The integer formats the API server checks; date-time as RFC 3339.
  ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) });
  ajv.addFormat('date-time', { type: 'string', validate: (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value) });
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();

/** Problems of one Datadog custom resource (`path: message`), or a problem saying no schema covers it. */
export function datadogResourceProblems(resource: { apiVersion?: string; kind?: string }): string[] {
  const version = /^datadoghq\.com\/(.+)$/.exec(resource.apiVersion ?? '')?.[1];
  const file = version ? SCHEMA_FILES[`${resource.kind}@${version}`] : undefined;
  if (!file) return [`no Datadog Operator schema for ${resource.kind} ${resource.apiVersion}`];
  let validate = compiled.get(file);
  if (!validate) {
    validate = newAjv().compile(JSON.parse(fs.readFileSync(path.join(crdSchemaDir, file), 'utf8')) as object);
    compiled.set(file, validate);
  }
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'invalid'}${error.params.additionalProperty ? ` (${String(error.params.additionalProperty)})` : ''}`);
}
