// `export operator`: the definitions as Datadog Operator custom resources, for users who manage Datadog from
// Kubernetes. A definition becomes its typed resource (DatadogMonitor, DatadogSLO, DatadogDashboard) when that
// CRD can hold every field the definition sets, and a DatadogGenericResource otherwise (the API's JSON in
// `jsonSpec`, which the Operator sends as it is: SLOs with two timeframes or a description, time-slice SLOs,
// dashboards with a description, synthetic tests). Every manifest is validated against the CRD schemas.
//
// Not exported, with the reason listed in README.md of the output:
// - objects that refer to others by id (`${monitor:KEY}` in a composite monitor, `${slo:KEY}` in a burn-rate
//   monitor): the Operator has no cross references, and the ids exist only once the referred objects are
//   created. Write the ids in by hand after the Operator has created the rest (its status carries them);
// - the webhook: the Operator has no resource for integrations; the README points to the Terraform export's
//   webhooks.tf, which holds the webhook and its hidden secret variable (`SHOPFAST_WEBHOOK_SECRET_<ENV>`).
// Like the Terraform export, the managed-by marker is left out.
import { stringify } from 'yaml';
import type { Definition, DefinitionKind } from '../definitions/types';
import { secretVariableOf } from '../definitions/webhook';
import { withoutMarker } from '../sync/markers';
import { referenceId, referencesIn } from '../sync/references';
import { KIND_MODELS, toWire, type Json, type JsonObject } from '../sync/wire';
import { OPERATOR_API_VERSION, operatorValidator, type Manifest, type ManifestValidator, type OperatorKind } from './operator-schemas';
import { SECRET_VARIABLE as TERRAFORM_SECRET_VARIABLE, type NotExported } from './terraform';

export interface OperatorExport {
  files: Map<string, string>;
  manifests: Manifest[];
  notExported: NotExported[];
  /** Definitions written as DatadogGenericResource, and why the typed resource could not hold them. */
  generic: NotExported[];
}

const GENERIC_TYPE: Record<Exclude<DefinitionKind, 'webhook'>, string> = {
  monitor: 'monitor',
  slo: 'slo',
  dashboard: 'dashboard',
  'synthetics-api': 'synthetics_api_test',
  'synthetics-browser': 'synthetics_browser_test',
};

const FILES: Record<OperatorKind, string> = {
  DatadogMonitor: 'datadog-monitors.yaml',
  DatadogSLO: 'datadog-slos.yaml',
  DatadogDashboard: 'datadog-dashboards.yaml',
  DatadogGenericResource: 'datadog-generic-resources.yaml',
};

export const manifestName = (kind: DefinitionKind, key: string): string => `shopfast-${kind}-${key}`;

export function operatorExport(definitions: readonly Definition[], validate: ManifestValidator = operatorValidator()): OperatorExport {
  const manifests: Manifest[] = [];
  const notExported: NotExported[] = [];
  const generic: NotExported[] = [];
  for (const definition of definitions.map(withoutMarker)) {
    const { kind, key } = definition;
    if (kind === 'webhook') {
      const variable = secretVariableOf(definition.body);
      notExported.push({
        kind,
        key,
        reason:
          'the Operator has no resource for webhook integrations: create it with the `datadog_webhook` of webhooks.tf in ' +
          `\`npm run datadog -- export terraform\`, which also holds its hidden secret variable${variable ? ` ${variable}` : ''} (\`datadog_webhook_custom_variable\`)`,
      });
      continue;
    }
    const references = referencesIn(definition.body);
    if (references.length > 0) {
      notExported.push({
        kind,
        key,
        reason: `refers to ${references.map(referenceId).join(', ')} by id, which exists only once created; the Operator has no cross references`,
      });
      continue;
    }
    const wire = toWire(definition.body, KIND_MODELS[kind].create);
    const typed = typedManifest(definition, wire);
    const typedProblems = typed.manifest ? validate(typed.manifest) : [];
    if (typed.manifest && typedProblems.length === 0) {
      manifests.push(typed.manifest);
      continue;
    }
    generic.push({ kind, key, reason: typed.reason ?? typedProblems.join('; ') });
    manifests.push(manifest('DatadogGenericResource', kind, key, { type: GENERIC_TYPE[kind], jsonSpec: JSON.stringify(wire) }));
  }
  const problems = manifests.flatMap((entry) => validate(entry).map((problem) => `${entry.kind} ${entry.metadata.name}: ${problem}`));
  if (problems.length > 0) throw new Error(`the Operator manifests do not validate against the CRD schemas:\n${problems.join('\n')}`);

  const files = new Map<string, string>();
  for (const [kind, file] of Object.entries(FILES) as Array<[OperatorKind, string]>) {
    const documents = manifests.filter((entry) => entry.kind === kind);
    if (documents.length > 0) files.set(file, documents.map((entry) => stringify(entry, { lineWidth: 0 })).join('---\n'));
  }
  files.set('README.md', readme(manifests.length, generic, notExported));
  return { files, manifests, notExported, generic };
}

