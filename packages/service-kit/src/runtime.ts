import type { Express } from 'express';
import type { BaseConfig } from './config';
import { createLogger, type Logger } from './telemetry/logger';
import { createMetrics, type Metrics } from './telemetry/metrics';
import { startHttpServer, type Closeable, type RunningServer } from './http/server';
import { loadServiceKeys, ServiceKeyError, type ServiceKeys } from './auth/service-keys';
import { SecretError } from './auth/secret-file';
import { createCallerVerifier, createTokenIssuer, type CallerVerifier, type TokenIssuer } from './auth/service-tokens';

export interface ServiceRuntime {
  logger: Logger;
  metrics: Metrics;
  /** Signs the service tokens this service sends (pass it to createServiceClient as `credentials`). */
  credentials: TokenIssuer;
  /** Verifies the service tokens this service receives (pass it to createHttpApp as `callers`). */
  callers: CallerVerifier;
  keys: ServiceKeys;
  /** Listens on config.PORT and wires graceful shutdown: server, then `closeables` in order, then metrics. */
  serve: (app: Express, closeables: Closeable[]) => Promise<RunningServer>;
}

/**
 * The logger, metrics client and service keys a service's main.ts builds its dependencies with, from
 * validated config. Unreadable or mismatched keys throw here, before anything listens.
 */
export function createServiceRuntime(config: BaseConfig): ServiceRuntime {
  const logger = createLogger({ service: config.DD_SERVICE, env: config.DD_ENV, version: config.DD_VERSION, level: config.LOG_LEVEL });
  const metrics = createMetrics({
    host: config.DD_AGENT_HOST,
    port: config.DD_DOGSTATSD_PORT,
    prefix: config.METRICS_PREFIX,
    globalTags: { env: config.DD_ENV, service: config.DD_SERVICE, version: config.DD_VERSION },
    logger,
  });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const keys = loadServiceKeys({ service: config.DD_SERVICE, keyFile: config.SERVICE_KEY_FILE, trustedKeysFile: config.TRUSTED_KEYS_FILE });
  return {
    logger,
    metrics,
    keys,
    credentials: createTokenIssuer(keys),
    callers: createCallerVerifier(keys),
    serve: (app, closeables) =>
      startHttpServer({
        app,
        port: config.PORT,
        host: config.HOST,
        logger,
        shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
        closeables: [...closeables, { name: 'metrics', close: () => metrics.close() }],
      }),
  };
}

/**
 * Runs a service's start-up function; any failure before the server listens (a store that cannot be
 * reached, a failed migration) is printed once and exits 1, so the supervisor sees a clear failure.
 */
export function runService(name: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    if (error instanceof ServiceKeyError || error instanceof SecretError) {
      // A configuration problem with a message that says what to do: no stack trace, exit 78 like a bad environment.
      process.stderr.write(`${name} service refuses to start: ${error.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`${name} service failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
