import { describe, expect, it } from 'vitest';
import { evaluateSignal, percentile, readsLine, signalValues, statsSpans, statusOf, type MetricPoint, type TraceSpan } from './evaluate';
import { matchesWildcard, normalizeTagValue, wildcardProblem } from './tags';
import type { Signal } from './types';

const line = (name: string, value: number, tags: Record<string, string>, extra: Partial<MetricPoint> = {}): MetricPoint => ({ name, value, type: 'd', tags: { env: 'local', ...tags }, ...extra });

let nextId = 1;
function span(fields: Partial<TraceSpan> & Pick<TraceSpan, 'service' | 'name' | 'resource'>): TraceSpan {
  return { span_id: nextId++, parent_id: 0, duration: 1e6, meta: { env: 'local' }, metrics: {}, ...fields };
}

describe('percentile', () => {
  it('is the nearest-rank percentile', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, index) => index + 1), 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeUndefined();
  });
});

describe('tags', () => {
  it('normalises resources as Datadog tags them', () => {
    expect(normalizeTagValue('GET /products/:id')).toBe('get_/products/:id');
    expect(normalizeTagValue('SELECT * FROM order_items WHERE order_id = ANY($1::uuid[])')).toBe('select_from_order_items_where_order_id_any_1::uuid');
  });

  it('matches the prefix, suffix and substring wildcards Datadog documents, and only the whole value otherwise', () => {
    expect(matchesWildcard('upstream_*', 'upstream_timeout')).toBe(true);
    expect(matchesWildcard('upstream_*', 'not_upstream_timeout')).toBe(false);
    expect(matchesWildcard('*_timeout', 'upstream_timeout')).toBe(true);
    expect(matchesWildcard('*order_items*', 'select_from_order_items_where')).toBe(true);
    expect(matchesWildcard('*order_items*', 'order_items')).toBe(true);
    expect(matchesWildcard('*order_items*', 'select_from_orders')).toBe(false);
    expect(matchesWildcard('get_/search', 'get_/search/x')).toBe(false);
    expect(matchesWildcard('a.b', 'axb')).toBe(false);
    expect(matchesWildcard('x', undefined)).toBe(false);
  });

  it('refuses wildcards Datadog does not document: inside the value, or a value of wildcards only', () => {
    for (const documented of ['x', 'upstream_*', '*_timeout', '*order_items*']) expect(wildcardProblem(documented), documented).toBeUndefined();
    for (const undocumented of ['select*order_items*', 'a*b', '*a*b', 'a*b*', '*', '**']) {
      expect(wildcardProblem(undocumented), undocumented).toBeDefined();
      expect(() => matchesWildcard(undocumented, 'anything'), undocumented).toThrow();
    }
  });
});

