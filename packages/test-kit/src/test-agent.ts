import { randomBytes } from 'node:crypto';
import { endpoints } from './endpoints';
import { waitFor } from './wait-for';

/** A span as the test agent returns it from /test/traces (decoded msgpack, ids as numbers or strings). */
export interface AgentSpan {
  trace_id: number | string;
  span_id: number | string;
  parent_id: number | string;
  service: string;
  name: string;
  resource: string;
  type?: string;
  error?: number;
  start: number;
  duration: number;
  meta: Record<string, string>;
  metrics: Record<string, number>;
}

/**
 * A trace context the test itself starts: the test sends these ids as Datadog headers, so it knows the
 * trace id to ask the agent for, and the first service span's parent is the test's own "span".
 */
export interface TestTraceContext {
  traceId: string;
  parentId: string;
  headers: Record<string, string>;
}

export function newTraceContext(): TestTraceContext {
  // Decimal ids below 2^53: the test agent answers in JSON, and larger integers lose precision when
  // JSON.parse turns them into doubles, so the test could not compare its own ids with what came back.
  const id = () => (randomBytes(8).readBigUInt64BE() >> 11n || 1n).toString();
  const traceId = id();
  const parentId = id();
  return {
    traceId,
    parentId,
    headers: { 'x-datadog-trace-id': traceId, 'x-datadog-parent-id': parentId, 'x-datadog-sampling-priority': '1' },
  };
}

async function agentGet<T>(path: string): Promise<T> {
  const response = await fetch(endpoints.testAgent + path);
  if (!response.ok) throw new Error(`test agent ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** All spans the agent holds for a trace id (decimal, lower 64 bits). */
export async function getTrace(traceId: string): Promise<AgentSpan[]> {
  const traces = await agentGet<AgentSpan[][]>(`/test/traces?trace_ids=${traceId}`);
  return traces.flat();
}

/**
 * Waits until the trace contains what `isComplete` asks for. Spans arrive in several payloads (one per
 * service, flushed every DD_TRACE_FLUSH_INTERVAL), so a test must wait for the last one, not the first.
 */
export function waitForTrace(traceId: string, isComplete: (spans: AgentSpan[]) => boolean, timeoutMs = 20_000): Promise<AgentSpan[]> {
  return waitFor(`trace ${traceId} to be complete`, async () => {
    const spans = await getTrace(traceId);
    return spans.length > 0 && isComplete(spans) ? spans : undefined;
  }, timeoutMs);
}

/** The test agent's own checks (headers, trace counts, content length...) that failed, as it reports them. */
export async function traceCheckFailures(): Promise<unknown[]> {
  const response = await fetch(`${endpoints.testAgent}/test/trace_check/failures`);
  if (response.status === 200) return [];
  const text = await response.text();
  return [text];
}

export const sameId = (a: number | string, b: number | string) => BigInt(a) === BigInt(b);
