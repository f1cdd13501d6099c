import { tracer } from '@shopfast/tracing';

type Span = Parameters<typeof tracer.inject>[0];
export type TraceParent = NonNullable<ReturnType<typeof tracer.extract>>;

/** The Datadog and W3C headers (`x-datadog-trace-id`, `traceparent`, ...) that let a consumer continue the trace. */
export function injectTraceContext(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  tracer.inject(span, 'text_map', carrier);
  return carrier;
}

/** The producer's span context, or null (no headers, or headers dd-trace cannot read): a new trace starts. */
export function extractTraceContext(headers: Record<string, string>): TraceParent | null {
  if (Object.keys(headers).length === 0) return null;
  try {
    return tracer.extract('text_map', headers);
  } catch {
    return null;
  }
}
