// Checks one parsed metric query against the catalogue: the metric is declared in docs/telemetry.md, every tag
// key it filters or groups by exists on that metric, and the aggregation and modifiers fit the metric's type.
import { HISTOGRAM_SUFFIXES, UNIVERSAL_TAGS, lookupMetric, type MetricCatalogue } from './catalogue';
import type { Expression, MetricQuery } from './query-ast';
import { metricQueriesIn } from './query-parser';

export interface MetricScope {
  catalogue: MetricCatalogue;
  /** Template variables the query may use, name -> the tag key they stand for (dashboards only). */
  variables?: ReadonlyMap<string, string>;
}

const PERCENTILE = /^p\d/;

export function checkMetricQuery(query: MetricQuery, scope: MetricScope): string[] {
  const found = lookupMetric(scope.catalogue, query.metric);
  if (!found) return [`metric '${query.metric}' is not in docs/telemetry.md`];
  const { entry, suffix } = found;
  const problems: string[] = [];
  const histogram = entry.type === 'histogram' || entry.type === 'timing';
  if (histogram && !suffix) {
    problems.push(
      `'${query.metric}' is a ${entry.type}: the Agent stores it as ${HISTOGRAM_SUFFIXES.map((s) => `.${s}`).join(', ')}; query one of those`,
    );
  }
  if (PERCENTILE.test(query.aggregation) && entry.type !== 'distribution') {
    problems.push(`'${query.aggregation}:' needs a distribution, and '${entry.name}' is a ${entry.type}`);
  }
  const counted = entry.type === 'count' || suffix === 'count';
  for (const modifier of query.modifiers) {
    if ((modifier === 'as_count' || modifier === 'as_rate') && !counted) {
      problems.push(`.${modifier}() applies to counts, and '${query.metric}' is a ${suffix ? 'gauge' : entry.type}`);
    }
  }
  const allowed = (key: string) => entry.tags.has(key) || UNIVERSAL_TAGS.has(key);
  for (const filter of query.filters) {
    if (filter.kind === 'tag' && !allowed(filter.key)) problems.push(`tag '${filter.key}' is not catalogued on '${entry.name}'`);
    if (filter.kind === 'variable') {
      const key = scope.variables?.get(filter.name);
      if (key === undefined) problems.push(`template variable '$${filter.name}' is not defined here`);
      else if (!allowed(key)) problems.push(`template variable '$${filter.name}' filters on '${key}', which is not catalogued on '${entry.name}'`);
    }
  }
  for (const key of query.by) if (!allowed(key)) problems.push(`group by '${key}' is not a tag catalogued on '${entry.name}'`);
  return problems;
}

export function checkMetricsIn(expression: Expression, scope: MetricScope): string[] {
  return metricQueriesIn(expression).flatMap((query) => checkMetricQuery(query, scope));
}

/** Whether every metric query of the expression is scoped to one environment (an `env:` tag or `$env`). */
export function unscopedQueries(expression: Expression, variables?: ReadonlyMap<string, string>): MetricQuery[] {
  return metricQueriesIn(expression).filter(
    (query) =>
      !query.filters.some(
        (filter) => (filter.kind === 'tag' && filter.key === 'env' && !filter.negated) || (filter.kind === 'variable' && variables?.get(filter.name) === 'env'),
      ),
  );
}
