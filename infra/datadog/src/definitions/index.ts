// Every definition ShopFast manages in a Datadog organisation, in one list: what `npm run datadog -- plan`,
// `apply`, `destroy`, `plan --offline` and the exports work on (src/cli). Built from the settings, so the same
// code renders the compose deployment (DD_ENV=docker), the local stack or production.
import { customerExperienceDashboard } from './dashboards/customer-experience';
import { executiveDashboard } from './dashboards/executive';
import { operationsDashboard } from './dashboards/operations';
import { briefMonitors } from './monitors/brief';
import { faultMonitors } from './monitors/faults';
import { defaultSettings } from './settings';
import { sloBurnRateMonitors, sloDefinitions } from './slos';
import { syntheticsDefinitions } from './synthetics';
import type { DashboardDefinition, Definition, DefinitionSettings } from './types';
import { webhookDefinition } from './webhook';

export function dashboardDefinitions(settings: DefinitionSettings): DashboardDefinition[] {
  return [executiveDashboard(settings), operationsDashboard(settings), customerExperienceDashboard(settings)];
}

export function allDefinitions(settings: DefinitionSettings = defaultSettings()): Definition[] {
  return [
    ...dashboardDefinitions(settings),
    ...briefMonitors(settings),
    ...faultMonitors(settings),
    ...sloDefinitions(settings),
    ...sloBurnRateMonitors(settings),
    ...syntheticsDefinitions(settings),
    webhookDefinition(settings),
  ];
}
