// `export terraform`: the definitions as Terraform for the DataDog/datadog provider, for users who manage their
// organisation with Terraform. Monitors and dashboards go through the provider's JSON resources
// (`datadog_monitor_json`, `datadog_dashboard_json`), whose body is the API's JSON exactly as `apply` sends it;
// SLOs and the webhook through their native resources, field by field, where every field we set has a rendering
// here, and otherwise they are listed as not exported (README.md of the output). Synthetic tests are not
// exported: the provider has no JSON resource for them, and the nested blocks of `datadog_synthetics_test` cannot
// be checked here (no provider can be installed offline), so a rendering could not be shown to be faithful.
//
// Cross references become Terraform references: `${monitor:KEY}` -> `${datadog_monitor_json.KEY.id}`,
// `${slo:KEY}` -> `${datadog_service_level_objective.KEY.id}`, so Terraform creates in dependency order too. The
// managed-by marker is left out: objects Terraform owns must not look like objects `apply` owns.
import type { Definition, DefinitionKind } from '../definitions/types';
import { secretVariableOf } from '../definitions/webhook';
import { withoutMarker } from '../sync/markers';
import { referencesIn, referenceId } from '../sync/references';
import { KIND_MODELS, toWire, type Json, type JsonObject } from '../sync/wire';
import { attribute, blank, block, comment, list, numberValue, quoted, renderHcl, templateText, type HclNode } from './hcl';

export interface NotExported {
  kind: DefinitionKind;
  key: string;
  reason: string;
}

export interface TerraformExport {
  /** File name -> content (without the generated header, which writeGeneratedFiles adds). */
  files: Map<string, string>;
  exported: number;
  notExported: NotExported[];
}

/** The Terraform input variable (`TF_VAR_shopfast_webhook_secret`) that holds the webhook's secret. */
export const SECRET_VARIABLE = 'shopfast_webhook_secret';

/** A Terraform resource name for a key: letters, digits and underscores, not starting with a digit. */
export const resourceName = (key: string): string => {
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
};

const RESOURCE_TYPE: Partial<Record<DefinitionKind, string>> = {
  monitor: 'datadog_monitor_json',
  dashboard: 'datadog_dashboard_json',
  slo: 'datadog_service_level_objective',
  webhook: 'datadog_webhook',
};

interface RenderContext {
  /** `${monitor:KEY}` / `${slo:KEY}` -> a Terraform expression, for exported objects. */
  references: (placeholder: string) => string | undefined;
  /** Exported webhooks: name -> resource address. A monitor that notifies one is created after it. */
  webhooks: Map<string, string>;
}
type Renderer = (definition: Definition, wire: JsonObject, context: RenderContext) => HclNode[];

