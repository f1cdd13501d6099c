// Monitors: the query parses in the form its type takes, watches catalogued metrics with catalogued tags in one
// environment, uses valid windows, anomaly and forecast arguments, thresholds coherent with the comparator, and
// threshold windows only where Datadog takes them (anomaly monitors, trigger window == alert_window).
import type { v1 } from '@datadog/datadog-api-client';
import type { Definition, MonitorDefinition } from '../definitions/types';
import { anomalyProblems, forecastProblems, windowProblems } from './algorithms';
import { checkMetricsIn, unscopedQueries } from './metric-check';
import type { Expression, MetricMonitorQuery } from './query-ast';
import { callsIn, metricQueriesIn, parseCompositeQuery, parseEventMonitorQuery, parseMetricMonitorQuery, parseSloAlertQuery, parseWindow } from './query-parser';
import { thresholdProblems } from './thresholds';
import type { LintContext } from './types';

type Report = (rule: string, message: string) => void;

const EVENT_SOURCES: Record<string, string> = { 'rum alert': 'rum', 'log alert': 'logs', 'trace-analytics alert': 'trace-analytics' };

function attempt<T>(report: Report, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    report('query-syntax', (error as Error).message);
    return undefined;
  }
}

/** The top-level algorithm of a metric monitor: anomalies(...) or forecast(...) must wrap the whole query. */
function wrapper(expression: Expression, report: Report): 'anomalies' | 'forecast' | undefined {
  const top = expression.type === 'call' && (expression.name === 'anomalies' || expression.name === 'forecast') ? expression.name : undefined;
  const all = [...callsIn(expression, 'anomalies'), ...callsIn(expression, 'forecast')];
  if (all.length > (top ? 1 : 0)) report('algorithm', 'anomalies() and forecast() must wrap the whole monitor query, once');
  return top;
}

function checkMetricMonitor(body: v1.Monitor, query: MetricMonitorQuery, context: LintContext, report: Report): void {
  for (const message of checkMetricsIn(query.expression, { catalogue: context.catalogue })) report('metric-catalogue', message);
  for (const unscoped of unscopedQueries(query.expression)) report('env-scope', `'${unscoped.metric}' is not filtered on env:`);
  const options = body.options ?? {};
  const kind = wrapper(query.expression, report);
  if (query.timeAggregation === 'percentile' && metricQueriesIn(query.expression).some((metric) => !/^p\d/.test(metric.aggregation))) {
    report('query-syntax', 'percentile(...) over time needs percentile metric queries (p95:...)');
  }
  if (query.change && kind) report('algorithm', 'a change alert cannot wrap anomalies() or forecast()');
  if (kind === 'forecast') {
    if (query.window.direction !== 'next') report('window', `a forecast looks ahead: use next_<N> instead of ${query.window.text}`);
    else if (query.window.minutes < 720 || query.window.minutes > 3 * 43_200) report('window', 'a forecast horizon runs from 12 hours to 3 months');
    const expected = query.comparator.startsWith('>') ? 'max' : 'min';
    if (query.timeAggregation !== expected) report('window', `a forecast alerting '${query.comparator}' uses ${expected}(...)`);
    if (query.expression.type === 'call') for (const message of forecastProblems(query.expression)) report('algorithm', message);
  } else if (query.window.direction !== 'last') {
    report('window', `only forecasts look ahead: use last_<N> instead of ${query.window.text}`);
  } else if (query.window.minutes > 10_080) {
    report('window', `${query.window.text} is longer than the week a metric monitor may look back`);
  }
  if (kind === 'anomalies' && query.expression.type === 'call') {
    const call = query.expression;
    for (const message of anomalyProblems(call, true)) report('algorithm', message);
    if (query.comparator !== '>=' || query.threshold <= 0 || query.threshold > 1) report('thresholds', 'an anomaly monitor alerts on `>= <share of the alert window, 0-1>`');
    const alertWindow = call.named.alert_window;
    const windows = options.thresholdWindows;
    if (windows?.triggerWindow !== alertWindow) {
      report('threshold-windows', `options.threshold_windows.trigger_window (${windows?.triggerWindow ?? 'missing'}) must equal alert_window (${alertWindow ?? 'missing'})`);
    }
    if (windows?.recoveryWindow === undefined) report('threshold-windows', 'options.threshold_windows.recovery_window is missing');
    else for (const message of windowProblems(windows.recoveryWindow, 'recovery_window')) report('threshold-windows', message);
    const alertMinutes = alertWindow ? attempt(() => undefined, () => parseWindow(alertWindow, 'last').minutes) : undefined;
    if (alertMinutes !== undefined && alertMinutes > query.window.minutes) report('window', `alert_window ${alertWindow} is longer than the query window ${query.window.text}`);
  } else if (options.thresholdWindows) {
    report('threshold-windows', 'threshold_windows belong to anomaly monitors only');
  }
  for (const message of thresholdProblems(options.thresholds, query.comparator, query.threshold)) report('thresholds', message);
}

