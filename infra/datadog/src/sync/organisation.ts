// Reads what the organisation has that this tool manages for one env: monitors and SLOs by the managed-by tag
// (filtered by the API) and the env's marker (checked here), dashboards by the marker line of their description
// (the list carries descriptions; only the env's marked ones are read in full), synthetic tests by tag (listed,
// then read in full), webhooks by the names the definitions give them. Objects without the env's marker are never
// read, so they cannot be changed: another env's objects in the same organisation are invisible to this one.
// The monitors Datadog makes for synthetic tests (type `synthetics alert`) carry the test's tags, marker included,
// but belong to their test: Datadog creates, updates and deletes them with it, so they are not read either.
// A webhook has no marker: one of the defined name counts as managed when its custom headers send the secret
// variable this tool writes for the env, and as someone else's otherwise (apply and destroy then leave it alone).
// The webhook and variable of the tool before envs were scoped (`shopfast-incident`, `SHOPFAST_WEBHOOK_SECRET`)
// belong to no env: they are reported as warnings and left alone, like the objects marked without an env.
import type { v1 } from '@datadog/datadog-api-client';
import { MANAGED_BY_TAG, MANAGED_ENV_PREFIX, type DefinitionKind } from '../definitions/types';
import { WEBHOOK_SECRET_VARIABLE } from '@shopfast/contracts';
import { secretVariableOf, WEBHOOK_NAME_PREFIX } from '../definitions/webhook';
import { isNotFound, type DatadogApis } from './datadog-api';
import { markerFromDescription, markerFromTags, type Marker } from './markers';
import { readWebhookSecretState, type WebhookSecretState } from './webhook-secret';
import { KIND_MODELS, toWire, type JsonObject } from './wire';

/** A managed object of the organisation, with its body as the API's JSON. */
export interface OrgObject {
  kind: DefinitionKind;
  /** Datadog's id: a monitor's number as text, an SLO's or a dashboard's id, a test's public id, a webhook's name. */
  id: string;
  name: string;
  /** The definition key its marker names; undefined for an object with the managed-by tag and no key. */
  key: string | undefined;
  wire: JsonObject;
}

export interface Organisation {
  objects: OrgObject[];
  /** Present when the definitions have a webhook. */
  webhookSecret: WebhookSecretState | undefined;
  /** Webhooks with a defined name that this tool did not make (their headers do not use its secret). */
  foreignWebhooks: string[];
  /** Objects left alone that someone should look at (marked before envs were scoped). */
  warnings: string[];
}

/** A webhook the definitions define: its name (Datadog's id) and the secret variable its header sends. */
export interface DefinedWebhook {
  name: string;
  secretVariable: string | undefined;
}

export interface ReadOptions {
  /** The env whose objects are read (`managed_env:<env>`). */
  env: string;
  /** The webhooks the definitions define (webhooks have no tags: they are looked up by name). */
  webhooks: readonly DefinedWebhook[];
}

/** The monitor type Datadog gives the monitor it makes for each synthetic test. */
export const SYNTHETICS_MONITOR_TYPE = 'synthetics alert';

export async function readOrganisation(apis: DatadogApis, options: ReadOptions): Promise<Organisation> {
  const warnings: string[] = [];
  const scope = new Scope(options.env, warnings);
  const objects = [
    ...(await readMonitors(apis, scope)),
    ...(await readSlos(apis, scope)),
    ...(await readDashboards(apis, scope)),
    ...(await readSyntheticTests(apis, scope)),
  ];
  const webhooks = await readWebhooks(apis, options.webhooks);
  const secretVariable = options.webhooks.find((webhook) => webhook.secretVariable !== undefined)?.secretVariable;
  const webhookSecret = secretVariable ? await readWebhookSecretState(apis, secretVariable) : undefined;
  if (options.webhooks.length > 0) warnings.push(...(await preEnvWebhookWarnings(apis)));
  return { objects: [...objects, ...webhooks.managed], webhookSecret, foreignWebhooks: webhooks.foreign, warnings };
}

/** Which markers are the env's; an object marked without an env is reported once and left alone. */
class Scope {
  constructor(
    readonly env: string,
    private readonly warnings: string[],
  ) {}

  owns(kind: DefinitionKind, id: string, name: string, marker: Marker): boolean {
    if (!marker.managed) return false;
    if (marker.env === undefined) {
      this.warnings.push(
        `${kind} ${id} "${name}" has the managed-by marker but no ${MANAGED_ENV_PREFIX}<env> (made before envs were scoped): ` +
          `left alone; add ${MANAGED_ENV_PREFIX}${this.env} to its marker to manage it as ${this.env}'s, or delete it`,
      );
      return false;
    }
    return marker.env === this.env;
  }
}

const object = (kind: DefinitionKind, id: string, name: string, key: string | undefined, model: unknown): OrgObject => ({
  kind,
  id,
  name,
  key,
  wire: toWire(model, KIND_MODELS[kind].read),
});

