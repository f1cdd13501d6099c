import type { TracerOptions } from 'dd-trace';

/**
 * Paths that load balancers, the local stack and docker healthchecks poll every few seconds.
 * Tracing them would bury real traffic and cost money, so the HTTP server plugin ignores them.
 */
export const UNTRACED_PATHS = ['/healthz', '/readyz', '/metrics'];

type Env = Record<string, string | undefined>;

/** The baggage item that marks generated traffic (scripts/traffic, docs/decisions/013-traffic-generator.md). */
export const SYNTHETIC_BAGGAGE_KEY = 'synthetic_request';

/**
 * Health endpoints that are traced (the gateway's aggregate /api/health, polled by compose and load
 * balancers) are sampled at 0: Datadog's agent still counts them in trace metrics, but never keeps
 * their spans. The rules match the `http.url` tag rather than the resource: dd-trace decides sampling
 * when the first downstream call is made, and the route-based resource is only set when the request
 * ends. /healthz and /readyz are not traced at all (UNTRACED_PATHS); their rules are a safety net.
 */
export const HEALTH_CHECK_SAMPLING_RULES = [
  { tags: { 'http.url': '*/api/health*' }, sampleRate: 0 },
  { tags: { 'http.url': '*/healthz*' }, sampleRate: 0 },
  { tags: { 'http.url': '*/readyz*' }, sampleRate: 0 },
];

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
    // DD_TRACE_SAMPLING_RULES, when set, replaces these (dd-trace reads it itself).
    ...(env.DD_TRACE_SAMPLING_RULES ? {} : { samplingRules: HEALTH_CHECK_SAMPLING_RULES }),
    // SQL carries the trace context (a traceparent comment) so Database Monitoring links query samples
    // to APM traces. Needs the agent's postgres check with dbm: true (compose sets it up).
    dbmPropagationMode: (env.DD_DBM_PROPAGATION_MODE as 'disabled' | 'service' | 'full' | undefined) ?? 'full',
    // W3C baggage items copied onto spans as `baggage.<key>`. Only the traffic generator's marker
    // (npm run traffic sends `baggage: synthetic_request=true`), so dashboards can filter demo traffic out.
    // dd-trace's default (user.id, session.id, account.id) is left off on purpose: any client can send
    // baggage, and a span must not claim a user id the caller made up. DD_TRACE_BAGGAGE_TAG_KEYS wins.
    ...(env.DD_TRACE_BAGGAGE_TAG_KEYS === undefined ? { baggageTagKeys: [SYNTHETIC_BAGGAGE_KEY] } : {}),
  };
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
