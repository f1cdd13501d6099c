import { describe, expect, it } from 'vitest';
import { monitorOptions, monitorQuery, monitorType } from './render';
import type { Signal } from './types';

const condition = { comparator: '>', critical: 5, warning: 2 } as const;

describe('monitorQuery', () => {
  it('renders a distribution percentile over the window, scoped to the env first', () => {
    const signal: Signal = { kind: 'percentile', series: { metric: 'trace.express.request', filter: { service: 'product', resource_name: 'get_/search' } }, percentile: 95, window: 5, condition: { comparator: '>', critical: 1 }, unit: 's' };
    expect(monitorQuery(signal, 'prod')).toBe('percentile(last_5m):p95:trace.express.request{env:prod,service:product,resource_name:get_/search} > 1');
  });

  it('renders a ratio of counts: every term summed as a count, sums in parentheses, x 100 for percent', () => {
    const signal: Signal = {
      kind: 'ratio',
      numerator: [{ metric: 'ecommerce.payment.bank_authorizations', filter: { result: 'timeout' } }],
      denominator: [
        { metric: 'ecommerce.orders.failed', filter: {} },
        { metric: 'ecommerce.orders.completed', filter: {} },
      ],
      scale: 100,
      window: 10,
      condition,
      unit: '%',
    };
    expect(monitorQuery(signal, 'docker')).toBe(
      'sum(last_10m):sum:ecommerce.payment.bank_authorizations{env:docker,result:timeout}.as_count() / (sum:ecommerce.orders.failed{env:docker}.as_count() + sum:ecommerce.orders.completed{env:docker}.as_count()) * 100 > 5',
    );
  });

  it('renders the average of a distribution, which needs no percentiles enabled', () => {
    const signal: Signal = { kind: 'average', series: { metric: 'ecommerce.events.lag', filter: { group: 'shipping' } }, window: 10, condition: { comparator: '>', critical: 1000 }, unit: 'ms' };
    expect(monitorQuery(signal, 'prod')).toBe('avg(last_10m):avg:ecommerce.events.lag{env:prod,group:shipping} > 1000');
  });

  it('renders documented wildcards and refuses any other', () => {
    const hits = (resourceName: string): Signal => ({
      kind: 'ratio',
      numerator: [{ metric: 'trace.postgresql.query.hits', filter: { service: 'order', resource_name: resourceName } }],
      denominator: [{ metric: 'trace.express.request.hits', filter: { service: 'order' } }],
      scale: 1,
      window: 15,
      condition: { comparator: '>', critical: 2 },
      unit: 'queries',
    });
    expect(monitorQuery(hits('*order_items*'), 'e')).toBe(
      'sum(last_15m):sum:trace.postgresql.query.hits{env:e,service:order,resource_name:*order_items*}.as_count() / sum:trace.express.request.hits{env:e,service:order}.as_count() > 2',
    );
    expect(() => monitorQuery(hits('select*order_items*'), 'e')).toThrow(/inside the value/);
  });

  it('renders gauges with space then time aggregation, and change alerts with their shift, without exponent notation', () => {
    const gauge: Signal = { kind: 'gauge', series: { metric: 'runtime.node.event_loop.delay.95percentile', filter: { service: 'shipping' } }, space: 'max', time: 'avg', window: 5, condition: { comparator: '>', critical: 30e6 }, unit: 'ns' };
    expect(monitorQuery(gauge, 'e')).toBe('avg(last_5m):max:runtime.node.event_loop.delay.95percentile{env:e,service:shipping} > 30000000');
    const change: Signal = { kind: 'change', series: { metric: 'runtime.node.mem.heap_used', filter: { service: 'product' } }, space: 'avg', window: 5, shiftMinutes: 10, condition: { comparator: '>', critical: 41943040 }, unit: 'bytes' };
    expect(monitorQuery(change, 'e')).toBe('change(avg(last_5m),10m_ago):avg:runtime.node.mem.heap_used{env:e,service:product} > 41943040');
  });

  it('renders RUM searches with the type, service, env and facets, and the measure of the rollup', () => {
    const signal: Signal = { kind: 'rum', service: 'shopfast-web', eventType: 'view', attributes: { 'view.url_path': '/products/*' }, rollup: 'pc75', measure: 'view.largest_contentful_paint', window: 15, condition: { comparator: '>', critical: 2.5e9 }, unit: 'ns' };
    expect(monitorQuery(signal, 'prod')).toBe('rum("@type:view service:shopfast-web env:prod @view.url_path:/products/*").rollup("pc75", "@view.largest_contentful_paint").last("15m") > 2500000000');
    expect(monitorType(signal)).toBe('rum alert');
  });
});

describe('monitorOptions', () => {
  it('carries the thresholds and judges sparse metric windows on the data they have', () => {
    const signal: Signal = { kind: 'percentile', series: { metric: 'm', filter: {} }, percentile: 95, window: 5, condition, unit: 'ms' };
    expect(monitorOptions(signal)).toEqual({ thresholds: { critical: 5, warning: 2 }, notifyNoData: false, requireFullWindow: false });
    expect(monitorType(signal)).toBe('query alert');
  });
});
