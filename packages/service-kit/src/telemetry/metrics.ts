import StatsD, { type ClientOptions, type StatsD as StatsDClient } from 'hot-shots';
import type { Logger } from 'pino';

export type Tags = Record<string, string | number | boolean>;

/** The metrics surface services use. Small on purpose: every name must be in docs/telemetry.md. */
export interface Metrics {
  increment(name: string, value?: number, tags?: Tags): void;
  gauge(name: string, value: number, tags?: Tags): void;
  histogram(name: string, value: number, tags?: Tags): void;
  distribution(name: string, value: number, tags?: Tags): void;
  timing(name: string, milliseconds: number, tags?: Tags): void;
  /** Flushes what is buffered and closes the socket. Never rejects. */
  close(): Promise<void>;
}

export interface MetricsOptions {
  host: string;
  port: number;
  prefix?: string;
  /** Added to every metric. env/service/version come from DD_ENV/DD_SERVICE/DD_VERSION (unified tagging). */
  globalTags?: Tags;
  logger: Logger;
  /** hot-shots mock mode: nothing is sent, lines are kept in `mockBuffer` (unit tests only). */
  mock?: boolean;
}

/** How often a failing DogStatsD socket may log: an agent outage must not flood the logs. */
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * DogStatsD over UDP with hot-shots. UDP is fire-and-forget: when the agent is down a send fails
 * silently or with ECONNREFUSED, which lands in errorHandler and is logged (rate-limited), never thrown.
 * Telemetry outages therefore never cost a request.
 */
export function createMetrics(options: MetricsOptions): Metrics & { client: StatsDClient } {
  let lastErrorLoggedAt = 0;
  const clientOptions: ClientOptions = {
    host: options.host,
    port: options.port,
    prefix: options.prefix ? `${options.prefix}.` : '',
    globalTags: toTagList(options.globalTags ?? {}),
    // Sample rate stays 1: business metrics (orders, revenue) must be exact, and tests read them back.
    sampleRate: 1,
    // Buffer small packets together; flushed every second and on close.
    maxBufferSize: 1400,
    bufferFlushInterval: 1000,
    mock: options.mock ?? false,
    errorHandler: (error: Error) => {
      const now = Date.now();
      if (now - lastErrorLoggedAt < ERROR_LOG_INTERVAL_MS) return;
      lastErrorLoggedAt = now;
      options.logger.warn({ err: error }, 'dogstatsd send failed; metrics are best effort, requests are unaffected');
    },
  };
  const client = new StatsD(clientOptions);

  return {
    client,
    increment: (name, value = 1, tags) => client.increment(name, value, toTagList(tags)),
    gauge: (name, value, tags) => client.gauge(name, value, toTagList(tags)),
    histogram: (name, value, tags) => client.histogram(name, value, toTagList(tags)),
    distribution: (name, value, tags) => client.distribution(name, value, toTagList(tags)),
    timing: (name, ms, tags) => client.timing(name, ms, toTagList(tags)),
    close: () =>
      new Promise<void>((resolve) => {
        try {
          client.close(() => resolve());
        } catch {
          resolve();
        }
      }),
  };
}

function toTagList(tags: Tags | undefined): string[] {
  if (!tags) return [];
  return Object.entries(tags).map(([key, value]) => `${key}:${String(value)}`);
}
