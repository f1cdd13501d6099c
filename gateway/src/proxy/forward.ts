import type { Request, RequestHandler, Response } from 'express';
import type { ServiceClient } from '@shopfast/service-kit';

/** Request headers the gateway passes on to services; everything else (cookies, hop-by-hop headers) stays here. */
const FORWARDED_HEADERS = ['authorization', 'idempotency-key', 'x-request-id', 'accept-language'];
/** Response headers passed back to the client. */
const RETURNED_HEADERS = ['content-type', 'cache-control', 'retry-after', 'location'];

export interface ForwardOptions {
  /** Path on the service; a function can use route params: (req) => `/products/${req.params.id}`. */
  path: string | ((req: Request) => string);
}

/**
 * Forwards the request to a service through the service client (timeouts, retries for idempotent
 * calls, trace propagation) and relays status, body and a few headers. A service that is down or slow
 * becomes a quick 503/504 with the standard error shape, raised by the client.
 */
export function forwardTo(client: ServiceClient, options: ForwardOptions): RequestHandler {
  return async (req: Request, res: Response) => {
    const headers: Record<string, string | undefined> = {};
    for (const name of FORWARDED_HEADERS) headers[name] = req.get(name);
    headers['x-request-id'] = String(res.locals.requestId);
    const hasBody = !['GET', 'HEAD', 'DELETE'].includes(req.method);
    const upstream = await client.request({
      method: req.method,
      path: typeof options.path === 'function' ? options.path(req) : options.path,
      query: req.query as Record<string, string>,
      body: hasBody ? (req.body ?? {}) : undefined,
      headers,
    });
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
