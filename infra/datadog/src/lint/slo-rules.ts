// SLOs: the good/total (metric) or time-slice queries parse and watch catalogued metrics in one environment;
// targets are percentages under 100 with the warning above the target; the timeframes are Datadog's.
import type { Definition } from '../definitions/types';
import { checkMetricsIn, unscopedQueries } from './metric-check';
import { parseFormula, parseMetricExpression, referencesIn } from './query-parser';
import type { LintContext } from './types';

const TIMEFRAMES = new Set(['7d', '30d', '90d']);

function lintMetricText(text: string, at: string, context: LintContext): void {
  try {
    const expression = parseMetricExpression(text);
    for (const message of checkMetricsIn(expression, { catalogue: context.catalogue })) context.report({ rule: 'metric-catalogue', at, message });
    for (const unscoped of unscopedQueries(expression)) context.report({ rule: 'env-scope', at, message: `'${unscoped.metric}' is not filtered on env:` });
  } catch (error) {
    context.report({ rule: 'query-syntax', at, message: (error as Error).message });
  }
}

export function lintSlo(definition: Definition, context: LintContext): void {
  if (definition.kind !== 'slo') return;
  const body = definition.body;
  const report = (at: string, message: string) => context.report({ rule: 'slo', at, message });
  const type = String(body.type);
  if (type === 'metric') {
    if (!body.query) report('query', 'a metric SLO needs query.numerator and query.denominator');
    else {
      lintMetricText(body.query.numerator, 'query.numerator', context);
      lintMetricText(body.query.denominator, 'query.denominator', context);
    }
  } else if (type === 'time_slice') {
    const slice = body.sliSpecification && 'timeSlice' in body.sliSpecification ? body.sliSpecification.timeSlice : undefined;
    if (!slice) report('sliSpecification', 'a time-slice SLO needs sliSpecification.timeSlice');
    else {
      const names = new Set<string>();
      (slice.query.queries as Array<{ name: string; query: string }>).forEach((query, index) => {
        names.add(query.name);
        lintMetricText(query.query, `sliSpecification.timeSlice.query.queries[${index}]`, context);
      });
      for (const formula of slice.query.formulas) {
        try {
          for (const name of referencesIn(parseFormula(formula.formula))) if (!names.has(name)) report('sliSpecification', `formula refers to unknown query '${name}'`);
        } catch (error) {
          context.report({ rule: 'query-syntax', at: 'sliSpecification', message: (error as Error).message });
        }
      }
    }
  } else report('type', `SLO type '${type}' is outside the subset the lint reads`);
  const timeframes = body.thresholds.map((threshold) => String(threshold.timeframe));
  if (new Set(timeframes).size !== timeframes.length) report('thresholds', 'a timeframe appears twice');
  for (const threshold of body.thresholds) {
    if (!TIMEFRAMES.has(String(threshold.timeframe))) report('thresholds', `timeframe '${threshold.timeframe}' is not 7d, 30d or 90d`);
    if (!(threshold.target > 0 && threshold.target < 100)) report('thresholds', `target ${threshold.target} is not a percentage under 100`);
    if (threshold.warning !== undefined && !(threshold.warning > threshold.target && threshold.warning < 100)) {
      report('thresholds', `warning ${threshold.warning} must lie between the target ${threshold.target} and 100`);
    }
  }
  if (body.timeframe !== undefined) {
    const primary = body.thresholds.find((threshold) => threshold.timeframe === body.timeframe);
    if (!primary) report('timeframe', `timeframe ${body.timeframe} has no threshold`);
    else if (body.targetThreshold !== undefined && body.targetThreshold !== primary.target) report('targetThreshold', 'target_threshold differs from the timeframe\'s target');
  }
}
