import '@shopfast/tracing/register';
import { createServiceClient, createServiceRuntime, createTrustedProxies, loadConfigOrExit, readSecretFile, runService } from '@shopfast/service-kit';
import { checkRedis, createRedis } from '@shopfast/stores';
import { tracer } from '@shopfast/tracing';
import { createApp } from './app';
import { configSchema, serviceUrl, SERVICE_NAMES } from './config';
import type { ServiceClients } from './routes/api.routes';
import { createActiveUsers } from './telemetry/active-users';

// The active-users timer runs PFCOUNT every few seconds outside any request; untraced, it does not
// become a stream of one-span traces. Every other Redis command stays traced.
tracer.use('ioredis', { blocklist: ['pfcount'] });

runService('gateway', async () => {
  const config = loadConfigOrExit('gateway', configSchema);
  const { logger, metrics, serve, credentials, keys } = createServiceRuntime(config);
  // Read once, before anything listens: a missing, weak or world-readable file stops start-up with a message.
  const adminToken = readSecretFile(config.ADMIN_TOKEN_FILE, { name: 'the admin token (ADMIN_TOKEN_FILE)', minLength: 32 });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  // Every call carries the gateway's service token (who calls, and for which customer or administrator).
  const clients = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, createServiceClient({ name, baseUrl: serviceUrl(config, name), timeoutMs: config.UPSTREAM_TIMEOUT_MS, credentials })]),
  ) as ServiceClients;
  const activeUsers = createActiveUsers({
    redis,
    metrics,
    logger,
    keyPrefix: config.RATE_LIMIT_KEY_PREFIX,
    intervalMs: config.ACTIVE_USERS_INTERVAL_MS,
  });
  // Host names in TRUST_PROXY (compose: `edge`) are looked up every few seconds; addresses match as is.
  const trustedProxies = createTrustedProxies(config.TRUST_PROXY, { logger });

  const app = createApp({
    clients,
    logger,
    metrics,
    readiness: { redis: () => checkRedis(redis) },
    version: config.DD_VERSION,
    bodyLimit: config.BODY_LIMIT,
    redis,
    tokens: { trusted: keys.trusted, issuer: config.JWT_ISSUER },
    adminToken,
    limits: {
      keyPrefix: config.RATE_LIMIT_KEY_PREFIX,
      points: config.RATE_LIMIT_POINTS,
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
      loginPoints: config.LOGIN_RATE_LIMIT_POINTS,
      loginWindowSeconds: config.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
      loginFailures: config.LOGIN_FAILURE_LIMIT,
      loginFailureWindowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
      rumPoints: config.RUM_RATE_LIMIT_POINTS,
      rumWindowSeconds: config.RUM_RATE_LIMIT_WINDOW_SECONDS,
    },
    corsOrigins: config.CORS_ORIGINS,
    checkoutTimeoutMs: config.CHECKOUT_TIMEOUT_MS,
    activeUsers,
    rumIntakeSite: config.RUM_INTAKE_SITE,
    trustProxy: trustedProxies.trust,
  });
  activeUsers.start();
  trustedProxies.start();
  await serve(app, [
    { name: 'trusted-proxy lookups', close: async () => trustedProxies.stop() },
    { name: 'active-users timer', close: async () => activeUsers.stop() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
