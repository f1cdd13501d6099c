import type { Request, RequestHandler, Response } from 'express';
import type { ServiceClient, ServiceResponse } from '@shopfast/service-kit';
import { assertSafePathParams } from './path-segment';

/**
 * Request headers the gateway passes on to services; everything else (cookies, hop-by-hop headers, the
 * client's Authorization and any identity header it made up, such as x-user-id or x-admin) stays here.
 * Identity goes on only inside the gateway's service token, which the service client signs for what the gateway
 * verified (`actingFor` below).
 */
const FORWARDED_HEADERS = ['idempotency-key', 'x-request-id', 'accept-language'];
/** Response headers passed back to the client (idempotent-replayed: the order service answered a checkout replay). */
export const RETURNED_HEADERS = ['content-type', 'cache-control', 'retry-after', 'location', 'idempotent-replayed'];

export interface ForwardOptions {
  /** Path on the service; a function can use route params: (req) => `/products/${req.params.id}`. */
  path: string | ((req: Request, res: Response) => string);
  /** Request headers this route passes on besides FORWARDED_HEADERS (the Datadog webhook's secret, which its service checks). */
  headers?: readonly string[];
  /** Per-attempt timeout for this route, when it differs from the client's default. */
  timeoutMs?: number;
  /** false: never retry, even a method that is normally retried. */
  retry?: boolean;
  /** Runs after the service answered and before the answer is relayed (login throttling). */
  onResponse?: (req: Request, res: Response, upstream: ServiceResponse) => Promise<void>;
  /** Runs when the service could not be asked or did not answer (the client raised 503/504). */
  onFailure?: (req: Request, res: Response) => Promise<void>;
}

/**
 * Forwards the request to a service through the service client (timeouts, retries for idempotent
 * calls, trace propagation) and relays status, body and a few headers. A service that is down or slow
 * becomes a quick 503/504 with the standard error shape, raised by the client.
 */
export function forwardTo(client: ServiceClient, options: ForwardOptions): RequestHandler {
  return async (req: Request, res: Response) => {
    // Route paths build on pathSegment already; this catches a route that forgot, before any call.
    assertSafePathParams(req.params);
    const headers: Record<string, string | undefined> = {};
    for (const name of [...FORWARDED_HEADERS, ...(options.headers ?? [])]) headers[name] = req.get(name);
    headers['x-request-id'] = String(res.locals.requestId);
    const hasBody = !['GET', 'HEAD', 'DELETE'].includes(req.method);
    const path = typeof options.path === 'function' ? options.path(req, res) : options.path;
    let upstream: ServiceResponse;
    try {
      upstream = await client.request({
        method: req.method,
        path,
        query: req.query as Record<string, string>,
        body: hasBody ? (req.body ?? {}) : undefined,
        headers,
        // The customer (from a verified login token) and the admin flag (from the admin token) become the
        // service token's sub and adm: the only identity a service believes.
        actingFor: { userId: res.locals.userId as string | undefined, admin: res.locals.admin === true },
        timeoutMs: options.timeoutMs,
        ...(options.retry === false ? { idempotent: false } : {}),
      });
    } catch (error) {
      await options.onFailure?.(req, res);
      throw error;
    }
    await options.onResponse?.(req, res, upstream);
    for (const name of RETURNED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    res.status(upstream.status);
    if (upstream.body === undefined) res.end();
    else if (typeof upstream.body === 'string') res.send(upstream.body);
    else res.json(upstream.body);
  };
}