export function terraformExport(definitions: readonly Definition[]): TerraformExport {
  const notExported: NotExported[] = [];
  const rendered = new Map<string, { definition: Definition; nodes: HclNode[] }>();
  const candidates = definitions.map(withoutMarker).filter((definition) => {
    if (definition.kind === 'synthetics-api' || definition.kind === 'synthetics-browser') {
      notExported.push({
        kind: definition.kind,
        key: definition.key,
        reason: 'synthetic tests have no JSON resource in the provider, and datadog_synthetics_test cannot be checked offline; create them with `npm run datadog -- apply`, or write the resource from the API JSON',
      });
      return false;
    }
    return true;
  });

  // Render every candidate; a reference to something not exported drops the referring object too, until stable.
  let remaining = candidates;
  for (;;) {
    const exportedIds = new Set(remaining.map((definition) => `${definition.kind}:${definition.key}`));
    const references = (reference: string): string | undefined => {
      const [kind, key] = reference.split(':') as [DefinitionKind, string];
      return exportedIds.has(reference) ? `${RESOURCE_TYPE[kind]}.${resourceName(key)}.id` : undefined;
    };
    const webhooks = new Map(
      remaining.filter((definition) => definition.kind === 'webhook').map((definition) => [definition.key, `datadog_webhook.${resourceName(definition.key)}`]),
    );
    rendered.clear();
    const dropped: Definition[] = [];
    for (const definition of remaining) {
      const missing = referencesIn(definition.body).filter((reference) => !exportedIds.has(referenceId(reference)));
      if (missing.length > 0) {
        notExported.push({ kind: definition.kind, key: definition.key, reason: `refers to ${missing.map(referenceId).join(', ')}, which is not exported` });
        dropped.push(definition);
        continue;
      }
      const wire = toWire(definition.body, KIND_MODELS[definition.kind].create);
      try {
        rendered.set(`${definition.kind}:${definition.key}`, { definition, nodes: RENDERERS[definition.kind](definition, wire, { references, webhooks }) });
      } catch (error) {
        if (!(error instanceof NotRenderable)) throw error;
        notExported.push({ kind: definition.kind, key: definition.key, reason: error.message });
        dropped.push(definition);
      }
    }
    if (dropped.length === 0) break;
    remaining = remaining.filter((definition) => !dropped.includes(definition));
  }

  const files = new Map<string, string>();
  files.set('versions.tf', VERSIONS);
  const byFile: Array<[string, DefinitionKind]> = [
    ['webhooks.tf', 'webhook'],
    ['monitors.tf', 'monitor'],
    ['slos.tf', 'slo'],
    ['dashboards.tf', 'dashboard'],
  ];
  for (const [file, kind] of byFile) {
    const resources = [...rendered.values()].filter(({ definition }) => definition.kind === kind);
    if (resources.length === 0) continue;
    const nodes: HclNode[] = [];
    if (kind === 'webhook') {
      const variable = secretVariableOf((resources[0]?.definition.body ?? {}) as { customHeaders?: string });
      if (variable) nodes.push(...secretResources(variable), blank);
    }
    for (const [index, { nodes: resource }] of resources.entries()) nodes.push(...(index > 0 ? [blank] : []), ...resource);
    files.set(file, `${renderHcl(nodes)}\n`);
  }
  files.set('README.md', readme(rendered.size, notExported, rendered.size > 0 && [...rendered.values()].some(({ definition }) => definition.kind === 'webhook')));
  return { files, exported: rendered.size, notExported };
}

class NotRenderable extends Error {}

const json = (wire: JsonObject, references: (placeholder: string) => string | undefined) => ({ heredoc: templateText(JSON.stringify(wire, null, 2), references) });

/** Datadog checks the `@webhook-NAME` handles of a monitor's message when it is saved: the webhook goes first. */
function notified(wire: JsonObject, webhooks: Map<string, string>): HclNode[] {
  const message = typeof wire.message === 'string' ? wire.message : '';
  const addresses = [...webhooks].filter(([name]) => message.includes(`@webhook-${name}`)).map(([, address]) => address);
  return addresses.length > 0 ? [attribute('depends_on', list(addresses))] : [];
}

const RENDERERS: Record<DefinitionKind, Renderer> = {
  monitor: (definition, wire, { references, webhooks }) => [
    block('resource', ['datadog_monitor_json', resourceName(definition.key)], [attribute('monitor', json(wire, references)), ...notified(wire, webhooks)]),
  ],
  dashboard: (definition, wire, { references }) => [
    block('resource', ['datadog_dashboard_json', resourceName(definition.key)], [attribute('dashboard', json(wire, references))]),
  ],
  slo: (definition, wire, { references }) => [block('resource', ['datadog_service_level_objective', resourceName(definition.key)], sloBody(wire, references))],
  webhook: (definition, wire, { references }) => [block('resource', ['datadog_webhook', resourceName(definition.key)], webhookBody(wire, references))],
  'synthetics-api': () => {
    throw new NotRenderable('not rendered');
  },
  'synthetics-browser': () => {
    throw new NotRenderable('not rendered');
  },
};