describe('evaluateSignal on DogStatsD lines', () => {
  const latency: Signal = { kind: 'percentile', series: { metric: 'ecommerce.payment.bank_latency', filter: { service: 'payment' } }, percentile: 95, window: 5, condition: { comparator: '>', critical: 1000 }, unit: 'ms' };
  const average: Signal = { kind: 'average', series: { metric: 'ecommerce.payment.bank_latency', filter: { service: 'payment' } }, window: 5, condition: { comparator: '>', critical: 1000 }, unit: 'ms' };

  it('averages the matching lines of the env only, and gives each value it averaged', () => {
    const metrics = [
      line('ecommerce.payment.bank_latency', 100, { service: 'payment' }),
      line('ecommerce.payment.bank_latency', 2000, { service: 'payment' }),
      line('ecommerce.payment.bank_latency', 9000, { service: 'payment', env: 'other' }),
      line('ecommerce.payment.bank_latency', 9000, { service: 'order' }),
    ];
    expect(evaluateSignal(average, { metrics }, 'local')).toBe(1050);
    expect(signalValues(average, { metrics }, 'local')).toEqual([100, 2000]);
    expect(evaluateSignal(average, { metrics: [] }, 'local')).toBeUndefined();
    expect(readsLine(average, metrics[0]!, 'local')).toBe(true);
    expect(metrics.slice(2).map((each) => readsLine(average, each, 'local'))).toEqual([false, false]);
  });

  it('takes the percentile of the matching lines of the env only', () => {
    const metrics = [
      ...Array.from({ length: 19 }, () => line('ecommerce.payment.bank_latency', 100, { service: 'payment' })),
      line('ecommerce.payment.bank_latency', 2100, { service: 'payment' }),
      line('ecommerce.payment.bank_latency', 9000, { service: 'payment', env: 'other' }),
      line('ecommerce.payment.bank_latency', 9000, { service: 'order' }),
    ];
    expect(evaluateSignal(latency, { metrics }, 'local')).toBe(100);
    expect(evaluateSignal(latency, { metrics: [...metrics, line('ecommerce.payment.bank_latency', 2100, { service: 'payment' })] }, 'local')).toBe(2100);
    expect(evaluateSignal(latency, { metrics: [] }, 'local')).toBeUndefined();
  });

  it('sums counts, each weighted by its sample rate, over the whole window before dividing', () => {
    const failureRate: Signal = {
      kind: 'ratio',
      numerator: [{ metric: 'ecommerce.orders.failed', filter: { error: 'upstream_*' } }],
      denominator: [
        { metric: 'ecommerce.orders.failed', filter: {} },
        { metric: 'ecommerce.orders.completed', filter: {} },
      ],
      scale: 100,
      window: 10,
      condition: { comparator: '>', critical: 5 },
      unit: '%',
    };
    const metrics = [
      line('ecommerce.orders.failed', 1, { error: 'upstream_error' }, { type: 'c' }),
      line('ecommerce.orders.failed', 1, { error: 'payment_declined' }, { type: 'c' }),
      line('ecommerce.orders.completed', 1, {}, { type: 'c', sampleRate: 0.5 }),
    ];
    expect(evaluateSignal(failureRate, { metrics }, 'local')).toBe(25);
    expect(evaluateSignal(failureRate, { metrics: [] }, 'local')).toBeUndefined();
    expect(metrics.map((each) => readsLine(failureRate, each, 'local'))).toEqual([true, true, true]);

    const timeouts: Signal = {
      kind: 'ratio',
      numerator: [{ metric: 'ecommerce.payment.bank_authorizations', filter: { result: 'timeout' } }],
      denominator: [{ metric: 'ecommerce.payment.bank_authorizations', filter: {} }],
      scale: 100,
      window: 10,
      condition: { comparator: '>', critical: 5 },
      unit: '%',
    };
    // Two single timeouts, minutes apart, among 100 authorizations: 2 %. Point by point, each with a few
    // authorizations around it, the ratios would be ~20 % each and their sum far past 5 %.
    const authorization = (result: string, at: string) => line('ecommerce.payment.bank_authorizations', 1, { result }, { type: 'c', at });
    const bank = [
      authorization('timeout', '2026-01-01T00:00:05Z'),
      ...Array.from({ length: 4 }, () => authorization('approved', '2026-01-01T00:00:06Z')),
      authorization('timeout', '2026-01-01T00:03:05Z'),
      ...Array.from({ length: 4 }, () => authorization('approved', '2026-01-01T00:03:06Z')),
      ...Array.from({ length: 90 }, () => authorization('approved', '2026-01-01T00:05:00Z')),
    ];
    expect(evaluateSignal(timeouts, { metrics: bank }, 'local')).toBe(2);
    expect(statusOf(timeouts.condition, 2)).toBe('ok');
    expect(evaluateSignal(timeouts, { metrics: bank.slice(0, 5) }, 'local')).toBe(20);
  });

  it('folds gauge readings per time (space) then over the window (time), and changes against the baseline', () => {
    const delay: Signal = { kind: 'gauge', series: { metric: 'runtime.node.event_loop.delay.95percentile', filter: { service: 'shipping' } }, space: 'max', time: 'avg', window: 5, condition: { comparator: '>', critical: 30e6 }, unit: 'ns' };
    const reading = (value: number, at: string, host = 'a') => line('runtime.node.event_loop.delay.95percentile', value, { service: 'shipping', host }, { type: 'g', at });
    const metrics = [reading(10, '2026-01-01T00:00:00.100Z'), reading(30, '2026-01-01T00:00:00.200Z', 'b'), reading(50, '2026-01-01T00:00:10.000Z')];
    expect(evaluateSignal(delay, { metrics }, 'local')).toBe(40);

    const growth: Signal = { kind: 'change', series: { metric: 'runtime.node.mem.heap_used', filter: { service: 'product' } }, space: 'avg', window: 5, shiftMinutes: 10, condition: { comparator: '>', critical: 40 }, unit: 'bytes' };
    const heap = (value: number, at: string) => line('runtime.node.mem.heap_used', value, { service: 'product' }, { type: 'g', at });
    const baseline = { metrics: [heap(50, '2026-01-01T00:00:00Z'), heap(60, '2026-01-01T00:00:10Z')] };
    expect(evaluateSignal(growth, { metrics: [heap(150, '2026-01-01T00:01:00Z')], baseline }, 'local')).toBe(95);
    expect(evaluateSignal(growth, { metrics: [heap(150, '2026-01-01T00:01:00Z')] }, 'local')).toBeUndefined();
  });
});

