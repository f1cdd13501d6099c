// Signals: what each monitor computes, rendered as its Datadog query and evaluated locally (types.ts).
export type { AverageSignal, ChangeSignal, Comparator, Condition, CountTerm, GaugeSignal, PercentileSignal, RatioSignal, RumSignal, Series, Signal, TagFilter, WindowMinutes } from './types';
export { metricsOf, traceMetric } from './types';
export type { MetricPoint, Observations, Status, TraceSpan } from './evaluate';
export { evaluateSignal, percentile, readsLine, signalValues, statsSpans, statusOf } from './evaluate';
export { monitorOptions, monitorQuery, monitorType } from './render';
export { matchesWildcard, normalizeTagValue, wildcardProblem } from './tags';
export { FAULT_SIGNALS, type FaultKey } from './fault-signals';
