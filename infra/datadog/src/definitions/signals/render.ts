// A signal as the Datadog monitor that watches it: the query string, the monitor type and the thresholds.
// Query forms (Datadog API, "Create a monitor"): metric monitors `time_aggr(last_#m):space_aggr:metric{tags} op #`
// (`percentile(last_#m):p95:` for distribution percentiles, `change(avg(last_#m),#m_ago):` for change alerts); RUM
// monitors `rum("search").rollup(method[, "@measure"]).last("#m") op #`.
import type { v1 } from '@datadog/datadog-api-client';
import { wildcardProblem } from './tags';
import type { CountTerm, Series, Signal } from './types';

/**
 * `{env:docker,service:payment,result:timeout}`: the deployment's env first, then the signal's filters. A filter
 * with a wildcard Datadog does not document is refused here, so no monitor is ever applied with one.
 */
function scope(series: Series, env: string): string {
  for (const [key, value] of Object.entries(series.filter)) {
    const problem = wildcardProblem(value);
    if (problem) throw new Error(`${series.metric} {${key}:${value}}: ${problem}`);
  }
  return `{${[`env:${env}`, ...Object.entries(series.filter).map(([key, value]) => `${key}:${value}`)].join(',')}}`;
}

/** A count term, always as a count (types.ts, CountTerm: a ratio of rates would add the ratios). */
const countQuery = (term: CountTerm, env: string) => `sum:${term.metric}${scope(term, env)}.as_count()`;

function sumOf(terms: CountTerm[], env: string): string {
  const text = terms.map((term) => countQuery(term, env)).join(' + ');
  return terms.length > 1 ? `(${text})` : text;
}

/** The number as Datadog reads it in a query (no exponent notation). */
function numberText(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

export function monitorQuery(signal: Signal, env: string): string {
  const comparison = `${signal.condition.comparator} ${numberText(signal.condition.critical)}`;
  const window = `last_${signal.window}m`;
  switch (signal.kind) {
    case 'percentile':
      return `percentile(${window}):p${signal.percentile}:${signal.series.metric}${scope(signal.series, env)} ${comparison}`;
    case 'average':
      return `avg(${window}):avg:${signal.series.metric}${scope(signal.series, env)} ${comparison}`;
    case 'ratio':
      return `sum(${window}):${sumOf(signal.numerator, env)} / ${sumOf(signal.denominator, env)}${signal.scale === 100 ? ' * 100' : ''} ${comparison}`;
    case 'gauge':
      return `${signal.time}(${window}):${signal.space}:${signal.series.metric}${scope(signal.series, env)} ${comparison}`;
    case 'change':
      return `change(avg(${window}),${signal.shiftMinutes}m_ago):${signal.space}:${signal.series.metric}${scope(signal.series, env)} ${comparison}`;
    case 'rum': {
      const search = [`@type:${signal.eventType}`, `service:${signal.service}`, `env:${env}`, ...Object.entries(signal.attributes).map(([path, value]) => `@${path}:${value}`)].join(' ');
      const rollup = signal.measure ? `"${signal.rollup}", "@${signal.measure}"` : `"${signal.rollup}"`;
      return `rum("${search}").rollup(${rollup}).last("${signal.window}m") ${comparison}`;
    }
  }
}

export function monitorType(signal: Signal): v1.MonitorType {
  return signal.kind === 'rum' ? 'rum alert' : 'query alert';
}

/**
 * Thresholds and data options. Faults come and go with traffic, so a window is judged on the data it has
 * (require_full_window off) and no data is not an alert (the service being down is the synthetics' job).
 */
export function monitorOptions(signal: Signal): v1.MonitorOptions {
  const thresholds: v1.MonitorThresholds = { critical: signal.condition.critical };
  if (signal.condition.warning !== undefined) thresholds.warning = signal.condition.warning;
  return signal.kind === 'rum'
    ? { thresholds, notifyNoData: false }
    : { thresholds, notifyNoData: false, requireFullWindow: false };
}
