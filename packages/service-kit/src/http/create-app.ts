import express, { type Express, type Router } from 'express';
import pinoHttp from 'pino-http';
import type { Logger } from 'pino';
import { errorHandler, notFoundHandler } from './error-handler';
import { requestId } from './request-id';
import { readinessRoutes, type ReadinessChecks } from './health';
import { DEFAULT_MAX_JSON_DEPTH, jsonDepthVerifier } from './json-depth';
import { requestMetrics } from './request-metrics';
import type { Metrics } from '../telemetry/metrics';
import { identifyCaller } from '../auth/require-caller';
import type { CallerVerifier } from '../auth/service-tokens';

export interface HttpAppOptions {
  logger: Logger;
  /** Request timings go here as ecommerce.api.response_time. */
  metrics: Metrics;
  /** Stores and peers that must answer for /readyz to be 200, by name. */
  readiness: ReadinessChecks;
  /** The service's own routes, mounted at the root. */
  routes: Router;
  /** Largest JSON body accepted; larger bodies get 413. */
  bodyLimit?: string;
  /**
   * Deepest nesting of objects and arrays accepted in a JSON body (default DEFAULT_MAX_JSON_DEPTH, 32).
   * Checked on the raw bytes before JSON.parse runs; deeper bodies get 400 `json_too_deep`.
   */
  maxJsonDepth?: number;
  /**
   * Peers whose X-Forwarded-For is believed for `req.ip`, in Express's trust-proxy syntax (addresses,
   * CIDRs, `loopback`, `uniquelocal`...). Default: nobody, so a client cannot pick its own address by
   * sending the header. Only the gateway needs it (the edge in front of it); services behind the
   * gateway never look at the client address. A function (createTrustedProxies().trust) also
   * trusts peers by host name.
   */
  trustProxy?: string | string[] | ((address: string, hop: number) => boolean);
  /**
   * Verifies the service token of each request (res.locals.caller), for routes guarded by
   * requireCaller(). Without it every guarded route answers 401: nothing is trusted by default.
   */
  callers?: CallerVerifier;
}

/**
 * The Express app every service is built from: request id, access log, JSON body parsing with a size
 * limit and a nesting-depth limit, /healthz and /readyz, the service's routes, then one 404 and one
 * error handler.
 * It never listens: main.ts does that, tests use supertest or port 0.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(requestId());
  app.use(requestMetrics(options.metrics));
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (_req, res) => String((res as unknown as { locals: Record<string, unknown> }).locals?.requestId ?? ''),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url, id: req.id }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  // The depth is checked before JSON.parse: a body nested thousands of levels deep parses fine, but
  // anything that later serialises it again (the gateway forwarding it, res.json) overflows the stack.
  app.use(express.json({ limit: options.bodyLimit ?? '100kb', verify: jsonDepthVerifier(options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH) }));
  app.use(readinessRoutes(options.readiness));
  app.use(identifyCaller(options.callers));
  app.use(options.routes);
  app.use(notFoundHandler());
  app.use(errorHandler(options.logger));
  return app;
}
