// The fault monitors' side of the fault e2e tests: read what the monitor's signal needs from what really arrived
// (DogStatsD lines at the listener, whole traces at the test agent), evaluate the signal exactly as the monitor's
// query computes it (infra/datadog/src/definitions/signals), and assert the monitor's verdict: critical while the
// fault is on, not critical once it is off. The test picks the window: the observations are the window.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import {
  FAULT_SIGNALS,
  evaluateSignal,
  metricsOf,
  monitorQuery,
  readsLine,
  signalValues,
  statusOf,
  traceMetric,
  type FaultKey,
  type MetricPoint,
  type Observations,
} from '@shopfast/datadog/src/definitions/signals';
import { lastMetricSeq, metricLines, newTraceContext, waitFor, type AgentSpan, type MetricLine, type TestTraceContext } from '@shopfast/test-kit';
import { spansOf } from './fault-kit';

/** DD_ENV of every service of the local stack (scripts/stack/app-services.ts): the env the monitors filter on. */
export const STACK_ENV = 'local';

type ListenedLine = MetricLine & { at?: string };
const toPoint = (line: ListenedLine): MetricPoint => ({ name: line.name, value: line.value, type: line.type, sampleRate: line.sampleRate, tags: line.tags, at: line.at });

/** The DogStatsD lines of the fault signal's metrics that arrived after listener sequence `since`, in arrival order. */
async function listenedLines(fault: FaultKey, since: number): Promise<ListenedLine[]> {
  const names = metricsOf(FAULT_SIGNALS[fault]).filter((name) => !traceMetric(name));
  const lines = (await Promise.all(names.map((name) => metricLines(since, name)))).flat() as ListenedLine[];
  return lines.filter((line) => names.includes(line.name)).sort((a, b) => a.seq - b.seq);
}

/** The DogStatsD lines of the fault signal's metrics that arrived after listener sequence `since`. */
export async function signalMetrics(fault: FaultKey, since: number): Promise<MetricPoint[]> {
  return (await listenedLines(fault, since)).map(toPoint);
}

/**
 * The services' metrics clients send what they buffered at least once a second (hot-shots' bufferFlushInterval,
 * packages/service-kit): a line of a request that has answered reaches the listener within this.
 */
const METRICS_FLUSH_MS = 1_200;

/**
 * Where a metric window starts: the listener's sequence number once every line of the traffic done so far has
 * arrived (a flush interval later), so no line of earlier traffic, still in a service's buffer, falls into it.
 */
export async function windowStart(): Promise<number> {
  await sleep(METRICS_FLUSH_MS);
  return lastMetricSeq();
}

/**
 * A metric window of traffic that makes exactly `lines` lines the fault's signal reads: the first `lines` such
 * lines after `since` (windowStart before the traffic), in arrival order. The window ends at the line that
 * completes the count, so nothing after the test's traffic (the next phase, other tests' traffic) counts; traffic
 * of others during it is counted in place of some of the test's own, as the monitor would count it.
 */
export async function signalWindow(fault: FaultKey, since: number, lines: number, timeoutMs = 15_000): Promise<MetricPoint[]> {
  const signal = FAULT_SIGNALS[fault];
  return waitFor(`${lines} lines of the ${fault} monitor's metrics`, async () => {
    const read = (await listenedLines(fault, since)).map(toPoint).filter((line) => readsLine(signal, line, STACK_ENV));
    return read.length >= lines ? read.slice(0, lines) : undefined;
  }, timeoutMs, 250);
}

/**
 * A trace for a monitor window's requests: the test sends them all with its headers, so the window's spans are
 * one trace. The test agent looks traces up id by id, and slowly once it holds thousands (~0.7 s an id), so a
 * window of twenty requests is one lookup, not twenty.
 */
export const windowTrace = (): TestTraceContext => newTraceContext();

/** The entry spans of `service` in the spans (one per request it answered; more when its caller retried). */
export const entriesOf = (spans: AgentSpan[], service: string) => spans.filter((span) => span.service === service && span.name === 'express.request');

/** The window's trace once `service` has answered at least `requests` of the window's requests through the gateway. */
export function windowSpans(window: TestTraceContext, requests: number, service: string, timeoutMs = 30_000): Promise<AgentSpan[]> {
  return spansOf(window.traceId, (spans) => entriesOf(spans, 'gateway').length >= requests && entriesOf(spans, service).length >= requests, timeoutMs);
}

export type Verdict = 'critical' | 'not critical';

export interface MonitorCheck {
  /**
   * With the fault on: every single value the signal aggregates (each latency of a percentile or an average)
   * is past the critical threshold too, so the aggregate does not cross it on one value alone.
   */
  everyValue?: boolean;
}

/** Evaluates the fault's monitor signal over `observations`, asserts its verdict, and returns the value. */
export function expectMonitor(fault: FaultKey, observations: Observations, verdict: Verdict, check: MonitorCheck = {}, env = STACK_ENV): number {
  const signal = FAULT_SIGNALS[fault];
  const query = monitorQuery(signal, env);
  const value = evaluateSignal(signal, observations, env);
  expect(value, `${fault}: no data for ${query}`).toBeDefined();
  const status = statusOf(signal.condition, value as number);
  if (verdict === 'critical') expect(status, `${fault} on: ${value} ${signal.unit} must trip ${query}`).toBe('critical');
  else expect(status, `${fault} off: ${value} ${signal.unit} must stay within ${query}`).not.toBe('critical');
  if (check.everyValue) {
    const values = signalValues(signal, observations, env);
    expect(values, `${fault}: the values of ${query}`).toBeDefined();
    expect(values!.length, `${fault}: the values of ${query}`).toBeGreaterThanOrEqual(2);
    for (const each of values!) expect(statusOf(signal.condition, each), `${fault} on: each value, ${each} ${signal.unit}, past ${signal.condition.critical}`).toBe('critical');
  }
  return value as number;
}
