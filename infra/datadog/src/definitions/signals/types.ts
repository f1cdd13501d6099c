// A signal is what a monitor computes, as data: which metric (or RUM events), filtered how, aggregated how,
// over which window, compared with which thresholds. One signal renders the Datadog monitor query (render.ts)
// and computes the same quantity locally from what really arrived at the local stack (evaluate.ts): DogStatsD
// lines at the listener, spans at the test agent, RUM events at the intake. So the e2e tests cannot check a
// different quantity than the monitor watches.
//
// Metrics named `trace.*` are trace metrics: Datadog's agent computes them from spans (docs/telemetry.md, "Trace
// metrics"), so locally they are computed from the spans the test agent holds, as the agent would.

export type Comparator = '>' | '>=' | '<' | '<=';

/** The monitor's thresholds, in the signal's unit. */
export interface Condition {
  comparator: Comparator;
  critical: number;
  warning?: number;
}

/** Minutes, as Datadog's monitor windows write them (`last_5m`, RUM `.last("5m")`). */
export type WindowMinutes = 5 | 10 | 15 | 30;

/**
 * Tag filters, key -> value. A value may use Datadog's `*` wildcard only where Datadog documents it: a prefix
 * (`upstream_*`), a suffix (`*_timeout`) or a substring (`*order_items*`); anywhere else is refused (tags.ts).
 * The `env` filter is not here: it is the deployment's (settings.env), added when a signal is rendered or
 * evaluated.
 */
export type TagFilter = Readonly<Record<string, string>>;

export interface Series {
  /** A catalogued metric (docs/telemetry.md): DogStatsD, dd-trace runtime, or a `trace.*` trace metric. */
  metric: string;
  filter: TagFilter;
}

/**
 * A count in a ratio: a count metric (a DogStatsD counter, trace `.hits`/`.errors`), summed over the window as
 * counts (`sum:m{}.as_count()`). Always as counts: without `.as_count()` Datadog divides the series point by
 * point and the monitor's `sum(...)` adds the ratios (Datadog docs, "as_count() in Monitor Evaluations").
 */
export type CountTerm = Series;

interface Common {
  window: WindowMinutes;
  condition: Condition;
  /** What the value is measured in, for messages (`ms`, `s`, `%`, `bytes`...). */
  unit: string;
}

/**
 * A percentile of a distribution over the window: `percentile(last_5m):p95:m{} > x`. Datadog computes
 * percentiles of the trace metrics (`trace.*`); a custom distribution has them only once they are enabled for
 * that metric in Datadog, so the fault monitors watch those by their average (AverageSignal).
 */
export interface PercentileSignal extends Common {
  kind: 'percentile';
  series: Series;
  percentile: 50 | 75 | 90 | 95 | 99;
}

/**
 * The mean of a distribution's values: `avg(last_5m):avg:m{} > x`. Datadog averages each interval's values, then
 * the intervals over the window; every distribution has it, no percentiles needed.
 */
export interface AverageSignal extends Common {
  kind: 'average';
  series: Series;
}

/** Sum of counts over sum of counts (x 100 for a percentage): `sum(last_10m):a / (b + c) * 100 > x`. */
export interface RatioSignal extends Common {
  kind: 'ratio';
  numerator: CountTerm[];
  denominator: CountTerm[];
  /** 100: the ratio is a percentage. */
  scale: 1 | 100;
}

/** A gauge: space aggregation across sources at each point, then time aggregation: `avg(last_5m):max:m{} > x`. */
export interface GaugeSignal extends Common {
  kind: 'gauge';
  series: Series;
  space: 'avg' | 'max';
  time: 'avg' | 'max';
}

/**
 * A change alert: the gauge's mean over the window now minus its mean `shiftMinutes` earlier:
 * `change(avg(last_5m),10m_ago):avg:m{} > x`.
 */
export interface ChangeSignal extends Common {
  kind: 'change';
  series: Series;
  space: 'avg';
  shiftMinutes: 5 | 10 | 15 | 30;
}

/**
 * A RUM monitor over the storefront's events: `rum("@type:view service:s env:e").rollup("pc75",
 * "@view.largest_contentful_paint").last("15m") > x`. Measures are averaged or taken at a percentile over
 * the views (each view once: its last update).
 */
export interface RumSignal extends Common {
  kind: 'rum';
  /** The RUM application's service (the RUM SDK's `service`). */
  service: string;
  eventType: 'view' | 'error' | 'action' | 'resource';
  /** More `@attribute:value` facets, path -> value (`*` wildcards allowed). */
  attributes: TagFilter;
  rollup: 'count' | 'avg' | 'pc75' | 'pc90' | 'pc95' | 'pc99';
  /** The measure of avg/pcNN rollups, an attribute path without `@` (`view.largest_contentful_paint`). */
  measure?: string;
}

export type Signal = PercentileSignal | AverageSignal | RatioSignal | GaugeSignal | ChangeSignal | RumSignal;

/** Whether `metric` is a trace metric (computed from spans), and of which span name and kind. */
export function traceMetric(metric: string): { spanName: string; part: 'hits' | 'errors' | 'latency' } | undefined {
  if (!metric.startsWith('trace.')) return undefined;
  const name = metric.slice('trace.'.length);
  if (name.endsWith('.hits')) return { spanName: name.slice(0, -'.hits'.length), part: 'hits' };
  if (name.endsWith('.errors')) return { spanName: name.slice(0, -'.errors'.length), part: 'errors' };
  return { spanName: name, part: 'latency' };
}

/** Every metric a signal reads (none for RUM signals). */
export function metricsOf(signal: Signal): string[] {
  switch (signal.kind) {
    case 'ratio':
      return [...new Set([...signal.numerator, ...signal.denominator].map((term) => term.metric))];
    case 'rum':
      return [];
    default:
      return [signal.series.metric];
  }
}