function checkComposite(definition: MonitorDefinition, context: LintContext, report: Report): void {
  const expression = attempt(report, () => parseCompositeQuery(definition.body.query));
  if (!expression) return;
  const referenced: string[] = [];
  const walk = (node: typeof expression): void => {
    if (node.type === 'monitor') referenced.push(node.reference);
    else if (node.type === 'not') walk(node.operand);
    else {
      walk(node.left);
      walk(node.right);
    }
  };
  walk(expression);
  if (referenced.length < 2) report('composite', 'a composite combines at least two monitors');
  for (const reference of referenced) {
    if (/^\d+$/.test(reference)) report('references', `monitor id ${reference}: refer to definitions by \${monitor:KEY}`);
    const target = context.definitions.find((other) => other.kind === 'monitor' && other.key === reference) as MonitorDefinition | undefined;
    if (target?.key === definition.key) report('composite', 'a composite cannot contain itself');
    if (target?.body.type === 'composite') report('composite', `'${reference}' is a composite: Datadog composites combine non-composite monitors`);
  }
}

function checkSloAlert(body: v1.Monitor, context: LintContext, report: Report): void {
  const query = attempt(report, () => parseSloAlertQuery(body.query));
  if (!query) return;
  const key = /^\$\{slo:([^}]+)\}$/.exec(query.slo)?.[1];
  if (!key) report('references', `the SLO is '${query.slo}': refer to it as \${slo:KEY}`);
  const slo = context.definitions.find((other) => other.kind === 'slo' && other.key === key);
  const over = query.methods.over;
  if (!over) report('query-syntax', `${query.function}() needs .over("<timeframe>")`);
  else if (slo?.kind === 'slo' && !slo.body.thresholds.some((threshold) => threshold.timeframe === over)) {
    report('slo', `.over("${over}") is not a timeframe of SLO '${key}'`);
  }
  if (query.function === 'burn_rate') {
    const { long_window: long, short_window: short } = query.methods;
    const minutes = (text: string | undefined, what: string) =>
      text === undefined ? (report('query-syntax', `burn_rate() needs .${what}("<N>m|h")`), undefined) : attempt(report, () => parseWindow(`last_${text}`, 'last').minutes);
    const longMinutes = minutes(long, 'long_window');
    const shortMinutes = minutes(short, 'short_window');
    if (longMinutes !== undefined && shortMinutes !== undefined && shortMinutes >= longMinutes) report('window', 'short_window must be shorter than long_window');
    if (!query.comparator.startsWith('>') || query.threshold <= 1) report('thresholds', 'a burn-rate alert fires above a rate greater than 1');
    // The fastest an SLO can burn is every event bad: 1 / (1 - target). A higher threshold can never fire.
    const target = slo?.kind === 'slo' ? slo.body.thresholds.find((threshold) => threshold.timeframe === over)?.target : undefined;
    if (target !== undefined && target < 100) {
      const maximum = 1 / (1 - target / 100);
      if (query.threshold > maximum) {
        report('thresholds', `burn rate ${query.threshold} can never be reached: SLO '${key}' (target ${target} %) burns at most ${Number(maximum.toFixed(2))}x`);
      }
    }
  } else if (!query.comparator.startsWith('>') || query.threshold <= 0 || query.threshold > 100) {
    report('thresholds', 'an error-budget alert fires above a share of the budget spent, 0-100 %');
  }
  for (const message of thresholdProblems(body.options?.thresholds, query.comparator, query.threshold)) report('thresholds', message);
}

export function lintMonitor(definition: Definition, context: LintContext): void {
  if (definition.kind !== 'monitor') return;
  const body = definition.body;
  const report: Report = (rule, message) => context.report({ rule, at: 'query', message });
  const type = String(body.type);
  if (type === 'query alert' || type === 'metric alert') {
    const query = attempt(report, () => parseMetricMonitorQuery(body.query));
    if (query) checkMetricMonitor(body, query, context, report);
  } else if (type === 'composite') checkComposite(definition, context, report);
  else if (type === 'slo alert') checkSloAlert(body, context, report);
  else if (EVENT_SOURCES[type]) {
    const query = attempt(report, () => parseEventMonitorQuery(body.query));
    if (query && query.source !== EVENT_SOURCES[type]) report('query-syntax', `a ${type} queries ${EVENT_SOURCES[type]}(...), not ${query.source}(...)`);
    if (query && !query.window) report('window', 'the query needs .last("<N>m|h")');
    if (query) for (const message of thresholdProblems(body.options?.thresholds, query.comparator, query.threshold)) report('thresholds', message);
  } else report('query-syntax', `monitor type '${type}' is outside the subset the lint reads`);
}
