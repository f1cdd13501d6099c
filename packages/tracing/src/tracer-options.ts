import type { TracerOptions } from 'dd-trace';

/**
 * Paths that load balancers, the local stack and docker healthchecks poll every few seconds.
 * Tracing them would bury real traffic and cost money, so the HTTP server plugin ignores them.
 */
export const UNTRACED_PATHS = ['/healthz', '/readyz', '/metrics'];

type Env = Record<string, string | undefined>;

/**
 * Options passed to `tracer.init()`. Unified service tagging (service, env, version) is left to the
 * DD_SERVICE / DD_ENV / DD_VERSION variables that dd-trace reads itself, so the same variables drive
 * traces, logs (via log injection) and DogStatsD tags. We only set what dd-trace leaves off by default,
 * and an explicit DD_* variable always wins so operators can turn any of it back off.
 */
export function tracerOptionsFromEnv(env: Env): TracerOptions {
  return {
    // Lines written by pino get dd.trace_id / dd.span_id: logs and traces link in Datadog.
    logInjection: flag(env.DD_LOGS_INJECTION, true),
    // Event-loop, GC and heap metrics, sent over DogStatsD next to our business metrics.
    runtimeMetrics: flag(env.DD_RUNTIME_METRICS_ENABLED, true),
    // v1: database spans keep the calling service's name and carry peer.service, which gives
    // one service per process on the service map and stable span names for monitors (see docs/decisions).
    spanAttributeSchema: (env.DD_TRACE_SPAN_ATTRIBUTE_SCHEMA as 'v0' | 'v1' | undefined) ?? 'v1',
    // Profiling is opt-in (compose turns it on); it needs a real agent to be useful.
    profiling: flag(env.DD_PROFILING_ENABLED, false),
  };
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
