import { describe, expect, it } from 'vitest';
import { metricQueriesIn, parseMetricMonitorQuery } from '../../lint/query-parser';
import type { Expression } from '../../lint/query-ast';
import { FAULT_SIGNALS } from './fault-signals';
import { monitorQuery } from './render';
import { wildcardProblem } from './tags';
import { traceMetric, type Signal } from './types';

const signals = Object.entries(FAULT_SIGNALS) as Array<[string, Signal]>;
const metricSignals = signals.filter(([, signal]) => signal.kind !== 'rum');

const divides = (expression: Expression): boolean =>
  expression.type === 'binary' ? expression.operator === '/' || divides(expression.left) || divides(expression.right) : expression.type === 'negate' && divides(expression.operand);

describe('the fault signals', () => {
  it('sum every term of a ratio as a count: without .as_count() Datadog sums the point-by-point ratios', () => {
    const ratios = metricSignals.filter(([, signal]) => divides(parseMetricMonitorQuery(monitorQuery(signal, 'prod')).expression));
    expect(ratios.map(([key]) => key)).toEqual(expect.arrayContaining(['paymentFailure', 'bankTimeout', 'orderHistoryNPlusOne']));
    for (const [key, signal] of ratios) {
      const query = parseMetricMonitorQuery(monitorQuery(signal, 'prod'));
      expect(query.timeAggregation, key).toBe('sum');
      for (const term of metricQueriesIn(query.expression)) {
        expect(term.modifiers, `${key}: ${term.metric}`).toContain('as_count');
        expect(term.aggregation, `${key}: ${term.metric}`).toBe('sum');
      }
    }
  });

  it('take percentiles of trace metrics only: a custom distribution has none in Datadog until they are enabled for it', () => {
    for (const [key, signal] of metricSignals) {
      const percentiles = metricQueriesIn(parseMetricMonitorQuery(monitorQuery(signal, 'prod')).expression).filter((term) => /^p\d/.test(term.aggregation));
      for (const term of percentiles) expect(traceMetric(term.metric), `${key}: ${term.aggregation}:${term.metric}`).toBeDefined();
    }
  });

  it('filter with the wildcards Datadog documents only (prefix, suffix, substring)', () => {
    for (const [key, signal] of metricSignals) {
      const series = signal.kind === 'ratio' ? [...signal.numerator, ...signal.denominator] : 'series' in signal ? [signal.series] : [];
      for (const { metric, filter } of series) {
        for (const [tag, value] of Object.entries(filter)) expect(wildcardProblem(value), `${key}: ${metric}{${tag}:${value}}`).toBeUndefined();
      }
    }
  });
});