async function readMonitors(apis: DatadogApis, scope: Scope): Promise<OrgObject[]> {
  const found: OrgObject[] = [];
  for await (const monitor of apis.monitors.listMonitorsWithPagination({ monitorTags: MANAGED_BY_TAG })) {
    if (monitor.id === undefined || String(monitor.type) === SYNTHETICS_MONITOR_TYPE) continue;
    const marker = markerFromTags(monitor.tags);
    if (!scope.owns('monitor', String(monitor.id), monitor.name ?? '', marker)) continue;
    found.push(object('monitor', String(monitor.id), monitor.name ?? '', marker.key, monitor));
  }
  return found;
}

async function readSlos(apis: DatadogApis, scope: Scope): Promise<OrgObject[]> {
  const found: OrgObject[] = [];
  for await (const slo of apis.slos.listSLOsWithPagination({ tagsQuery: MANAGED_BY_TAG })) {
    const marker = markerFromTags(slo.tags);
    if (slo.id === undefined || !scope.owns('slo', slo.id, slo.name, marker)) continue;
    found.push(object('slo', slo.id, slo.name, marker.key, slo));
  }
  return found;
}

async function readDashboards(apis: DatadogApis, scope: Scope): Promise<OrgObject[]> {
  const marked: v1.DashboardSummaryDefinition[] = [];
  for await (const summary of apis.dashboards.listDashboardsWithPagination({})) {
    const marker = markerFromDescription(summary.description);
    // Only the env's: the list's copy of another env's marker is not this env's business.
    if (marker.managed && (marker.env === undefined || marker.env === scope.env) && summary.id) marked.push(summary);
  }
  const found: OrgObject[] = [];
  for (const summary of marked) {
    const dashboard = await apis.dashboards.getDashboard({ dashboardId: summary.id as string });
    // The full description decides: the list's copy may be stale or shortened.
    const marker = markerFromDescription(dashboard.description);
    if (scope.owns('dashboard', summary.id as string, dashboard.title, marker)) found.push(object('dashboard', summary.id as string, dashboard.title, marker.key, dashboard));
  }
  return found;
}

async function readSyntheticTests(apis: DatadogApis, scope: Scope): Promise<OrgObject[]> {
  const marked: v1.SyntheticsTestDetailsWithoutSteps[] = [];
  for await (const test of apis.synthetics.listTestsWithPagination({})) {
    const marker = markerFromTags(test.tags);
    if (marker.managed && (marker.env === undefined || marker.env === scope.env) && test.publicId && (test.type === 'api' || test.type === 'browser')) marked.push(test);
  }
  const found: OrgObject[] = [];
  for (const summary of marked) {
    const publicId = summary.publicId as string;
    if (summary.type === 'api') {
      const test = await apis.synthetics.getAPITest({ publicId });
      const marker = markerFromTags(test.tags);
      if (scope.owns('synthetics-api', publicId, test.name, marker)) found.push(object('synthetics-api', publicId, test.name, marker.key, test));
    } else {
      const test = await apis.synthetics.getBrowserTest({ publicId });
      const marker = markerFromTags(test.tags);
      if (scope.owns('synthetics-browser', publicId, test.name, marker)) found.push(object('synthetics-browser', publicId, test.name, marker.key, test));
    }
  }
  return found;
}

async function readWebhooks(apis: DatadogApis, webhooks: readonly DefinedWebhook[]): Promise<{ managed: OrgObject[]; foreign: string[] }> {
  const managed: OrgObject[] = [];
  const foreign: string[] = [];
  for (const { name, secretVariable } of webhooks) {
    try {
      const webhook = await apis.webhooks.getWebhooksIntegration({ webhookName: name });
      const sends = secretVariable !== undefined && secretVariableOf(webhook) === secretVariable;
      if (sends) managed.push(object('webhook', webhook.name, webhook.name, webhook.name, webhook));
      else foreign.push(webhook.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return { managed, foreign };
}

/** The pre-env webhook and secret variable, if the organisation still has them: nobody's now, so someone should look. */
async function preEnvWebhookWarnings(apis: DatadogApis): Promise<string[]> {
  const found = async (read: () => Promise<unknown>): Promise<boolean> => {
    try {
      await read();
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  };
  const warnings: string[] = [];
  if (await found(() => apis.webhooks.getWebhooksIntegration({ webhookName: WEBHOOK_NAME_PREFIX }))) {
    warnings.push(
      `webhook ${WEBHOOK_NAME_PREFIX} (made before envs were scoped, without an env in its name): left alone; ` +
        `delete it once no monitor mentions @webhook-${WEBHOOK_NAME_PREFIX}`,
    );
  }
  if (await found(() => apis.webhooks.getWebhooksIntegrationCustomVariable({ customVariableName: WEBHOOK_SECRET_VARIABLE }))) {
    warnings.push(
      `webhook variable ${WEBHOOK_SECRET_VARIABLE} (made before envs were scoped; each env now has its own ${WEBHOOK_SECRET_VARIABLE}_<ENV>): ` +
        `left alone; delete it once no webhook sends $${WEBHOOK_SECRET_VARIABLE}`,
    );
  }
  return warnings;
}
