import type { RequestHandler, Router } from 'express';
import { Router as createRouter } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus-format metrics on GET /metrics, scraped by the Datadog agent's `openmetrics` check in
 * docker compose (see the gateway's autodiscovery label). This shows the agent-side scraping path next
 * to DogStatsD: the same request counts, pulled instead of pushed. Labels are bounded (route template).
 */
export function createPrometheusMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'shopfast_gateway_' });
  const requests = new Counter({
    name: 'shopfast_http_requests_total',
    help: 'HTTP requests answered by the gateway',
    labelNames: ['method', 'route', 'status_class'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'shopfast_http_request_duration_seconds',
    help: 'Time the gateway took to answer, in seconds',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const measure: RequestHandler = (req, res, next) => {
    if (req.path === '/metrics' || req.path === '/healthz' || req.path === '/readyz') {
      next();
      return;
    }
    const stop = duration.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route, status_class: `${Math.floor(res.statusCode / 100)}xx` };
      requests.inc(labels);
      stop(labels);
    });
    next();
  };

  const routes: Router = createRouter();
  routes.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  return { measure, routes, registry };
}
