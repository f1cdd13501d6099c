// Dashboards: every widget query parses; metric queries watch catalogued metrics and tags; formulas refer only to
// queries of their own request; every query is scoped to the `env` template variable (or an env tag); RUM event
// queries say what they compute; funnels have steps. Group widgets are walked recursively.
import type { v1 } from '@datadog/datadog-api-client';
import type { Definition } from '../definitions/types';
import { anomalyProblems } from './algorithms';
import { checkMetricsIn, unscopedQueries } from './metric-check';
import { callsIn, parseFormula, parseMetricExpression, referencesIn } from './query-parser';
import type { LintContext } from './types';

type Report = (at: string, rule: string, message: string) => void;

/** A formula-and-function query as the lint reads it (metric or event query; the models are a union). */
interface Query {
  dataSource: unknown;
  name: string;
  query?: string;
  search?: { query?: string };
  compute?: { aggregation: unknown; metric?: string };
}

/** What a widget request may hold; the widget models share these fields. */
interface WidgetRequest {
  queries?: Query[];
  formulas?: v1.WidgetFormula[];
  q?: string;
  query?: v1.FunnelQuery | v1.ListStreamQuery;
  requestType?: string;
}

const NEEDS_MEASURE = new Set(['cardinality', 'median', 'pc75', 'pc90', 'pc95', 'pc98', 'pc99', 'sum', 'min', 'max', 'avg']);

function lintQuery(query: Query, at: string, variables: Map<string, string>, context: LintContext, report: Report): void {
  const source = String(query.dataSource);
  if (source === 'metrics' && typeof query.query === 'string') {
    let expression;
    try {
      expression = parseMetricExpression(query.query);
    } catch (error) {
      return report(at, 'query-syntax', (error as Error).message);
    }
    for (const message of checkMetricsIn(expression, { catalogue: context.catalogue, variables })) report(at, 'metric-catalogue', message);
    for (const unscoped of unscopedQueries(expression, variables)) report(at, 'env-scope', `'${unscoped.metric}' is not filtered on $env or env:`);
    return;
  }
  if (query.compute && query.search) {
    const search = query.search.query ?? '';
    if (!/(^|\s)(\$env|env:)/.test(search)) report(at, 'env-scope', `the ${source} search '${search}' is not filtered on $env or env:`);
    for (const name of search.matchAll(/\$([A-Za-z_][\w-]*)/g)) {
      if (!variables.has(name[1] as string)) report(at, 'template-variables', `template variable '$${name[1]}' is not defined`);
    }
    const aggregation = String(query.compute.aggregation);
    const measure = query.compute.metric;
    if (NEEDS_MEASURE.has(aggregation) && !measure) report(at, 'query-syntax', `'${aggregation}' needs a measure (compute.metric)`);
    if (measure && !measure.startsWith('@')) report(at, 'query-syntax', `measure '${measure}' is not an @attribute`);
    return;
  }
  report(at, 'query-syntax', `data source '${source}' is outside the subset the lint reads`);
}

function lintRequest(request: WidgetRequest, at: string, variables: Map<string, string>, context: LintContext, report: Report): void {
  if (request.requestType === 'funnel' && request.query && 'steps' in request.query) {
    if (request.query.steps.length < 2) report(at, 'funnel', 'a funnel needs at least two steps');
    if (!/(^|\s)(\$env|env:)/.test(request.query.queryString)) report(at, 'env-scope', 'the funnel query is not filtered on $env or env:');
    return;
  }
  if (request.q !== undefined) report(at, 'query-syntax', 'use queries + formulas, not the legacy q string');
  const names = new Set<string>();
  (request.queries ?? []).forEach((query, index) => {
    if (names.has(query.name)) report(`${at}.queries[${index}]`, 'query-syntax', `query name '${query.name}' is used twice`);
    names.add(query.name);
    lintQuery(query, `${at}.queries[${index}]`, variables, context, report);
  });
  const used = new Set<string>();
  (request.formulas ?? []).forEach((formula, index) => {
    try {
      const expression = parseFormula(formula.formula);
      for (const name of referencesIn(expression)) {
        used.add(name);
        if (!names.has(name)) report(`${at}.formulas[${index}]`, 'references', `formula refers to '${name}', which is not a query of this request`);
      }
      for (const call of callsIn(expression, 'anomalies')) for (const message of anomalyProblems(call, false)) report(`${at}.formulas[${index}]`, 'algorithm', message);
    } catch (error) {
      report(`${at}.formulas[${index}]`, 'query-syntax', (error as Error).message);
    }
  });
  if (request.queries && !request.formulas?.length) report(at, 'query-syntax', 'queries without formulas show nothing');
  for (const name of names) if (!used.has(name) && request.formulas?.length) report(at, 'references', `query '${name}' is used by no formula`);
}

function lintWidgets(widgets: v1.Widget[], at: string, variables: Map<string, string>, context: LintContext, report: Report): void {
  widgets.forEach((widget, index) => {
    const here = `${at}[${index}]`;
    const definition = widget.definition as { type: string; widgets?: v1.Widget[]; requests?: WidgetRequest[] | Record<string, WidgetRequest> };
    if (definition.widgets) lintWidgets(definition.widgets, `${here}.widgets`, variables, context, report);
    const requests = definition.requests;
    const list = Array.isArray(requests) ? requests : requests ? Object.values(requests) : [];
    list.forEach((request, position) => lintRequest(request, `${here}.requests[${position}]`, variables, context, report));
  });
}

export function lintDashboard(definition: Definition, context: LintContext): void {
  if (definition.kind !== 'dashboard') return;
  const report: Report = (at, rule, message) => context.report({ rule, at, message });
  const variables = new Map<string, string>();
  for (const variable of definition.body.templateVariables ?? []) {
    if (!variable.prefix) report('templateVariables', 'template-variables', `template variable '${variable.name}' has no prefix (tag key)`);
    else variables.set(variable.name, variable.prefix);
  }
  if (variables.get('env') !== 'env') report('templateVariables', 'template-variables', "every dashboard has the template variable 'env' (prefix env)");
  if (definition.body.layoutType !== 'ordered') report('layoutType', 'conventions', 'dashboards use the ordered layout');
  lintWidgets(definition.body.widgets, 'widgets', variables, context, report);
}