function manifest(kind: OperatorKind, definitionKind: DefinitionKind, key: string, spec: Record<string, unknown>): Manifest {
  return {
    apiVersion: OPERATOR_API_VERSION,
    kind,
    metadata: {
      name: manifestName(definitionKind, key),
      labels: { 'app.kubernetes.io/part-of': 'shopfast', 'app.kubernetes.io/managed-by': 'shopfast-datadog-export' },
      annotations: { 'shopfast.dev/definition': `${definitionKind}/${key}` },
    },
    spec,
  };
}

type Typed = { manifest: Manifest; reason?: undefined } | { manifest?: undefined; reason: string };

function typedManifest(definition: Definition, wire: JsonObject): Typed {
  switch (definition.kind) {
    case 'monitor':
      return { manifest: manifest('DatadogMonitor', 'monitor', definition.key, monitorSpec(wire)) };
    case 'dashboard':
      return dashboardSpec(wire, definition.key);
    case 'slo':
      return sloSpec(wire, definition.key);
    default:
      return { reason: 'the Operator has no typed resource for synthetic tests' };
  }
}

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/** snake_case keys to the CRD's camelCase, all the way down. */
function camelKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [camel(key), camelKeys(child)]));
  return value;
}

/** The API's monitor with camelCase keys; the CRD writes thresholds as strings. Anything it lacks fails validation. */
function monitorSpec(wire: JsonObject): Record<string, unknown> {
  const spec = camelKeys(wire) as JsonObject;
  if (spec.priority === null) delete spec.priority;
  const options = spec.options;
  if (options && typeof options === 'object' && !Array.isArray(options) && options.thresholds && typeof options.thresholds === 'object') {
    options.thresholds = Object.fromEntries(Object.entries(options.thresholds).map(([name, value]) => [name, value === null ? value : String(value)]));
  }
  return spec;
}

function dashboardSpec(wire: JsonObject, key: string): Typed {
  const { widgets, description, ...rest } = wire;
  if (description) return { reason: 'DatadogDashboard has no description' };
  const spec = camelKeys(rest) as JsonObject;
  return { manifest: manifest('DatadogDashboard', 'dashboard', key, { ...spec, widgets: JSON.stringify(widgets ?? []) }) };
}

function sloSpec(wire: JsonObject, key: string): Typed {
  const { name, type, query, tags, monitor_ids, groups, thresholds, timeframe, target_threshold, warning_threshold, ...rest } = wire;
  const unmapped = Object.keys(rest);
  if (unmapped.length > 0) return { reason: `DatadogSLO has no ${unmapped.join(', ')}` };
  const list = Array.isArray(thresholds) ? thresholds : [];
  if (list.length > 1) return { reason: `DatadogSLO holds one timeframe; the definition has ${list.length} thresholds` };
  const only = (list[0] ?? {}) as JsonObject;
  const spec: Record<string, unknown> = {
    name,
    type,
    timeframe: timeframe ?? only.timeframe,
    targetThreshold: String(target_threshold ?? only.target),
    ...(warning_threshold ?? only.warning) !== undefined ? { warningThreshold: String(warning_threshold ?? only.warning) } : {},
    ...(query !== undefined ? { query } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...(monitor_ids !== undefined ? { monitorIDs: monitor_ids } : {}),
    ...(groups !== undefined ? { groups } : {}),
  };
  return { manifest: manifest('DatadogSLO', 'slo', key, spec) };
}

/** Where the webhook goes instead, when it is not exported: Terraform holds it and its secret; apply would own them. */
function webhookLines(notExported: readonly NotExported[]): string[] {
  const webhook = notExported.find((entry) => entry.kind === 'webhook');
  if (!webhook) return [];
  return [
    `The webhook ${webhook.key} is no Operator resource: create it and its hidden secret variable with the Terraform export's webhooks.tf`,
    `(\`npm run datadog -- export terraform\`; it asks for the secret as \`TF_VAR_${TERRAFORM_SECRET_VARIABLE}\`), not with apply.`,
  ];
}

function readme(count: number, generic: readonly NotExported[], notExported: readonly NotExported[]): string {
  const table = (entries: readonly NotExported[]) => [
    '| kind | key | why |',
    '| --- | --- | --- |',
    ...entries.map((entry) => `| ${entry.kind} | ${entry.key} | ${entry.reason.replace(/\|/g, '\\|')} |`),
  ];
  const lines = [
    '# ShopFast Datadog definitions as Datadog Operator resources',
    '',
    `${count} manifests (apiVersion ${OPERATOR_API_VERSION}), validated against the CRD schemas of infra/k8s/schemas/datadog-operator.`,
    'Apply them with `kubectl apply -f .` in the namespace the Datadog Operator watches (its DatadogMonitor, DatadogSLO,',
    'DatadogDashboard and DatadogGenericResource controllers must be enabled).',
    '',
    'These objects do not carry the `managed-by:shopfast` marker: manage an organisation with the Operator or with `npm run datadog -- apply`, not both.',
    ...webhookLines(notExported),
    '',
    '## Written as DatadogGenericResource',
    '',
    ...(generic.length === 0 ? ['None.'] : table(generic)),
    '',
    '## Not exported',
    '',
    ...(notExported.length === 0 ? ['Everything is exported.'] : table(notExported)),
  ];
  return `${lines.join('\n')}\n`;
}
