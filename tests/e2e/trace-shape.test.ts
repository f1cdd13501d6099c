import { describe, expect, it } from 'vitest';
import type { AgentSpan } from '@shopfast/test-kit';
import { renderShape, traceShape } from './trace-shape';

const span = (id: number, parent: number, service: string, name: string, resource = name): AgentSpan => ({
  trace_id: 1,
  span_id: id,
  parent_id: parent,
  service,
  name,
  resource,
  start: id,
  duration: 1,
  meta: {},
  metrics: {},
});

describe('traceShape', () => {
  it('keeps who-called-whom and drops ids, durations and store-call counts', () => {
    const spans = [
      span(1, 99, 'gateway', 'express.request', 'GET /api/products'),
      span(2, 1, 'gateway', 'http.client.request', 'GET'),
      span(3, 2, 'product', 'express.request', 'GET /products'),
      span(4, 3, 'product', 'mongodb.query', 'find a'),
      span(5, 3, 'product', 'mongodb.query', 'ismaster'),
      span(6, 3, 'product', 'redis.command', 'get'),
    ];
    expect(renderShape(traceShape(spans))).toBe(
      ['gateway express.request GET /api/products', '  gateway http.client.request GET', '    product express.request GET /products', '      product mongodb.query', ''].join('\n'),
    );
  });

  it('counts identical parallel calls once and sorts siblings, so run-to-run order does not matter', () => {
    const a = traceShape([span(1, 0, 'cart', 'cart.price_items'), span(3, 1, 'cart', 'http.client.request', 'GET'), span(2, 1, 'cart', 'http.client.request', 'GET'), span(4, 1, 'cart', 'a.custom')]);
    const b = traceShape([span(1, 0, 'cart', 'cart.price_items'), span(4, 1, 'cart', 'a.custom'), span(2, 1, 'cart', 'http.client.request', 'GET')]);
    expect(a).toEqual(b);
    expect(a[0]?.children).toHaveLength(2);
  });

  it('lifts the children of skipped spans to their parent instead of losing them', () => {
    const shape = traceShape([span(1, 0, 'order', 'event.publish', 'order.placed'), span(2, 1, 'order', 'redis.command', 'xadd'), span(3, 2, 'shipping', 'event.process', 'order.placed')]);
    expect(renderShape(shape)).toBe('order event.publish order.placed\n  shipping event.process order.placed\n');
  });
});