/** Takes fields off a JSON object one by one; what is left at the end has no rendering, which is refused. */
class Fields {
  private readonly rest: Map<string, Json>;
  constructor(
    object: JsonObject,
    private readonly where: string,
  ) {
    this.rest = new Map(Object.entries(object));
  }
  take(name: string): Json | undefined {
    const value = this.rest.get(name);
    this.rest.delete(name);
    return value === null ? undefined : value;
  }
  done(): void {
    if (this.rest.size > 0) throw new NotRenderable(`${[...this.rest.keys()].map((key) => `${this.where}${key}`).join(', ')}: no rendering in the native resource here`);
  }
}

function scalar(value: Json | undefined, references: (placeholder: string) => string | undefined, where: string): string {
  if (typeof value === 'string') return quoted(value, references);
  if (typeof value === 'number') return numberValue(value);
  if (typeof value === 'boolean') return String(value);
  throw new NotRenderable(`${where}: expected a string, number or boolean`);
}

function optional(nodes: HclNode[], name: string, value: Json | undefined, references: (placeholder: string) => string | undefined): void {
  if (value === undefined) return;
  if (Array.isArray(value)) nodes.push(attribute(name, list(value.map((element, index) => scalar(element, references, `${name}[${index}]`)))));
  else nodes.push(attribute(name, scalar(value, references, name)));
}

function objectAt(value: Json | undefined, where: string): JsonObject {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) throw new NotRenderable(`${where}: expected an object`);
  return value;
}

function sloBody(wire: JsonObject, references: (placeholder: string) => string | undefined): HclNode[] {
  const fields = new Fields(wire, '');
  const nodes: HclNode[] = [];
  for (const name of ['name', 'type', 'description', 'monitor_ids', 'groups', 'timeframe', 'target_threshold', 'warning_threshold', 'tags']) {
    optional(nodes, name, fields.take(name), references);
  }
  const query = fields.take('query');
  if (query !== undefined) {
    const parts = new Fields(objectAt(query, 'query'), 'query.');
    const body: HclNode[] = [];
    for (const name of ['numerator', 'denominator']) optional(body, name, parts.take(name), references);
    parts.done();
    nodes.push(blank, block('query', [], body));
  }
  const sli = fields.take('sli_specification');
  if (sli !== undefined) nodes.push(blank, block('sli_specification', [], [timeSlice(sli, references)]));
  const thresholds = fields.take('thresholds');
  if (!Array.isArray(thresholds)) throw new NotRenderable('thresholds: expected a list');
  for (const [index, threshold] of thresholds.entries()) {
    const parts = new Fields(objectAt(threshold, `thresholds[${index}]`), `thresholds[${index}].`);
    const body: HclNode[] = [];
    for (const name of ['timeframe', 'target', 'warning']) optional(body, name, parts.take(name), references);
    parts.done();
    nodes.push(blank, block('thresholds', [], body));
  }
  fields.done();
  return nodes;
}

function timeSlice(sli: Json, references: (placeholder: string) => string | undefined): HclNode {
  const outer = new Fields(objectAt(sli, 'sli_specification'), 'sli_specification.');
  const slice = new Fields(objectAt(outer.take('time_slice'), 'sli_specification.time_slice'), 'sli_specification.time_slice.');
  outer.done();
  const body: HclNode[] = [];
  for (const name of ['comparator', 'threshold', 'query_interval_seconds']) optional(body, name, slice.take(name), references);
  const query = new Fields(objectAt(slice.take('query'), 'time_slice.query'), 'sli_specification.time_slice.query.');
  const formulas = query.take('formulas');
  const queries = query.take('queries');
  query.done();
  slice.done();
  if (!Array.isArray(formulas) || formulas.length !== 1) throw new NotRenderable('sli_specification.time_slice.query.formulas: exactly one formula has a rendering here');
  const formula = new Fields(objectAt(formulas[0], 'formulas[0]'), 'sli_specification.time_slice.query.formulas[0].');
  const expression = formula.take('formula');
  formula.done();
  const queryBody: HclNode[] = [block('formula', [], [attribute('formula_expression', scalar(expression, references, 'formula'))])];
  if (!Array.isArray(queries)) throw new NotRenderable('sli_specification.time_slice.query.queries: expected a list');
  for (const [index, entry] of queries.entries()) {
    const metric = new Fields(objectAt(entry, `queries[${index}]`), `sli_specification.time_slice.query.queries[${index}].`);
    if (metric.take('data_source') !== 'metrics') throw new NotRenderable(`sli_specification.time_slice.query.queries[${index}]: only metrics queries have a rendering here`);
    const metricBody: HclNode[] = [];
    for (const name of ['name', 'query']) optional(metricBody, name, metric.take(name), references);
    metric.done();
    queryBody.push(block('query', [], [block('metric_query', [], metricBody)]));
  }
  body.push(block('query', [], queryBody));
  return block('time_slice', [], body);
}

