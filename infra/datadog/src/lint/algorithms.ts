// The arguments of anomalies() and forecast(), as Datadog documents them (monitors/types/anomaly, .../forecasts):
//   anomalies(<query>, 'basic'|'agile'|'robust', <deviations>, direction=, alert_window=, interval=, seasonality=, ...)
//   forecast(<query>, 'linear'|'seasonal', <deviations>, interval=, history=, model=, seasonality=)
// `basic` takes no seasonality, `agile` and `robust` need one; `history` and `model` belong to `linear`.
import type { Call } from './query-ast';
import { parseWindow, QuerySyntaxError } from './query-parser';

const SEASONALITIES = ['hourly', 'daily', 'weekly'];
const ANOMALY_NAMED = new Set(['direction', 'alert_window', 'interval', 'count_default_zero', 'seasonality', 'timezone']);
const FORECAST_NAMED = new Set(['interval', 'history', 'model', 'seasonality', 'timezone']);

function positional(call: Call): { query: boolean; algorithm?: string; deviations?: number; extra: number } {
  const [query, algorithm, deviations, ...extra] = call.args;
  return {
    query: query?.type === 'expression',
    ...(algorithm?.type === 'string' ? { algorithm: algorithm.value } : {}),
    ...(deviations?.type === 'number' ? { deviations: deviations.value } : {}),
    extra: extra.length,
  };
}

function unknownNamed(call: Call, known: Set<string>): string[] {
  return Object.keys(call.named)
    .filter((name) => !known.has(name))
    .map((name) => `${call.name}() has no argument '${name}'`);
}

/** Problems with an anomalies() call; `monitor` adds what a monitor (not a dashboard) must say. */
export function anomalyProblems(call: Call, monitor: boolean): string[] {
  const { query, algorithm, deviations, extra } = positional(call);
  const problems = unknownNamed(call, ANOMALY_NAMED);
  if (!query) problems.push('anomalies() needs a metric query first');
  if (!algorithm || !['basic', 'agile', 'robust'].includes(algorithm)) problems.push(`anomaly algorithm '${algorithm ?? ''}' is not basic, agile or robust`);
  if (deviations === undefined || deviations < 1 || deviations > 6) problems.push('anomaly deviations must be a number from 1 to 6');
  if (extra > 0) problems.push('anomalies() takes three positional arguments');
  const { direction, seasonality, interval } = call.named;
  if (direction !== undefined && !['both', 'above', 'below'].includes(direction)) problems.push(`direction '${direction}' is not both, above or below`);
  if (algorithm === 'basic' && seasonality !== undefined) problems.push("'basic' takes no seasonality (use agile or robust for a seasonal model)");
  // Graphs detect a seasonality themselves; a monitor's query must name it.
  if (monitor && (algorithm === 'agile' || algorithm === 'robust') && seasonality === undefined) {
    problems.push(`'${algorithm}' needs a seasonality (hourly, daily or weekly)`);
  }
  if (seasonality !== undefined && !SEASONALITIES.includes(seasonality)) problems.push(`seasonality '${seasonality}' is not hourly, daily or weekly`);
  if (call.named.count_default_zero !== undefined && !['true', 'false'].includes(call.named.count_default_zero)) {
    problems.push("count_default_zero must be 'true' or 'false'");
  }
  if (monitor) {
    const alertWindow = call.named.alert_window;
    if (alertWindow === undefined) problems.push('an anomaly monitor needs alert_window');
    else problems.push(...windowProblems(alertWindow, 'alert_window'));
    if (interval === undefined || !/^\d+$/.test(interval) || Number(interval) <= 0) problems.push('an anomaly monitor needs interval=<seconds>');
    else if (alertWindow !== undefined && windowProblems(alertWindow, 'alert_window').length === 0) {
      // Datadog: the alert window holds at least five intervals (points), or the anomaly score is noise.
      const windowSeconds = parseWindow(alertWindow, 'last').minutes * 60;
      if (Number(interval) * 5 > windowSeconds) problems.push(`interval=${interval} is over a fifth of alert_window '${alertWindow}' (${windowSeconds / 5} s at most)`);
    }
  }
  return problems;
}

export function forecastProblems(call: Call): string[] {
  const { query, algorithm, deviations, extra } = positional(call);
  const problems = unknownNamed(call, FORECAST_NAMED);
  if (!query) problems.push('forecast() needs a metric query first');
  if (algorithm !== 'linear' && algorithm !== 'seasonal') problems.push(`forecast algorithm '${algorithm ?? ''}' is not linear or seasonal`);
  if (deviations === undefined || deviations < 1) problems.push('forecast deviations must be a number of at least 1');
  if (extra > 0) problems.push('forecast() takes three positional arguments');
  const { interval, history, model, seasonality } = call.named;
  if (interval !== undefined && !/^\d+[mh]?$/.test(interval)) problems.push(`forecast interval '${interval}' is not <N>m or <N>h`);
  if (algorithm === 'seasonal') {
    if (seasonality === undefined || !SEASONALITIES.includes(seasonality)) problems.push("'seasonal' needs seasonality hourly, daily or weekly");
    if (history !== undefined || model !== undefined) problems.push("history and model belong to the 'linear' algorithm");
  }
  if (algorithm === 'linear') {
    if (seasonality !== undefined) problems.push("'linear' takes no seasonality");
    if (model !== undefined && !['default', 'simple', 'reactive'].includes(model)) problems.push(`model '${model}' is not default, simple or reactive`);
    if (history !== undefined && !/^\d+(d|w|mo)$/.test(history)) problems.push(`history '${history}' is not <N>d, <N>w or <N>mo`);
  }
  return problems;
}

export function windowProblems(text: string, what: string): string[] {
  try {
    parseWindow(text, 'last');
    return [];
  } catch (error) {
    return [`${what}: ${(error as QuerySyntaxError).message}`];
  }
}
