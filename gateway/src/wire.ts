import type { FaultFlags } from '@shopfast/feature-flags';
import { createServiceClient, createServiceJobs, createTrustedProxies, type Logger, type Metrics, type ServiceClientOptions, type TokenIssuer } from '@shopfast/service-kit';
import { checkRedis, type RedisClient } from '@shopfast/stores';
import { createApp } from './app';
import type { TokenSettings } from './auth/token-verifier';
import { SERVICE_NAMES, type Config, type ServiceName } from './config';
import type { ServiceClients } from './routes/api.routes';
import { createActiveUsers } from './telemetry/active-users';

type ServiceUrlKey = `${Uppercase<ServiceName>}_SERVICE_URL`;

/** The configuration the gateway is built from (main.ts passes its whole validated config). */
export type GatewaySettings = Pick<
  Config,
  | ServiceUrlKey
  | 'INCIDENT_SERVICE_URL'
  | 'DD_VERSION'
  | 'UPSTREAM_TIMEOUT_MS'
  | 'CHECKOUT_TIMEOUT_MS'
  | 'BODY_LIMIT'
  | 'JWT_ISSUER'
  | 'RATE_LIMIT_KEY_PREFIX'
  | 'RATE_LIMIT_POINTS'
  | 'RATE_LIMIT_WINDOW_SECONDS'
  | 'LOGIN_RATE_LIMIT_POINTS'
  | 'LOGIN_RATE_LIMIT_WINDOW_SECONDS'
  | 'LOGIN_FAILURE_LIMIT'
  | 'LOGIN_FAILURE_WINDOW_SECONDS'
  | 'RUM_RATE_LIMIT_POINTS'
  | 'RUM_RATE_LIMIT_WINDOW_SECONDS'
  | 'WEBHOOK_RATE_LIMIT_POINTS'
  | 'WEBHOOK_RATE_LIMIT_WINDOW_SECONDS'
  | 'TRUST_PROXY'
  | 'CORS_ORIGINS'
  | 'ACTIVE_USERS_INTERVAL_MS'
  | 'RUM_INTAKE_SITE'
  | 'FLAGS_FILE'
>;

export interface GatewayDeps {
  config: GatewaySettings;
  logger: Logger;
  metrics: Metrics;
  /** Fault flags (docs/faults.md); absent (tests not about faults): every fault off (NO_FAULTS). */
  faults?: FaultFlags;
  /** Signs the service token every call to a service carries (runtime.credentials). */
  credentials: TokenIssuer;
  /** Public keys of every app (runtime.keys.trusted): customer tokens must be signed by the user service's. */
  trustedKeys: TokenSettings['trusted'];
  /** The admin token's value (read once from ADMIN_TOKEN_FILE before anything listens). */
  adminToken: string;
  /** Rate-limit counters and the active-users count. */
  redis: RedisClient;
  /** Retries of calls to services; service-kit's default unless given (tests count the calls). */
  peerCalls?: Pick<ServiceClientOptions, 'retries'>;
}

/**
 * The gateway from its dependencies: a client per service, the HTTP app with its limits, and its
 * background jobs (the active-users gauge, look-ups of trusted proxy host names), none started.
 */
export function wireGateway({ config, logger, metrics, credentials, trustedKeys, adminToken, redis, peerCalls = {} }: GatewayDeps) {
  // Every call carries the gateway's service token (who calls, and for which customer or administrator).
  const clients = Object.fromEntries(
    SERVICE_NAMES.map((name) => [
      name,
      createServiceClient({ name, baseUrl: config[`${name.toUpperCase() as Uppercase<ServiceName>}_SERVICE_URL`], timeoutMs: config.UPSTREAM_TIMEOUT_MS, credentials, ...peerCalls }),
    ]),
  ) as ServiceClients;
  // The incident service is not one of the shop's services (/api/health does not wait for it): its own client, when configured.
  const incident = config.INCIDENT_SERVICE_URL
    ? createServiceClient({ name: 'incident', baseUrl: config.INCIDENT_SERVICE_URL, timeoutMs: config.UPSTREAM_TIMEOUT_MS, credentials, ...peerCalls })
    : undefined;
  const activeUsers = createActiveUsers({ redis, metrics, logger, keyPrefix: config.RATE_LIMIT_KEY_PREFIX, intervalMs: config.ACTIVE_USERS_INTERVAL_MS });
  // Host names in TRUST_PROXY (compose: `edge`) are looked up every few seconds; addresses match as is.
  const trustedProxies = createTrustedProxies(config.TRUST_PROXY, { logger });
  const jobs = createServiceJobs(
    [
      { name: 'active-users gauge', start: activeUsers.start, stop: activeUsers.stop },
      { name: 'trusted-proxy lookups', start: trustedProxies.start, stop: trustedProxies.stop },
    ],
    logger,
  );

  const app = createApp({
    flagsFile: config.FLAGS_FILE,
    clients,
    incident,
    logger,
    metrics,
    readiness: { redis: () => checkRedis(redis) },
    version: config.DD_VERSION,
    bodyLimit: config.BODY_LIMIT,
    redis,
    tokens: { trusted: trustedKeys, issuer: config.JWT_ISSUER },
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
      webhookPoints: config.WEBHOOK_RATE_LIMIT_POINTS,
      webhookWindowSeconds: config.WEBHOOK_RATE_LIMIT_WINDOW_SECONDS,
    },
    corsOrigins: config.CORS_ORIGINS,
    checkoutTimeoutMs: config.CHECKOUT_TIMEOUT_MS,
    activeUsers,
    rumIntakeSite: config.RUM_INTAKE_SITE,
    trustProxy: trustedProxies.trust,
  });
  return { app, jobs, clients, activeUsers, trustedProxies };
}

export type GatewayService = ReturnType<typeof wireGateway>;
