// The client's API objects the tool uses, built once from validated settings. Retries are the client's own
// (429 and 5xx, exponential backoff, honouring x-ratelimit-reset); every request says it comes from
// infrastructure-as-code tooling (`X-Datadog-Managed-By: iac`).
import { client, v1 } from '@datadog/datadog-api-client';

export interface DatadogConnection {
  apiKey: string;
  appKey: string;
  /** One of DATADOG_SITES (src/cli/config.ts). */
  site: string;
  /** Tests only: a local server that plays the API (src/testing/fake-datadog.ts) instead of the site. */
  baseUrl?: string;
}

export interface DatadogApis {
  monitors: v1.MonitorsApi;
  slos: v1.ServiceLevelObjectivesApi;
  dashboards: v1.DashboardsApi;
  synthetics: v1.SyntheticsApi;
  webhooks: v1.WebhooksIntegrationApi;
}

export function createDatadogApis(connection: DatadogConnection): DatadogApis {
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: connection.apiKey, appKeyAuth: connection.appKey },
    ...(connection.baseUrl ? { baseServer: new client.BaseServerConfiguration(connection.baseUrl, {}) } : {}),
    enableRetry: true,
    maxRetries: 3,
    isIaC: true,
  });
  configuration.setServerVariables({ site: connection.site });
  return {
    monitors: new v1.MonitorsApi(configuration),
    slos: new v1.ServiceLevelObjectivesApi(configuration),
    dashboards: new v1.DashboardsApi(configuration),
    synthetics: new v1.SyntheticsApi(configuration),
    webhooks: new v1.WebhooksIntegrationApi(configuration),
  };
}

/** Whether an error is the API's "no such object". */
export const isNotFound = (error: unknown): boolean => error instanceof client.ApiException && error.code === 404;

/** One line for an API error: status and Datadog's own `errors` list. */
export function describeApiError(error: unknown): string {
  if (error instanceof client.ApiException) {
    const body = error.body as { errors?: unknown } | string | undefined;
    const detail = typeof body === 'object' && body && Array.isArray(body.errors) ? body.errors.join('; ') : JSON.stringify(body);
    return `HTTP ${error.code}: ${detail}`;
  }
  return (error as Error).message ?? String(error);
}
