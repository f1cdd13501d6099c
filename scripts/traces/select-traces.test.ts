import { describe, expect, it } from 'vitest';
import { buildTraces } from './build-traces';
import { checkoutSpans, span } from './fixture';
import { isNoise, selectTraces } from './select-traces';

const one = (fields: Parameters<typeof span>[0]) => buildTraces([[span(fields)]])[0]!;

describe('isNoise', () => {
  it('treats store-command and connection roots as background polls', () => {
    for (const name of ['redis.command', 'postgresql.query', 'mongodb.query', 'dns.lookup', 'tcp.connect']) expect(isNoise(one({ span_id: '1', name })), name).toBe(true);
  });

  it('treats manual.drop and user-rejected traces as noise', () => {
    expect(isNoise(one({ span_id: '1', name: 'shipping.poll_due_shipments', meta: { 'manual.drop': '' } }))).toBe(true);
    expect(isNoise(one({ span_id: '1', name: 'shipping.poll_due_shipments', metrics: { _sampling_priority_v1: -1 } }))).toBe(true);
  });

  it('keeps requests, custom roots and the real checkout', () => {
    expect(isNoise(one({ span_id: '1', name: 'express.request', metrics: { _sampling_priority_v1: 1 } }))).toBe(false);
    expect(isNoise(one({ span_id: '1', name: 'outbox.relay' }))).toBe(false);
    expect(isNoise(buildTraces([checkoutSpans()])[0]!)).toBe(false);
  });
});

describe('selectTraces', () => {
  const traces = buildTraces([
    [span({ trace_id: '1', span_id: '1', start: 100, service: 'cart' })],
    [span({ trace_id: '2', span_id: '2', start: 300, name: 'redis.command' })],
    [span({ trace_id: '3', span_id: '3', start: 200, service: 'gateway' }), span({ trace_id: '3', span_id: '4', parent_id: '3', start: 210, service: 'payment' })],
    [span({ trace_id: '4', span_id: '5', start: 50 })],
  ]);
  const ids = (options: Parameters<typeof selectTraces>[1]) => selectTraces(traces, options).map((trace) => trace.traceId);

  it('lists newest first by root start and hides noise', () => {
    expect(ids({ limit: 5, all: false })).toEqual(['3', '1', '4']);
  });

  it('shows noise with all', () => {
    expect(ids({ limit: 5, all: true })).toEqual(['2', '3', '1', '4']);
  });

  it('stops at the limit', () => {
    expect(ids({ limit: 2, all: false })).toEqual(['3', '1']);
  });

  it('keeps traces in which the service has any span, not only the root', () => {
    expect(ids({ limit: 5, all: false, service: 'payment' })).toEqual(['3']);
    expect(ids({ limit: 5, all: false, service: 'nosuch' })).toEqual([]);
  });
});
