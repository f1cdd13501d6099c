// Validation of Datadog Operator custom resources against the CRD schemas kept in infra/k8s/schemas/datadog-operator
// (each file is the openAPIV3Schema of one CRD version, with `additionalProperties: false` where the CRD is
// structural, so a field the CRD lacks is an error). Kubernetes' own annotations (`x-kubernetes-*`) are declared
// as keywords without validation, and its integer formats are checked, so ajv runs in strict mode (but for
// strictTypes: an `x-kubernetes-int-or-string` field has `pattern` beside `anyOf` and no `type`, as Kubernetes
// writes it; ajv applies the pattern to strings only, which is what Kubernetes does).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const OPERATOR_API_VERSION = 'datadoghq.com/v1alpha1';
export const SCHEMA_DIR = resolve(__dirname, '..', '..', '..', 'k8s', 'schemas', 'datadog-operator');

export type OperatorKind = 'DatadogMonitor' | 'DatadogSLO' | 'DatadogDashboard' | 'DatadogGenericResource';

const SCHEMA_FILES: Record<OperatorKind, string> = {
  DatadogMonitor: 'datadogmonitors_v1alpha1.json',
  DatadogSLO: 'datadogslos_v1alpha1.json',
  DatadogDashboard: 'datadogdashboards_v1alpha1.json',
  DatadogGenericResource: 'datadoggenericresources_v1alpha1.json',
};

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

export type ManifestValidator = (manifest: Manifest) => string[];

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const isInteger = (bits: number) => (value: number) => Number.isInteger(value) && Math.abs(value) < 2 ** (bits - 1);

/** A validator for the four kinds the export writes: every problem, as `<path>: <message>`; none when valid. */
export function operatorValidator(schemaDir: string = SCHEMA_DIR): ManifestValidator {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    formats: {
      int32: { type: 'number', validate: isInteger(32) },
      int64: { type: 'number', validate: isInteger(64) },
      'date-time': { type: 'string', validate: (value: string) => !Number.isNaN(Date.parse(value)) },
    },
  });
  ajv.addVocabulary(['x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields']);
  const validators = new Map<string, ValidateFunction>();
  for (const [kind, file] of Object.entries(SCHEMA_FILES)) {
    validators.set(kind, ajv.compile(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as object));
  }
  return (manifest) => {
    const problems: string[] = [];
    if (manifest.apiVersion !== OPERATOR_API_VERSION) problems.push(`apiVersion: ${JSON.stringify(manifest.apiVersion)} is not ${OPERATOR_API_VERSION}`);
    const name = manifest.metadata?.name;
    if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) problems.push(`metadata.name: ${JSON.stringify(name)} is not a Kubernetes object name`);
    const validate = validators.get(manifest.kind);
    if (!validate) return [...problems, `kind: ${JSON.stringify(manifest.kind)} is not one of ${Object.keys(SCHEMA_FILES).join(', ')}`];
    if (!validate(manifest)) problems.push(...(validate.errors ?? []).map(describe));
    return problems;
  };
}

function describe(error: ErrorObject): string {
  const path = error.instancePath.slice(1).replace(/\//g, '.') || '(manifest)';
  if (error.keyword === 'additionalProperties') return `${path}: has ${String(error.params.additionalProperty)}, which the CRD does not define`;
  return `${path}: ${error.message ?? error.keyword}`;
}
