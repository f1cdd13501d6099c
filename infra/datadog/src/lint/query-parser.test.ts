import { describe, expect, it } from 'vitest';
import type { Call, MetricQuery } from './query-ast';
import {
  metricQueriesIn,
  parseCompositeQuery,
  parseEventMonitorQuery,
  parseFormula,
  parseMetricExpression,
  parseMetricMonitorQuery,
  parseSloAlertQuery,
  parseWindow,
} from './query-parser';

describe('metric monitor queries', () => {
  it('reads a ratio of two counts with its window, comparator and threshold', () => {
    const query = parseMetricMonitorQuery(
      'sum(last_5m):sum:trace.express.request.errors{env:docker} by {service}.as_count() / sum:trace.express.request.hits{env:docker} by {service}.as_count() * 100 > 5',
    );
    expect(query).toMatchObject({ timeAggregation: 'sum', window: { text: 'last_5m', minutes: 5 }, comparator: '>', threshold: 5 });
    const [errors, hits] = metricQueriesIn(query.expression);
    expect(errors).toEqual<MetricQuery>({
      type: 'metric',
      aggregation: 'sum',
      metric: 'trace.express.request.errors',
      filters: [{ kind: 'tag', key: 'env', value: 'docker', negated: false }],
      by: ['service'],
      modifiers: ['as_count'],
    });
    expect(hits?.metric).toBe('trace.express.request.hits');
  });

  it('reads anomalies() with its positional and named arguments', () => {
    const query = parseMetricMonitorQuery(
      "avg(last_4h):anomalies(avg:ecommerce.api.response_time{env:docker} by {service}, 'agile', 2, direction='above', alert_window='last_15m', interval=60, seasonality='daily') >= 1",
    );
    const call = query.expression as Call;
    expect(call.name).toBe('anomalies');
    expect(call.args.slice(1)).toEqual([
      { type: 'string', value: 'agile' },
      { type: 'number', value: 2 },
    ]);
    expect(call.named).toEqual({ direction: 'above', alert_window: 'last_15m', interval: '60', seasonality: 'daily' });
  });

  it('reads a forecast looking ahead and a timeshift', () => {
    expect(parseMetricMonitorQuery("max(next_1w):forecast(max:m{env:a}, 'linear', 1, interval='60m', history='1w') >= 0.9").window).toMatchObject({
      direction: 'next',
      minutes: 10_080,
    });
    const shifted = parseMetricMonitorQuery('avg(last_15m):p95:t{env:a} by {service} / week_before(p95:t{env:a} by {service}) > 1.5');
    expect(metricQueriesIn(shifted.expression)).toHaveLength(2);
  });

  it('reads percentile monitors and change alerts', () => {
    expect(parseMetricMonitorQuery('percentile(last_5m):p95:m{env:a} > 1').timeAggregation).toBe('percentile');
    expect(parseMetricMonitorQuery('pct_change(avg(last_5m),last_30m):avg:m{env:a} > 20').change).toMatchObject({
      kind: 'pct_change',
      shift: { text: 'last_30m' },
    });
    expect(parseMetricMonitorQuery('change(avg(last_5m),10m_ago):avg:m{env:a} > 1').change?.shift.minutes).toBe(10);
    expect(() => parseMetricMonitorQuery('change(avg(last_5m),7m_ago):avg:m{env:a} > 1')).toThrow(/timeshift '7m_ago'/);
  });

  it.each([
    ['no comparator', 'avg(last_5m):avg:m{env:a}'],
    ['no time aggregation', 'avg:m{env:a} > 1'],
    ['an unknown function', 'avg(last_5m):bogus(avg:m{env:a}) > 1'],
    ['a scope item that is no tag', 'avg(last_5m):avg:m{env a} > 1'],
    ['an empty scope item', 'avg(last_5m):avg:m{env:a,} > 1'],
    ['a window without unit', 'avg(last_5):avg:m{env:a} > 1'],
    ['trailing text', 'avg(last_5m):avg:m{env:a} > 1 extra'],
  ])('refuses %s', (_case, text) => {
    expect(() => parseMetricMonitorQuery(text)).toThrow();
  });
});

describe('other query forms', () => {
  it('reads metric arithmetic and template variables as dashboards and SLOs write them', () => {
    const [query] = metricQueriesIn(parseMetricExpression('sum:m{$env,!service:x} by {a,b}.as_rate()'));
    expect(query?.filters).toEqual([
      { kind: 'variable', name: 'env' },
      { kind: 'tag', key: 'service', value: 'x', negated: true },
    ]);
    expect(query?.by).toEqual(['a', 'b']);
  });

  it('reads formulas over query names', () => {
    expect(parseFormula('100 * hit / (hit + miss)')).toMatchObject({ type: 'binary', operator: '/' });
    expect(() => parseFormula('hit +')).toThrow();
  });

  it('reads composites, burn rates and RUM monitors', () => {
    expect(parseCompositeQuery('${monitor:a} && !${monitor:b}')).toEqual({
      type: 'and',
      left: { type: 'monitor', reference: 'a' },
      right: { type: 'not', operand: { type: 'monitor', reference: 'b' } },
    });
    expect(() => parseCompositeQuery('${monitor:a} &&')).toThrow();
    expect(parseSloAlertQuery('burn_rate("${slo:x}").over("30d").long_window("1h").short_window("5m") > 14.4')).toMatchObject({
      slo: '${slo:x}',
      methods: { over: '30d', long_window: '1h', short_window: '5m' },
      threshold: 14.4,
    });
    expect(parseEventMonitorQuery('rum("@type:error env:a").rollup("count").by("@view.name").last("5m") > 10').window?.minutes).toBe(5);
  });

  it('refuses windows of unknown units or the wrong direction', () => {
    expect(() => parseWindow('last_5y')).toThrow();
    expect(() => parseWindow('next_1d', 'last')).toThrow();
    expect(parseWindow('last_1mo').minutes).toBe(43_200);
  });
});
