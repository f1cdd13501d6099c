import type { SpanNode, Trace } from './build-traces';

export interface RenderOptions {
  /** ANSI colours: only when printing to a terminal. */
  color: boolean;
  /** Longest resource shown before it is cut with "…" (SQL text can be long). */
  maxResource?: number;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', cyan: '\x1b[36m', yellow: '\x1b[33m' };
type Paint = (style: keyof typeof ANSI, text: string) => string;

/** Milliseconds with one decimal from nanoseconds: "180.2ms". */
export function formatMs(nanoseconds: number): string {
  return `${(nanoseconds / 1e6).toFixed(1)}ms`;
}

/**
 * One trace as an indented tree, like the brief's "Trace Analysis Example":
 *
 *   Trace 6b05…(id)  POST /api/checkout  2026-…Z
 *   └── gateway express.request POST /api/checkout (295.0ms)
 *       ├── gateway gateway.authenticate (8.0ms)
 *       ...
 *   Total: 295.0ms, 42 spans, 8 services
 *
 * Error spans carry "! <error.type>: <error.message>".
 */
export function renderTrace(trace: Trace, options: RenderOptions): string {
  const paint: Paint = options.color ? (style, text) => ANSI[style] + text + ANSI.reset : (_style, text) => text;
  const maxResource = options.maxResource ?? 100;
  const root = trace.roots[0]?.span;
  const when = root ? new Date(Math.floor(root.start / 1e6)).toISOString() : '';
  const lines = [paint('bold', `Trace ${trace.displayId}`) + (root ? `  ${clean(root.resource || root.name, maxResource)}  ${paint('dim', when)}` : '')];

  const walk = (node: SpanNode, prefix: string, last: boolean, orphan: boolean) => {
    lines.push(prefix + (last ? '└── ' : '├── ') + describe(node, paint, maxResource) + (orphan ? paint('dim', '  (parent not received)') : ''));
    const childPrefix = prefix + (last ? '    ' : '│   ');
    node.children.forEach((child, index) => walk(child, childPrefix, index === node.children.length - 1, false));
  };
  trace.roots.forEach((node, index) => walk(node, '', index === trace.roots.length - 1, node.span.parent_id !== '0'));

  const errors = trace.spans.filter((span) => span.error).length;
  const summary = `Total: ${formatMs(trace.duration)}, ${trace.spans.length} spans, ${trace.services.length} services (${trace.services.join(', ')})`;
  lines.push(summary + (errors ? paint('red', `, ${errors} with errors`) : ''));
  return lines.join('\n');
}

function describe({ span }: SpanNode, paint: Paint, maxResource: number): string {
  const parts = [paint('cyan', span.service), span.name];
  if (span.resource && span.resource !== span.name) parts.push(clean(span.resource, maxResource));
  parts.push(paint('dim', `(${formatMs(span.duration)})`));
  let text = parts.join(' ');
  if (span.error) {
    // HTTP client spans flag a 4xx/5xx answer without an error type: the status says what happened.
    const status = span.meta['http.status_code'];
    const type = span.meta['error.type'] ?? span.meta['error.name'] ?? (status ? `HTTP ${status}` : 'error');
    const message = span.meta['error.message'] ?? span.meta['error.msg'];
    text += ' ' + paint('red', `! ${type}${message ? `: ${truncate(message, maxResource)}` : ''}`);
  }
  return text;
}

/** One line (SQL comes with newlines), cut at `max` characters. */
function clean(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' '), max);
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
