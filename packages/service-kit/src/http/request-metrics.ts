import type { RequestHandler } from 'express';
import type { Metrics } from '../telemetry/metrics';

/** Paths polled by orchestrators; measuring them would drown the real endpoints. */
const IGNORED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Emits `ecommerce.api.response_time` (distribution, milliseconds) for every request, tagged with the
 * route template (never the raw URL, to keep tag cardinality bounded), the method and the status class.
 */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    if (IGNORED_PATHS.has(req.path)) {
      next();
      return;
    }
    const started = performance.now();
    res.once('finish', () => {
      const route = req.route?.path as string | undefined;
      const endpoint = route ? `${req.baseUrl}${route}` : 'unmatched';
      metrics.distribution('ecommerce.api.response_time', performance.now() - started, {
        endpoint,
        method: req.method,
        status_class: `${Math.floor(res.statusCode / 100)}xx`,
      });
    });
    next();
  };
}
