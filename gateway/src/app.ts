import { Router, type Express } from 'express';
import { createRumEventRecorder, createRumIntakeRouter, isLoopbackAddress } from '@shopfast/rum-intake';
import { createHttpApp, type HttpAppOptions, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { RedisClient } from '@shopfast/stores';
import { adminTokenCheck, requireAdmin } from './auth/admin-token.middleware';
import { authenticate, requireUser } from './auth/authenticate.middleware';
import { stripIdentityHeaders } from './auth/identity-headers.middleware';
import { createTokenVerifier, type TokenSettings } from './auth/token-verifier';
import { corsForStorefront } from './http/cors.middleware';
import { createLimiter } from './limits/limiter';
import { createLoginThrottle } from './limits/login-throttle';
import { rateLimit, rateLimitPosts } from './limits/rate-limit.middleware';
import { apiRoutes, type ServiceClients } from './routes/api.routes';
import { demoRoutes } from './routes/demo.routes';
import { healthRoutes } from './routes/health.routes';
import { indexRoutes } from './routes/index.routes';
import type { ActiveUsers } from './telemetry/active-users';
import { createPrometheusMetrics } from './telemetry/prometheus';

/** Budgets of the four limiters (see config.ts for the meaning of each). */
export interface LimitSettings {
  keyPrefix: string;
  points: number;
  windowSeconds: number;
  loginPoints: number;
  loginWindowSeconds: number;
  loginFailures: number;
  loginFailureWindowSeconds: number;
  rumPoints: number;
  rumWindowSeconds: number;
}

export interface AppDeps {
  clients: ServiceClients;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  version: string;
  bodyLimit: string;
  /** Rate-limit counters; the limiter fails open when it does not answer. */
  redis: RedisClient;
  tokens: TokenSettings;
  adminToken: string;
  limits: LimitSettings;
  corsOrigins: string[];
  checkoutTimeoutMs: number;
  activeUsers?: ActiveUsers;
  /** Datadog site browser RUM is forwarded to; unset: recorded locally at GET /api/rum/events. */
  rumIntakeSite?: string;
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); default loopback, where the local edge runs. */
  trustProxy?: HttpAppOptions['trustProxy'];
}

export function createApp(deps: AppDeps): Express {
  const { clients, logger, metrics, redis, limits } = deps;
  const limiter = (name: string, points: number, durationSeconds: number) =>
    createLimiter(redis, { name, keyPrefix: `${limits.keyPrefix}:rl:${name}`, points, durationSeconds });
  const limitDeps = { metrics, logger };

  const prometheus = createPrometheusMetrics();
  const routes = Router();
  routes.use(prometheus.measure);
  routes.use(prometheus.routes);
  routes.use(corsForStorefront(deps.corsOrigins));
  routes.use(stripIdentityHeaders());
  routes.use(indexRoutes(deps.version));
  routes.use(healthRoutes(clients));
  // The RUM SDK's `proxy` target. Its own generous per-IP budget (the SDK posts a batch every few
  // seconds per visitor), not the API's. GET /api/rum/events (every visitor's recorded events) only
  // for a client on this machine or with the admin token, and only when nothing goes to Datadog.
  const isAdmin = adminTokenCheck(deps.adminToken);
  routes.use('/api/rum', rateLimitPosts(limiter('rum', limits.rumPoints, limits.rumWindowSeconds), limitDeps));
  routes.use(
    '/api/rum',
    createRumIntakeRouter({
      site: deps.rumIntakeSite,
      recorder: createRumEventRecorder(),
      logger,
      metrics,
      canReadEvents: (req) => isLoopbackAddress(req.ip) || isAdmin(req),
    }),
  );
  routes.use(demoRoutes());
  routes.use(
    apiRoutes(clients, {
      authenticate: authenticate(createTokenVerifier(deps.tokens), deps.activeUsers),
      requireUser: requireUser(metrics),
      requireAdmin: requireAdmin(deps.adminToken, metrics),
      rateLimit: rateLimit(limiter('api', limits.points, limits.windowSeconds), limitDeps),
      login: createLoginThrottle(
        {
          perIp: limiter('login_ip', limits.loginPoints, limits.loginWindowSeconds),
          failures: limiter('login_failures', limits.loginFailures, limits.loginFailureWindowSeconds),
        },
        limitDeps,
      ),
      checkoutTimeoutMs: deps.checkoutTimeoutMs,
    }),
  );
  return createHttpApp({ logger, metrics, readiness: deps.readiness, routes, bodyLimit: deps.bodyLimit, trustProxy: deps.trustProxy ?? ['loopback'] });
}
