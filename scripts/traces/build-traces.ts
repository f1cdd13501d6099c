import type { RawSpan } from './parse-traces';

export interface SpanNode {
  span: RawSpan;
  children: SpanNode[];
}

export interface Trace {
  /** Lower 64 bits, decimal: what `/test/traces?trace_ids=` takes. */
  traceId: string;
  /** The id Datadog shows: 128-bit hex when the upper half (`_dd.p.tid`) is known, else the decimal id. */
  displayId: string;
  /** Top-level spans: the real root first, then spans whose parent never reached the agent. */
  roots: SpanNode[];
  spans: RawSpan[];
  /** Start of the first root (ns): the order traces are listed in. */
  start: number;
  /** From the first span start to the last span end (ns). */
  duration: number;
  services: string[];
}

/**
 * Groups spans by trace id (the agent may deliver one trace in several chunks: every service flushes
 * its part on its own) and links them into trees by parent id. A span whose parent is not in the
 * trace (not flushed yet, or an upstream caller that is not traced) becomes an extra root, so nothing
 * is hidden.
 */
export function buildTraces(chunks: RawSpan[][]): Trace[] {
  const byTrace = new Map<string, Map<string, RawSpan>>();
  for (const span of chunks.flat()) {
    let spans = byTrace.get(span.trace_id);
    if (!spans) byTrace.set(span.trace_id, (spans = new Map()));
    spans.set(span.span_id, span); // a span re-sent by a retrying tracer is counted once
  }
  return [...byTrace.entries()].map(([traceId, spans]) => buildTrace(traceId, [...spans.values()]));
}

function buildTrace(traceId: string, spans: RawSpan[]): Trace {
  const nodes = new Map(spans.map((span) => [span.span_id, { span, children: [] as SpanNode[] }]));
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parent_id !== '0' ? nodes.get(node.span.parent_id) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const byStart = (a: SpanNode, b: SpanNode) => a.span.start - b.span.start;
  for (const node of nodes.values()) node.children.sort(byStart);
  // The true root (parent 0) leads; orphans follow in start order.
  roots.sort((a, b) => Number(b.span.parent_id === '0') - Number(a.span.parent_id === '0') || byStart(a, b));

  const first = Math.min(...spans.map((span) => span.start));
  const last = Math.max(...spans.map((span) => span.start + span.duration));
  const upper = spans.map((span) => span.meta['_dd.p.tid']).find((tid) => tid && /^[0-9a-f]{16}$/.test(tid));
  return {
    traceId,
    displayId: upper ? upper + BigInt(traceId).toString(16).padStart(16, '0') : traceId,
    roots,
    spans,
    start: roots[0]?.span.start ?? first,
    duration: last - first,
    services: [...new Set(spans.map((span) => span.service))].sort(),
  };
}

/** Accepts the decimal lower-64-bit id or a 32 (or 16) hex-digit id and answers the decimal lower 64 bits. */
export function toAgentTraceId(id: string): string | null {
  const trimmed = id.trim().toLowerCase();
  if (/^\d{1,20}$/.test(trimmed)) {
    const value = BigInt(trimmed);
    return value > 0n && value < 2n ** 64n ? value.toString() : null;
  }
  const hex = trimmed.replace(/^0x/, '');
  if (/^[0-9a-f]{16}$|^[0-9a-f]{32}$/.test(hex)) {
    const value = BigInt('0x' + hex.slice(-16));
    return value > 0n ? value.toString() : null;
  }
  return null;
}
