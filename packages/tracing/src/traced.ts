import type { Span, SpanOptions, TraceOptions } from 'dd-trace';
import { tracer } from './tracer';

/**
 * `tracer.trace()` with a span the callback can rely on. dd-trace's typings mark the span optional
 * (the same signature serves callback-style code); with the tracer loaded it is always there, and the
 * no-op tracer passes a no-op span. Errors thrown (or rejected) by `fn` are recorded on the span.
 */
export function traced<T>(name: string, options: TraceOptions & SpanOptions, fn: (span: Span) => T): T {
  return tracer.trace(name, options, (span) => fn(span as Span));
}