describe('evaluateSignal on spans (trace metrics as the agent computes them)', () => {
  it('counts service entry spans and measured spans, never a same-service child', () => {
    const gateway = span({ service: 'gateway', name: 'express.request', resource: 'POST /api/checkout' });
    const order = span({ service: 'order', name: 'express.request', resource: 'POST /checkout', parent_id: gateway.span_id });
    const handler = span({ service: 'order', name: 'express.middleware', resource: 'auth', parent_id: order.span_id });
    const query = span({ service: 'order', name: 'postgresql.query', resource: 'SELECT 1', parent_id: order.span_id, metrics: { '_dd.measured': 1 } });
    expect(statsSpans([gateway, order, handler, query])).toEqual([gateway, order, query]);
  });

  it('computes an error rate of one resource from the spans, filtered by the normalised resource_name', () => {
    const errorRate: Signal = {
      kind: 'ratio',
      numerator: [{ metric: 'trace.express.request.errors', filter: { service: 'product', resource_name: 'get_/products/:id' } }],
      denominator: [{ metric: 'trace.express.request.hits', filter: { service: 'product', resource_name: 'get_/products/:id' } }],
      scale: 100,
      window: 5,
      condition: { comparator: '>', critical: 5 },
      unit: '%',
    };
    const read = (error: number) => [span({ service: 'product', name: 'express.request', resource: 'GET /products/:id', error })];
    const other = [span({ service: 'product', name: 'express.request', resource: 'GET /search', error: 1 })];
    expect(evaluateSignal(errorRate, { traces: [read(1), read(0), read(0), read(0), other] }, 'local')).toBe(25);
    expect(evaluateSignal(errorRate, { traces: [other] }, 'local')).toBeUndefined();
  });

  it('takes latency percentiles in seconds, and gives each duration', () => {
    const latency: Signal = { kind: 'percentile', series: { metric: 'trace.event.process', filter: { service: 'notification' } }, percentile: 95, window: 10, condition: { comparator: '>', critical: 2 }, unit: 's' };
    const consumed = (ms: number) => [span({ service: 'notification', name: 'event.process', resource: 'order.placed', duration: ms * 1e6, parent_id: 42 })];
    expect(evaluateSignal(latency, { traces: [consumed(20), consumed(3100)] }, 'local')).toBeCloseTo(3.1);
    expect(signalValues(latency, { traces: [consumed(20), consumed(3100)] }, 'local')).toEqual([0.02, 3.1]);
  });

  it('counts runs of one statement (by resource_name substring) per request of one route', () => {
    const perPage: Signal = {
      kind: 'ratio',
      numerator: [{ metric: 'trace.postgresql.query.hits', filter: { service: 'order', resource_name: '*from_order_items_where_order_id_any*' } }],
      denominator: [{ metric: 'trace.express.request.hits', filter: { service: 'order', resource_name: 'get_/orders' } }],
      scale: 1,
      window: 15,
      condition: { comparator: '>', critical: 1.2 },
      unit: 'queries',
    };
    const PAGE_ITEMS = 'SELECT * FROM order_items WHERE order_id = ANY($1::uuid[]) ORDER BY product_id';
    const ORDER_ITEMS = 'SELECT * FROM order_items WHERE order_id = $1 ORDER BY product_id';
    const request = (resource: string, statement: string, runs: number) => {
      const entry = span({ service: 'order', name: 'express.request', resource });
      const items = Array.from({ length: runs }, () => span({ service: 'order', name: 'postgresql.query', resource: statement, parent_id: entry.span_id, metrics: { '_dd.measured': 1 } }));
      return [entry, ...items];
    };
    // Batched: a page with orders runs it once, an empty page not at all; order details run their own statement.
    const batched = [request('GET /orders', PAGE_ITEMS, 1), request('GET /orders', PAGE_ITEMS, 0), request('GET /orders/:id', ORDER_ITEMS, 1), request('GET /orders/:id', ORDER_ITEMS, 0)];
    expect(evaluateSignal(perPage, { traces: batched }, 'local')).toBe(0.5);
    const nPlusOne = [request('GET /orders', PAGE_ITEMS, 3), request('GET /orders', PAGE_ITEMS, 0), request('GET /orders/:id', ORDER_ITEMS, 1)];
    expect(evaluateSignal(perPage, { traces: nPlusOne }, 'local')).toBe(1.5);
    // Details alone: no history page, no data (never a negative or a division by zero).
    expect(evaluateSignal(perPage, { traces: [request('GET /orders/:id', ORDER_ITEMS, 1)] }, 'local')).toBeUndefined();
  });
});

