// The quantity a signal's monitor watches, computed locally from what really arrived: DogStatsD lines (the
// listener's), traces (the test agent's spans; trace metrics computed from them as Datadog's agent computes
// them) and RUM events (the intake's). The caller picks the window: the observations are the window.
import { matchesWildcard, normalizeTagValue } from './tags';
import { traceMetric, type Condition, type CountTerm, type Series, type Signal, type TagFilter } from './types';

/** One DogStatsD line as the listener parsed it. `at` (ISO time of arrival) orders gauge readings. */
export interface MetricPoint {
  name: string;
  value: number | string;
  /** `c`, `g`, `d`, `h`, `ms`... */
  type: string;
  sampleRate?: number;
  tags: Record<string, string>;
  at?: string;
}

/** A span as the test agent returns it (durations in nanoseconds). */
export interface TraceSpan {
  span_id: number | string;
  parent_id: number | string;
  service: string;
  name: string;
  resource: string;
  error?: number;
  duration: number;
  meta: Record<string, string>;
  metrics: Record<string, number>;
}

export interface Observations {
  metrics?: MetricPoint[];
  /** Whole traces, one array of spans each. */
  traces?: TraceSpan[][];
  rum?: Array<Record<string, unknown>>;
  /** For change signals: the same series `shiftMinutes` earlier (the local tests compress the shift). */
  baseline?: Observations;
}

const NS_PER_SECOND = 1e9;

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mean = (values: number[]) => (values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length);

function matchesFilter(filter: TagFilter, env: string, read: (key: string) => string | undefined): boolean {
  return matchesWildcard(env, read('env')) && Object.entries(filter).every(([key, pattern]) => matchesWildcard(pattern, read(key)));
}

// ---- DogStatsD --------------------------------------------------------------------------------------------

function linesOf(series: Series, env: string, observations: Observations): MetricPoint[] {
  return (observations.metrics ?? []).filter((line) => line.name === series.metric && matchesFilter(series.filter, env, (key) => line.tags[key]));
}

const weight = (line: MetricPoint) => 1 / (line.sampleRate && line.sampleRate > 0 ? line.sampleRate : 1);

// ---- Trace metrics, from spans ----------------------------------------------------------------------------

/**
 * The spans Datadog's agent computes trace metrics for: service entry spans (no parent in the trace, or a parent
 * of another service) and spans the tracer marks measured (`_dd.measured`, e.g. database client spans).
 */
export function statsSpans(trace: TraceSpan[]): TraceSpan[] {
  const byId = new Map(trace.map((span) => [String(span.span_id), span]));
  return trace.filter((span) => {
    const parent = byId.get(String(span.parent_id));
    return !parent || parent.service !== span.service || span.metrics['_dd.measured'] === 1;
  });
}

/** A span's value for a trace-metric tag key. */
function spanTag(span: TraceSpan, key: string): string | undefined {
  if (key === 'service') return span.service;
  if (key === 'resource_name') return normalizeTagValue(span.resource);
  if (key === 'resource') return span.resource;
  return span.meta[key];
}

function spansOf(series: Series, env: string, observations: Observations): TraceSpan[] {
  const metric = traceMetric(series.metric);
  if (!metric) throw new Error(`${series.metric} is not a trace metric`);
  return (observations.traces ?? [])
    .flatMap(statsSpans)
    .filter((span) => span.name === metric.spanName && matchesFilter(series.filter, env, (key) => spanTag(span, key)));
}

// ---- Counts, distributions, gauges ------------------------------------------------------------------------

/** A count term over the window, as `.as_count()` sums it: a counter's values, or trace hits/errors from spans. */
function count(term: CountTerm, env: string, observations: Observations): number {
  const metric = traceMetric(term.metric);
  if (metric) {
    if (metric.part === 'latency') throw new Error(`${term.metric} is a distribution, not a count`);
    const spans = spansOf(term, env, observations);
    return metric.part === 'hits' ? spans.length : spans.filter((span) => span.error === 1).length;
  }
  return linesOf(term, env, observations).reduce((total, line) => total + Number(line.value) * weight(line), 0);
}

/** Counts are added over the whole window first, then divided (the monitor's `sum(...)` of `.as_count()` terms). */
const sumTerms = (terms: CountTerm[], env: string, observations: Observations) => terms.reduce((total, term) => total + count(term, env, observations), 0);

/** The distribution's values: latencies in seconds for trace metrics, the sent values otherwise. */
function distributionValues(series: Series, env: string, observations: Observations): number[] {
  if (traceMetric(series.metric)) return spansOf(series, env, observations).map((span) => span.duration / NS_PER_SECOND);
  return linesOf(series, env, observations).map((line) => Number(line.value));
}

/** A gauge's points after space aggregation: readings of the same second (one per source) folded into one. */
function gaugePoints(series: Series, space: 'avg' | 'max', env: string, observations: Observations): number[] {
  const bySecond = new Map<string, number[]>();
  for (const line of linesOf(series, env, observations)) {
    const second = line.at?.slice(0, 19) ?? String(bySecond.size);
    bySecond.set(second, [...(bySecond.get(second) ?? []), Number(line.value)]);
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, values]) => (space === 'max' ? Math.max(...values) : (mean(values) as number)));
}

