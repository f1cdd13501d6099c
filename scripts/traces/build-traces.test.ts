import { describe, expect, it } from 'vitest';
import { buildTraces, toAgentTraceId, type SpanNode } from './build-traces';
import { checkoutSpans, CHECKOUT_TRACE_ID, span } from './fixture';

const names = (node: SpanNode) => node.children.map((child) => `${child.span.service} ${child.span.name}`);
const find = (node: SpanNode, name: string): SpanNode | undefined =>
  node.span.name === name ? node : node.children.map((child) => find(child, name)).find(Boolean);

describe('buildTraces on a real checkout', () => {
  const [trace] = buildTraces([checkoutSpans()]);

  it('makes one tree rooted at the gateway request', () => {
    expect(trace!.traceId).toBe(CHECKOUT_TRACE_ID);
    expect(trace!.roots).toHaveLength(1);
    expect(trace!.roots[0]!.span).toMatchObject({ service: 'gateway', name: 'express.request', resource: 'POST /api/checkout' });
    expect(trace!.spans).toHaveLength(99);
  });

  it('shows the 128-bit id Datadog displays: _dd.p.tid then the low 64 bits in hex', () => {
    expect(trace!.displayId).toBe('6b05b74f00000000' + BigInt(CHECKOUT_TRACE_ID).toString(16).padStart(16, '0'));
    expect(trace!.displayId).toHaveLength(32);
  });

  it('lists every service of the checkout, event consumers included', () => {
    expect(trace!.services).toEqual(['cart', 'gateway', 'inventory', 'notification', 'order', 'payment', 'product', 'shipping', 'user']);
  });

  it('nests the checkout steps under ecommerce.checkout in start order', () => {
    const checkout = find(trace!.roots[0]!, 'ecommerce.checkout')!;
    const steps = names(checkout).filter((name) => name.startsWith('order checkout.'));
    expect(steps).toEqual(['order checkout.validate_user', 'order checkout.calculate_total', 'order checkout.reserve_inventory', 'order checkout.process_payment', 'order checkout.update_inventory']);
    const charge = find(checkout, 'payment.charge')!;
    expect(names(charge).filter((name) => !name.includes('postgresql'))).toEqual(['payment payment.fraud_check', 'payment payment.bank_authorization', 'payment payment.transaction_log']);
  });

  it('gives the same tree when the spans arrive in one chunk per service', () => {
    const spans = checkoutSpans();
    const byService = [...new Set(spans.map((s) => s.service))].map((service) => spans.filter((s) => s.service === service));
    const [split] = buildTraces(byService.reverse());
    expect(split!.roots).toHaveLength(1);
    expect(find(split!.roots[0]!, 'payment.bank_authorization')).toBeDefined();
    expect(split!.duration).toBe(trace!.duration);
  });

  it('measures the trace from first start to last end, past the root when consumers finish later', () => {
    const spans = checkoutSpans();
    const end = Math.max(...spans.map((s) => s.start + s.duration));
    expect(trace!.duration).toBe(end - trace!.roots[0]!.span.start);
    expect(trace!.duration).toBeGreaterThan(trace!.roots[0]!.span.duration);
  });
});

describe('buildTraces on partial and repeated spans', () => {
  it('keeps spans whose parent never arrived as extra roots after the real root', () => {
    const [trace] = buildTraces([[span({ span_id: '3', parent_id: '99', start: 1 }), span({ span_id: '2', parent_id: '1', start: 2 }), span({ span_id: '1', start: 5 })]]);
    expect(trace!.roots.map((root) => root.span.span_id)).toEqual(['1', '3']);
    expect(trace!.roots[0]!.children.map((child) => child.span.span_id)).toEqual(['2']);
  });

  it('counts a span sent twice once and keeps traces apart by id', () => {
    const traces = buildTraces([[span({ span_id: '1' })], [span({ span_id: '1' }), span({ span_id: '7', trace_id: '2' })]]);
    expect(traces.map((trace) => [trace.traceId, trace.spans.length])).toEqual([['1', 1], ['2', 1]]);
    expect(traces[0]!.displayId).toBe('1');
  });
});

describe('toAgentTraceId', () => {
  it('accepts decimal ids and the 16 or 32 hex-digit ids, answering the decimal low 64 bits', () => {
    expect(toAgentTraceId(CHECKOUT_TRACE_ID)).toBe(CHECKOUT_TRACE_ID);
    const hex = BigInt(CHECKOUT_TRACE_ID).toString(16).padStart(16, '0');
    expect(toAgentTraceId('6b05b74f00000000' + hex)).toBe(CHECKOUT_TRACE_ID);
    expect(toAgentTraceId(hex.toUpperCase())).toBe(CHECKOUT_TRACE_ID);
    expect(toAgentTraceId('18446744073709551615')).toBe('18446744073709551615');
  });

  it('refuses anything else', () => {
    for (const bad of ['', '0', '-1', '18446744073709551616', 'abc', '12ab', '1 OR 1=1', '0x', '1'.repeat(21)]) expect(toAgentTraceId(bad), bad).toBeNull();
  });
});