describe('evaluateSignal on RUM events', () => {
  const view = (id: string, version: number, view: Record<string, unknown>, env = 'e2e') => ({
    type: 'view',
    service: 'shopfast-web',
    ddtags: `sdk_version:6,env:${env},service:shopfast-web`,
    _dd: { document_version: version },
    view: { id, ...view },
  });

  it('keeps each view once, its last update, and rolls a measure up over the views that have it', () => {
    const lcp: Signal = { kind: 'rum', service: 'shopfast-web', eventType: 'view', attributes: {}, rollup: 'pc75', measure: 'view.largest_contentful_paint', window: 15, condition: { comparator: '>', critical: 2.5e9 }, unit: 'ns' };
    const rum = [
      view('a', 1, { largest_contentful_paint: 100 }),
      view('a', 3, { largest_contentful_paint: 3.2e9 }),
      view('a', 2, { largest_contentful_paint: 200 }),
      view('b', 1, {}),
      view('c', 1, { largest_contentful_paint: 9e9 }, 'prod'),
      { type: 'error', service: 'shopfast-web', ddtags: 'env:e2e', view: { id: 'a' } },
    ];
    expect(evaluateSignal(lcp, { rum }, 'e2e')).toBe(3.2e9);
    expect(signalValues(lcp, { rum }, 'e2e')).toEqual([3.2e9]);

    const errors: Signal = { kind: 'rum', service: 'shopfast-web', eventType: 'view', attributes: {}, rollup: 'avg', measure: 'view.error.count', window: 15, condition: { comparator: '>', critical: 0.05 }, unit: 'errors per view' };
    expect(evaluateSignal(errors, { rum: [view('a', 1, { error: { count: 0 } }), view('a', 2, { error: { count: 1 } }), view('b', 1, { error: { count: 0 } })] }, 'e2e')).toBe(0.5);

    const count: Signal = { kind: 'rum', service: 'shopfast-web', eventType: 'error', attributes: { 'error.source': 'source' }, rollup: 'count', window: 5, condition: { comparator: '>', critical: 3 }, unit: 'errors' };
    expect(evaluateSignal(count, { rum: [{ type: 'error', service: 'shopfast-web', ddtags: 'env:e2e', error: { source: 'source' } }, { type: 'error', service: 'shopfast-web', ddtags: 'env:e2e', error: { source: 'network' } }] }, 'e2e')).toBe(1);
  });
});

describe('statusOf', () => {
  it('says critical past the critical threshold, warning past the warning one, ok otherwise, for either direction', () => {
    expect(statusOf({ comparator: '>', critical: 5, warning: 2 }, 6)).toBe('critical');
    expect(statusOf({ comparator: '>', critical: 5, warning: 2 }, 5)).toBe('warning');
    expect(statusOf({ comparator: '>', critical: 5, warning: 2 }, 2)).toBe('ok');
    expect(statusOf({ comparator: '>=', critical: 5 }, 5)).toBe('critical');
    expect(statusOf({ comparator: '<', critical: 1, warning: 2 }, 1.5)).toBe('warning');
    expect(statusOf({ comparator: '<=', critical: 1 }, 1)).toBe('critical');
  });
});
