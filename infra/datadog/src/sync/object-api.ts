// Create, update and delete one object of any kind: the one place that knows which client method does it.
// Bodies are the client's models (the definitions' own shape); the client serializes them.
import type { v1 } from '@datadog/datadog-api-client';
import type { DefinitionKind } from '../definitions/types';
import type { DatadogApis } from './datadog-api';

/** Creates the object and returns Datadog's id for it. */
export async function createObject(apis: DatadogApis, kind: DefinitionKind, body: unknown): Promise<string> {
  switch (kind) {
    case 'monitor':
      return String((await apis.monitors.createMonitor({ body: body as v1.Monitor })).id);
    case 'slo': {
      const created = (await apis.slos.createSLO({ body: body as v1.ServiceLevelObjectiveRequest })).data?.[0]?.id;
      if (!created) throw new Error('Datadog created the SLO but returned no id');
      return created;
    }
    case 'dashboard':
      return required((await apis.dashboards.createDashboard({ body: body as v1.Dashboard })).id, 'dashboard');
    case 'synthetics-api':
      return required((await apis.synthetics.createSyntheticsAPITest({ body: body as v1.SyntheticsAPITest })).publicId, 'test');
    case 'synthetics-browser':
      return required((await apis.synthetics.createSyntheticsBrowserTest({ body: body as v1.SyntheticsBrowserTest })).publicId, 'test');
    case 'webhook':
      return (await apis.webhooks.createWebhooksIntegration({ body: body as v1.WebhooksIntegration })).name;
  }
}

export async function updateObject(apis: DatadogApis, kind: DefinitionKind, id: string, body: unknown): Promise<void> {
  switch (kind) {
    case 'monitor':
      await apis.monitors.updateMonitor({ monitorId: Number(id), body: body as v1.MonitorUpdateRequest });
      return;
    case 'slo':
      await apis.slos.updateSLO({ sloId: id, body: body as v1.ServiceLevelObjective });
      return;
    case 'dashboard':
      await apis.dashboards.updateDashboard({ dashboardId: id, body: body as v1.Dashboard });
      return;
    case 'synthetics-api':
      await apis.synthetics.updateAPITest({ publicId: id, body: body as v1.SyntheticsAPITest });
      return;
    case 'synthetics-browser':
      await apis.synthetics.updateBrowserTest({ publicId: id, body: body as v1.SyntheticsBrowserTest });
      return;
    case 'webhook':
      await apis.webhooks.updateWebhooksIntegration({ webhookName: id, body: body as v1.WebhooksIntegrationUpdateRequest });
      return;
  }
}

export async function deleteObject(apis: DatadogApis, kind: DefinitionKind, id: string): Promise<void> {
  switch (kind) {
    case 'monitor':
      await apis.monitors.deleteMonitor({ monitorId: Number(id) });
      return;
    case 'slo':
      await apis.slos.deleteSLO({ sloId: id });
      return;
    case 'dashboard':
      await apis.dashboards.deleteDashboard({ dashboardId: id });
      return;
    case 'synthetics-api':
    case 'synthetics-browser':
      await apis.synthetics.deleteTests({ body: { publicIds: [id] } });
      return;
    case 'webhook':
      await apis.webhooks.deleteWebhooksIntegration({ webhookName: id });
      return;
  }
}

function required(id: string | undefined, what: string): string {
  if (!id) throw new Error(`Datadog created the ${what} but returned no id`);
  return id;
}
