// Small builders for the three dashboards, so each dashboard file reads as a list of what it shows. Every widget
// uses the formula-and-function request form (named queries plus formulas): one shape for metrics and RUM
// queries, and the one the lint (src/lint) reads. Queries filter on the `$env` template variable.
import type { v1 } from '@datadog/datadog-api-client';
import { scopedName } from '../scope';
import type { DashboardDefinition, DefinitionSettings } from '../types';

/** The three dashboards by key, with their titles (without the env: dashboardTitle adds it). */
export const DASHBOARDS = {
  'executive-business': 'Executive business',
  operations: 'Operations',
  'customer-experience': 'Customer experience',
} as const;
export type DashboardKey = keyof typeof DASHBOARDS;

/** `[ShopFast prod] Operations`: unique per env within an organisation, so the links can search by it. */
export const dashboardTitle = (key: DashboardKey, env: string): string => scopedName(env, DASHBOARDS[key]);

/**
 * The storefront's RUM service and the search every RUM query starts from. Datadog's own synthetic browser
 * tests (synthetics/browser-checkout.ts) start RUM sessions of type `synthetics`; they are left out, so the
 * customer experience is the customers' (and the traffic generator's, `@context.synthetic:true`: the demo's
 * customers; docs/synthetics.md).
 */
export const RUM_SCOPE = 'service:shopfast-web $env -@session.type:synthetics';

export type Query = v1.FormulaAndFunctionQueryDefinition;
type Aggregator = v1.FormulaAndFunctionMetricAggregation;

export function metric(name: string, query: string, aggregator?: Aggregator): v1.FormulaAndFunctionMetricQueryDefinition {
  return { dataSource: 'metrics', name, query, ...(aggregator ? { aggregator } : {}) };
}

/** A RUM event query: `search` is appended to the storefront scope; `measure` is a facet like @view.largest_contentful_paint. */
export function rum(
  name: string,
  search: string,
  compute: { aggregation: v1.FormulaAndFunctionEventAggregation; measure?: string },
  groupBy?: { facet: string; limit?: number },
): v1.FormulaAndFunctionEventQueryDefinition {
  return {
    dataSource: 'rum',
    name,
    search: { query: `${RUM_SCOPE} ${search}` },
    indexes: ['*'],
    compute: { aggregation: compute.aggregation, ...(compute.measure ? { metric: compute.measure } : {}) },
    ...(groupBy
      ? {
          groupBy: [
            { facet: groupBy.facet, limit: groupBy.limit ?? 10, sort: { aggregation: compute.aggregation, order: 'desc', ...(compute.measure ? { metric: compute.measure } : {}) } },
          ],
        }
      : {}),
  };
}

export type Formula = string | { formula: string; alias: string };
const formulas = (list: Formula[]): v1.WidgetFormula[] => list.map((f) => (typeof f === 'string' ? { formula: f } : f));

export function timeseries(title: string, queries: Query[], shown: Formula[], display: v1.WidgetDisplayType = 'line'): v1.Widget {
  return {
    definition: {
      type: 'timeseries',
      title,
      showLegend: true,
      requests: [{ responseFormat: 'timeseries', queries, formulas: formulas(shown), displayType: display }],
    },
  };
}

export function queryValue(title: string, queries: Query[], shown: Formula, options: { unit?: string; precision?: number; liveSpan?: v1.WidgetLiveSpan } = {}): v1.Widget {
  return {
    definition: {
      type: 'query_value',
      title,
      precision: options.precision ?? 1,
      ...(options.unit ? { customUnit: options.unit } : {}),
      ...(options.liveSpan ? { time: { liveSpan: options.liveSpan } } : {}),
      requests: [{ responseFormat: 'scalar', queries, formulas: formulas([shown]) }],
    },
  };
}

export function toplist(title: string, queries: Query[], shown: Formula, liveSpan?: v1.WidgetLiveSpan): v1.Widget {
  return {
    definition: {
      type: 'toplist',
      title,
      ...(liveSpan ? { time: { liveSpan } } : {}),
      requests: [{ responseFormat: 'scalar', queries, formulas: formulas([shown]) }],
    },
  };
}

export function table(title: string, queries: Query[], shown: Formula[]): v1.Widget {
  return { definition: { type: 'query_table', title, requests: [{ responseFormat: 'scalar', queries, formulas: formulas(shown) }] } };
}

export function note(content: string): v1.Widget {
  return { definition: { type: 'note', content, backgroundColor: 'white', fontSize: '14', textAlign: 'left', showTick: false, hasPadding: true } };
}

export function group(title: string, widgets: v1.Widget[]): v1.Widget {
  return { definition: { type: 'group', title, layoutType: 'ordered', showTitle: true, widgets } };
}

/**
 * Links to the other two dashboards of the same env. Dashboard ids exist only once applied, so a link opens the
 * dashboard list searched by the other dashboard's title (unique within the organisation: ours, with the env).
 */
export function dashboardLinks(current: DashboardKey, env: string): v1.Widget {
  const links = (Object.keys(DASHBOARDS) as DashboardKey[])
    .filter((key) => key !== current)
    .map((key) => `[${dashboardTitle(key, env)}](/dashboard/lists?q=${encodeURIComponent(dashboardTitle(key, env))})`);
  return note(`Other ShopFast dashboards: ${links.join(' | ')}`);
}

/**
 * A dashboard with the `env` template variable (default: the deployment the settings watch). v1 dashboards only
 * take `team:` tags, so the tool (src/sync/markers.ts) ends the description with the managed-by marker line.
 */
export function dashboard(key: DashboardKey, description: string, settings: DefinitionSettings, widgets: v1.Widget[]): DashboardDefinition {
  return {
    kind: 'dashboard',
    key,
    body: {
      title: dashboardTitle(key, settings.env),
      description,
      layoutType: 'ordered',
      reflowType: 'auto',
      tags: ['team:shopfast'],
      templateVariables: [{ name: 'env', prefix: 'env', defaults: [settings.env] }],
      widgets: [dashboardLinks(key, settings.env), ...widgets],
    },
  };
}