function webhookBody(wire: JsonObject, references: (placeholder: string) => string | undefined): HclNode[] {
  const fields = new Fields(wire, '');
  const nodes: HclNode[] = [];
  for (const name of ['name', 'url', 'encode_as', 'custom_headers']) optional(nodes, name, fields.take(name), references);
  const payload = fields.take('payload');
  if (payload !== undefined) {
    if (typeof payload !== 'string') throw new NotRenderable('payload: expected a string');
    nodes.push(attribute('payload', payload.includes('\n') ? { heredoc: templateText(payload, references) } : quoted(payload, references)));
  }
  fields.done();
  nodes.push(attribute('depends_on', list([`datadog_webhook_custom_variable.${SECRET_VARIABLE}`])));
  return nodes;
}

/** The hidden custom variable the webhook's header refers to, its value a sensitive Terraform variable. */
function secretResources(variable: string): HclNode[] {
  return [
    comment(`The secret the incident service checks (${variable}); set TF_VAR_${SECRET_VARIABLE}.`),
    block('resource', ['datadog_webhook_custom_variable', SECRET_VARIABLE], [
      attribute('name', quoted(variable)),
      attribute('value', `var.${SECRET_VARIABLE}`),
      attribute('is_secret', 'true'),
    ]),
    blank,
    block('variable', [SECRET_VARIABLE], [
      attribute('description', quoted('The webhook shared secret: the content of datadog-webhook-secret (infra/secrets/generate-secrets.mjs).')),
      attribute('type', 'string'),
      attribute('sensitive', 'true'),
    ]),
  ];
}

const VERSIONS = `${renderHcl([
  block('terraform', [], [block('required_providers', [], [attribute('datadog', '{ source = "DataDog/datadog" }')])]),
])}\n`;

function readme(exported: number, notExported: readonly NotExported[], withWebhook: boolean): string {
  const lines = [
    '# ShopFast Datadog definitions as Terraform',
    '',
    `${exported} resources for the [DataDog/datadog provider](https://registry.terraform.io/providers/DataDog/datadog/latest/docs):`,
    'monitors as `datadog_monitor_json`, dashboards as `datadog_dashboard_json` (the API JSON `npm run datadog -- apply` sends),',
    'SLOs as `datadog_service_level_objective` and the webhook as `datadog_webhook`. References between them are Terraform',
    'references, so Terraform creates what is referred to first.',
    '',
    'Configure the provider (`DD_API_KEY`, `DD_APP_KEY`, `DD_HOST` for a site other than datadoghq.com), then `terraform init` and `terraform plan`.',
  ];
  if (withWebhook) lines.push('', `The webhook's secret: \`export TF_VAR_${SECRET_VARIABLE}=$(cat .stack/secrets/datadog-webhook-secret)\` (or your deployment's copy).`);
  lines.push(
    '',
    'These objects do not carry the `managed-by:shopfast` marker: manage an organisation with Terraform or with `npm run datadog -- apply`, not both.',
    '',
    '## Not exported',
    '',
  );
  if (notExported.length === 0) lines.push('Everything is exported.');
  else {
    lines.push('| kind | key | why |', '| --- | --- | --- |');
    for (const entry of notExported) lines.push(`| ${entry.kind} | ${entry.key} | ${entry.reason.replace(/\|/g, '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}
