import { inflateSync } from 'node:zlib';
import { Router, type Express } from 'express';
import { DEFINITIONS_FILE, readFlagdDocument } from '@shopfast/feature-flags';
import { createRumEventRecorder, createRumIntakeRouter, isLoopbackAddress, MAX_INFLATED_BYTES } from '@shopfast/rum-intake';
import { createHttpApp, rawJsonDepthLimit, type HttpAppOptions, type Logger, type Metrics, type ReadinessChecks, type ServiceClient } from '@shopfast/service-kit';
import type { RedisClient } from '@shopfast/stores';
import { adminTokenCheck, requireAdmin } from './auth/admin-token.middleware';
import { authenticate, requireUser } from './auth/authenticate.middleware';
import { createTokenVerifier, type TokenSettings } from './auth/token-verifier';
import { corsForStorefront } from './http/cors.middleware';
import { createFaultControl } from './faults/fault-control';
import { createLimiter } from './limits/limiter';
import { createLoginThrottle } from './limits/login-throttle';
import { rateLimit, rateLimitDeliveries, rateLimitPosts } from './limits/rate-limit.middleware';
import { apiRoutes, type ServiceClients } from './routes/api.routes';
import { incidentRoutes } from './routes/incident.routes';
import { buildOpenApiDocument } from './openapi/document';
import { demoRoutes } from './routes/demo.routes';
import { docsRoutes } from './routes/docs.routes';
import { faultsRoutes } from './routes/faults.routes';
import { healthRoutes } from './routes/health.routes';
import { indexRoutes } from './routes/index.routes';
import type { ActiveUsers } from './telemetry/active-users';
import { createPrometheusMetrics } from './telemetry/prometheus';
import { tagSyntheticTraffic } from './telemetry/synthetic-traffic';

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
  webhookPoints: number;
  webhookWindowSeconds: number;
}

export interface AppDeps {
  clients: ServiceClients;
  /** The incident service (Datadog webhook, incident list); absent: those routes answer 503. */
  incident?: ServiceClient;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  version: string;
  bodyLimit: string;
  /** Rate-limit counters; the limiter fails open when it does not answer. */
  redis: RedisClient;
  /** How customer login tokens are verified: the user service's public key (from the trusted keys) and issuer. */
  tokens: TokenSettings;
  /** The admin token's value (main.ts reads ADMIN_TOKEN_FILE once at start-up). */
  adminToken: string;
  limits: LimitSettings;
  corsOrigins: string[];
  checkoutTimeoutMs: number;
  activeUsers?: ActiveUsers;
  /** Datadog site browser RUM is forwarded to; unset: recorded locally at GET /api/rum/events. */
  rumIntakeSite?: string;
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); default loopback, where the local edge runs. */
  trustProxy?: HttpAppOptions['trustProxy'];
  /** The faults' runtime state file (FLAGS_FILE) every service reads; the admin API at /api/admin/faults writes it. */
  flagsFile: string;
  /** The fault catalogue; infra/flags/shopfast.flagd.json unless given (tests). */
  flagDefinitionsFile?: string;
}

/** The browser intake router's own body limit (packages/rum-intake, `bodyLimit` default). */
const RUM_BODY_LIMIT = '1mb';

/**
 * A batch as the intake will parse it: text as is, anything else inflated (capped, like the intake does;
 * a body that does not inflate is scanned as it is). Mirrors packages/rum-intake/src/decode-batch.ts.
 */
function rumBatchText(body: Buffer): Buffer {
  const first = body.subarray(0, 1).toString('latin1');
  if (first === '{' || first === '[' || first.trim() === '') return body;
  try {
    return inflateSync(body, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch {
    // Too large: the intake answers 413 itself. Not deflate: the intake parses the bytes as they are.
    return body;
  }
}

export function createApp(deps: AppDeps): Express {
  const { clients, logger, metrics, redis, limits } = deps;
  const limiter = (name: string, points: number, durationSeconds: number) =>
    createLimiter(redis, { name, keyPrefix: `${limits.keyPrefix}:rl:${name}`, points, durationSeconds });
  const limitDeps = { metrics, logger };

  const prometheus = createPrometheusMetrics();
  const routes = Router();
  routes.use(prometheus.measure);
  routes.use(tagSyntheticTraffic());
  routes.use(prometheus.routes);
  routes.use(corsForStorefront(deps.corsOrigins));
  routes.use(indexRoutes(deps.version));
  routes.use(healthRoutes(clients));
  // The RUM SDK's `proxy` target. Its own generous per-IP budget (the SDK posts a batch every few
  // seconds per visitor), not the API's. GET /api/rum/events (every visitor's recorded events) only
  // for a client on this machine or with the admin token, and only when nothing goes to Datadog.
  const isAdmin = adminTokenCheck(deps.adminToken);
  routes.use('/api/rum', rateLimitPosts(limiter('rum', limits.rumPoints, limits.rumWindowSeconds), limitDeps));
  // Recorded batches are parsed here and served again as JSON by GET /api/rum/events: bound their
  // nesting like every JSON body (400 json_too_deep), or one 20,000-level event makes every later read
  // of the events fail. application/json batches are already checked by createHttpApp; this covers
  // the SDK's text/plain and deflate batches. With RUM_INTAKE_SITE set those go to Datadog as they
  // came, never parsed here, so there is nothing to bound.
  if (!deps.rumIntakeSite) {
    routes.post('/api/rum', rawJsonDepthLimit({ limit: RUM_BODY_LIMIT, lines: true, decode: rumBatchText }));
  }
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
  const apiLimit = rateLimit(limiter('api', limits.points, limits.windowSeconds), limitDeps);
  const adminGuard = requireAdmin(deps.adminToken, metrics);
  // Fault control: the gateway writes the state file itself (no service owns it), with the admin guard
  // every /api/admin route has, and the storefront reads its browser faults from GET /api/flags.
  const faults = createFaultControl({ stateFile: deps.flagsFile, definitions: readFlagdDocument(deps.flagDefinitionsFile ?? DEFINITIONS_FILE), logger });
  routes.use(faultsRoutes(faults, { publicRoute: [apiLimit], adminRoute: [apiLimit, adminGuard] }));
  // Datadog's webhook (no gateway credential: the incident service checks its secret) and the incident list.
  // The webhook has its own generous per-IP budget: a 429 would lose the alert (Datadog retries only 5xx),
  // so its overflow is a 503 with Retry-After, and a storm of API calls from one address never blocks it.
  const webhookLimit = rateLimitDeliveries(limiter('webhook', limits.webhookPoints, limits.webhookWindowSeconds), limitDeps);
  routes.use(incidentRoutes(deps.incident, { webhookRoute: [webhookLimit], adminRoute: [apiLimit, adminGuard] }));
  // The public API's OpenAPI description and its rendered docs, generated from the contracts' schemas.
  routes.use(docsRoutes(buildOpenApiDocument(deps.version)));
  routes.use(
    apiRoutes(clients, {
      authenticate: authenticate(createTokenVerifier(deps.tokens), deps.activeUsers),
      requireUser: requireUser(metrics),
      requireAdmin: adminGuard,
      rateLimit: apiLimit,
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
