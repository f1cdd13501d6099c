import { describe, expect, it } from 'vitest';
import { buildTraces } from './build-traces';
import { checkoutSpans, span } from './fixture';
import { formatMs, renderTrace } from './render-trace';

const checkout = () => buildTraces([checkoutSpans()])[0]!;

describe('renderTrace', () => {
  it('prints the real checkout as an indented tree with services, resources and durations', () => {
    const lines = renderTrace(checkout(), { color: false }).split('\n');
    expect(lines[0]).toBe(`Trace ${checkout().displayId}  POST /api/checkout  2026-11-24T16:11:59.717Z`);
    expect(lines[1]).toBe('└── gateway express.request POST /api/checkout (217.3ms)');
    expect(lines[2]).toBe('    ├── gateway gateway.authenticate (0.2ms)');
    expect(lines).toContain('                │   └── order http.client.request POST (150.7ms)');
    expect(lines).toContain('                │               ├── payment payment.fraud_check fraud_check (0.0ms)');
    expect(lines).toContain('                │               ├── payment payment.bank_authorization bank_authorization (143.5ms)');
    expect(lines).toContain('                │   ├── notification event.process order.placed (13.1ms)');
    expect(lines).toHaveLength(1 + 99 + 1);
    expect(lines.at(-1)).toBe('Total: 228.1ms, 99 spans, 9 services (cart, gateway, inventory, notification, order, payment, product, shipping, user)');
  });

  it('cuts long SQL resources and folds their whitespace', () => {
    const text = renderTrace(buildTraces([[span({ span_id: '1', name: 'postgresql.query', resource: 'SELECT a,\n       b FROM t WHERE ' + 'x'.repeat(200) })]])[0]!, { color: false, maxResource: 40 });
    const [header, line] = text.split('\n');
    expect(line).toBe('└── svc postgresql.query SELECT a, b FROM t WHERE xxxxxxxxxxxxxx… (1.0ms)');
    expect(header).toBe('Trace 1  SELECT a, b FROM t WHERE xxxxxxxxxxxxxx…  1970-01-01T00:00:00.000Z');
  });

  it('marks error spans with ! and their error type and message', () => {
    const spans = checkoutSpans().map((s) => (s.name === 'payment.charge' ? { ...s, error: 1, meta: { ...s.meta, 'error.type': 'PaymentDeclinedError', 'error.message': 'The card was declined' } } : s));
    const text = renderTrace(buildTraces([spans])[0]!, { color: false });
    expect(text).toContain('payment payment.charge charge (147.6ms) ! PaymentDeclinedError: The card was declined');
    expect(text.split('\n').at(-1)).toMatch(/, 1 with errors$/);
  });

  it('names the HTTP status on a client span that failed without an error type', () => {
    const text = renderTrace(buildTraces([[span({ span_id: '1', name: 'http.client.request', resource: 'POST', error: 1, meta: { 'http.status_code': '402' } })]])[0]!, { color: false });
    expect(text).toContain('svc http.client.request POST (1.0ms) ! HTTP 402');
  });

  it('says which spans lost their parent', () => {
    const text = renderTrace(buildTraces([[span({ span_id: '1' }), span({ span_id: '2', parent_id: '42', name: 'late', resource: 'late' })]])[0]!, { color: false });
    expect(text.split('\n').slice(1, 3)).toEqual(['├── svc op (1.0ms)', '└── svc late (1.0ms)  (parent not received)']);
  });

  it('uses ANSI colours only when asked', () => {
    expect(renderTrace(checkout(), { color: false })).not.toContain('\x1b[');
    const coloured = renderTrace(checkout(), { color: true });
    expect(coloured).toContain('\x1b[36mgateway\x1b[0m express.request');
  });
});

describe('formatMs', () => {
  it('shows nanoseconds as milliseconds with one decimal', () => {
    expect(formatMs(217_345_678)).toBe('217.3ms');
    expect(formatMs(0)).toBe('0.0ms');
  });
});
