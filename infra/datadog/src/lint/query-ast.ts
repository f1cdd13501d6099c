// The syntax tree of the Datadog query subset ShopFast's definitions use. Datadog publishes no parser (it only
// validates queries online), so src/lint parses this subset itself and refuses anything outside it: a query the
// lint cannot read is a query nobody checked.

/** One item of a `{...}` scope: `key:value`, `!key:value`, a template variable `$env`, or `*`. */
export type Filter =
  | { kind: 'tag'; key: string; value: string; negated: boolean }
  | { kind: 'variable'; name: string }
  | { kind: 'all' };

/** `p95:trace.express.request{env:docker} by {service}.as_count()` */
export interface MetricQuery {
  type: 'metric';
  /** Space aggregation: avg, sum, min, max, count, or a percentile (p50, p95...). */
  aggregation: string;
  metric: string;
  filters: Filter[];
  by: string[];
  /** `as_count`, `as_rate`, `rollup`, `fill`... in order. */
  modifiers: string[];
}

export type Argument = { type: 'string'; value: string } | { type: 'number'; value: number } | { type: 'expression'; value: Expression };

export interface Call {
  type: 'call';
  name: string;
  args: Argument[];
  /** `direction='above'`, `interval=60`: values as written, quotes removed. */
  named: Record<string, string>;
}

export type Expression =
  | MetricQuery
  | Call
  | { type: 'number'; value: number }
  /** A query name inside a dashboard formula (`errors / hits`). */
  | { type: 'ref'; name: string }
  | { type: 'negate'; operand: Expression }
  | { type: 'binary'; operator: '+' | '-' | '*' | '/'; left: Expression; right: Expression };

export type Comparator = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface Window {
  direction: 'last' | 'next';
  amount: number;
  unit: 'm' | 'h' | 'd' | 'w' | 'mo';
  /** As written: `last_15m`. */
  text: string;
  minutes: number;
}

/** `avg(last_5m):<expression> > 5` (metric, anomaly and forecast monitors). */
export interface MetricMonitorQuery {
  type: 'metric-monitor';
  timeAggregation: string;
  window: Window;
  /** Change alerts: the window is compared with itself `shift` earlier. */
  change?: { kind: 'change' | 'pct_change'; shift: Window };
  expression: Expression;
  comparator: Comparator;
  threshold: number;
}

/** `${monitor:a} && !${monitor:b}` */
export type CompositeExpression =
  | { type: 'monitor'; reference: string }
  | { type: 'not'; operand: CompositeExpression }
  | { type: 'and' | 'or'; left: CompositeExpression; right: CompositeExpression };

/** `burn_rate("${slo:x}").over("30d").long_window("1h").short_window("5m") > 14.4` or `error_budget(...)`. */
export interface SloAlertQuery {
  type: 'slo-alert';
  function: 'burn_rate' | 'error_budget';
  slo: string;
  /** Method name -> its single string argument (`over` -> `30d`). */
  methods: Record<string, string>;
  comparator: Comparator;
  threshold: number;
}

/** `rum("@type:error").rollup("count").by("@view.url_path_group").last("5m") > 10` (rum, logs, trace-analytics). */
export interface EventMonitorQuery {
  type: 'event-monitor';
  source: string;
  search: string;
  methods: Array<{ name: string; args: string[] }>;
  window: Window | undefined;
  comparator: Comparator;
  threshold: number;
}
