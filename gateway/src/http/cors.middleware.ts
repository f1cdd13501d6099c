import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * Request headers the storefront may send: its own, plus the trace context headers the Datadog browser
 * RUM SDK adds (Datadog and W3C) so a browser session joins the backend trace.
 */
export const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'idempotency-key',
  'x-request-id',
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-origin',
  'x-datadog-sampling-priority',
  'traceparent',
  'tracestate',
  'baggage',
];

/** Response headers the storefront's JavaScript may read (idempotent-replayed: a checkout answered from its Idempotency-Key). */
export const EXPOSED_HEADERS = ['x-request-id', 'retry-after', 'idempotent-replayed'];

/**
 * CORS for the storefront's origins only. Tokens travel in the Authorization header, not cookies, so
 * credentials stay off. Preflights are answered here (204) and cached by the browser for 10 minutes.
 * A request from another origin is not refused; it simply gets no CORS headers, so browsers block it.
 */
export function corsForStorefront(origins: string[]): RequestHandler {
  return cors({
    origin: origins,
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
}