// ---- RUM ----------------------------------------------------------------------------------------------------

function attribute(event: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), event);
}

/** `env` of a RUM event: its `ddtags` (the browser SDK puts env, service and version there). */
function rumEnv(event: Record<string, unknown>): string | undefined {
  const tags = typeof event.ddtags === 'string' ? event.ddtags.split(',') : [];
  return tags.find((tag) => tag.startsWith('env:'))?.slice('env:'.length) ?? (typeof event.env === 'string' ? event.env : undefined);
}

/** Views are sent again on every update; Datadog keeps the last one (highest `_dd.document_version`). */
function latestViews(events: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const latest = new Map<string, Record<string, unknown>>();
  for (const event of events) {
    const id = String(attribute(event, 'view.id'));
    const version = Number(attribute(event, '_dd.document_version') ?? 0);
    const kept = latest.get(id);
    if (!kept || Number(attribute(kept, '_dd.document_version') ?? 0) <= version) latest.set(id, event);
  }
  return [...latest.values()];
}

/** The RUM events the signal reads: its type, service, env and facets; views once each (their last update). */
function rumEvents(signal: Extract<Signal, { kind: 'rum' }>, env: string, observations: Observations): Array<Record<string, unknown>> {
  const events = (observations.rum ?? []).filter(
    (event) =>
      event.type === signal.eventType &&
      matchesWildcard(signal.service, typeof event.service === 'string' ? event.service : undefined) &&
      matchesWildcard(env, rumEnv(event)) &&
      Object.entries(signal.attributes).every(([path, pattern]) => matchesWildcard(pattern, String(attribute(event, path) ?? ''))),
  );
  return signal.eventType === 'view' ? latestViews(events) : events;
}

const measures = (signal: Extract<Signal, { kind: 'rum' }>, events: Array<Record<string, unknown>>) =>
  events.map((event) => attribute(event, signal.measure as string)).filter((value): value is number => typeof value === 'number');

function rumValue(signal: Extract<Signal, { kind: 'rum' }>, env: string, observations: Observations): number | undefined {
  const events = rumEvents(signal, env, observations);
  if (signal.rollup === 'count') return events.length;
  const values = measures(signal, events);
  if (signal.rollup === 'avg') return mean(values);
  return percentile(values, Number(signal.rollup.slice(2)));
}

// ---- The signal ---------------------------------------------------------------------------------------------

/** The signal's value over the observations, or undefined when they hold no data for it (Datadog: no data). */
export function evaluateSignal(signal: Signal, observations: Observations, env: string): number | undefined {
  switch (signal.kind) {
    case 'percentile':
      return percentile(distributionValues(signal.series, env, observations), signal.percentile);
    case 'average':
      // Datadog averages per interval, then the intervals; the local windows are seconds long, one interval.
      return mean(distributionValues(signal.series, env, observations));
    case 'ratio': {
      const denominator = sumTerms(signal.denominator, env, observations);
      return denominator === 0 ? undefined : (sumTerms(signal.numerator, env, observations) / denominator) * signal.scale;
    }
    case 'gauge': {
      const points = gaugePoints(signal.series, signal.space, env, observations);
      if (points.length === 0) return undefined;
      return signal.time === 'max' ? Math.max(...points) : mean(points);
    }
    case 'change': {
      const now = mean(gaugePoints(signal.series, signal.space, env, observations));
      const before = mean(gaugePoints(signal.series, signal.space, env, observations.baseline ?? {}));
      return now === undefined || before === undefined ? undefined : now - before;
    }
    case 'rum':
      return rumValue(signal, env, observations);
  }
}

/**
 * The single values a signal aggregates, when it aggregates values (a distribution's percentile or average, a
 * RUM measure's rollup): the tests check each of them too, since an aggregate of a few values can cross the
 * threshold on one value alone. Undefined for counts, ratios and gauges.
 */
export function signalValues(signal: Signal, observations: Observations, env: string): number[] | undefined {
  switch (signal.kind) {
    case 'percentile':
    case 'average':
      return distributionValues(signal.series, env, observations);
    case 'rum':
      return signal.rollup === 'count' ? undefined : measures(signal, rumEvents(signal, env, observations));
    default:
      return undefined;
  }
}

/** Whether the signal reads this DogStatsD line (one of its series: the metric, the env and the filters). */
export function readsLine(signal: Signal, line: MetricPoint, env: string): boolean {
  const series: Series[] = signal.kind === 'ratio' ? [...signal.numerator, ...signal.denominator] : signal.kind === 'rum' ? [] : [signal.series];
  return series.some((each) => !traceMetric(each.metric) && each.metric === line.name && matchesFilter(each.filter, env, (key) => line.tags[key]));
}

export type Status = 'critical' | 'warning' | 'ok';

const beyond = (comparator: Condition['comparator'], value: number, threshold: number) =>
  comparator === '>' ? value > threshold : comparator === '>=' ? value >= threshold : comparator === '<' ? value < threshold : value <= threshold;

/** What the monitor would say about `value`: critical, warning, or ok. */
export function statusOf(condition: Condition, value: number): Status {
  if (beyond(condition.comparator, value, condition.critical)) return 'critical';
  if (condition.warning !== undefined && beyond(condition.comparator, value, condition.warning)) return 'warning';
  return 'ok';
}
