import { parseTraceChunks, type RawSpan } from './parse-traces';

export class AgentUnavailableError extends Error {}

/**
 * The test agent's stored traces (all of them, or one trace by its decimal lower-64-bit id).
 * Read as text and parsed with exact ids (see parse-traces.ts).
 */
export async function fetchTraceChunks(agentUrl: string, traceId?: string, timeoutMs = 10_000): Promise<RawSpan[][]> {
  const url = new URL('/test/traces', agentUrl);
  if (traceId) url.searchParams.set('trace_ids', traceId);
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const inner = (error as { cause?: { code?: string; message?: string } }).cause;
    const cause = inner?.code ?? inner?.message ?? (error as Error).message;
    throw new AgentUnavailableError(`cannot reach the test agent at ${agentUrl} (${cause}). Start the local stack with \`npm run stack:up\`.`);
  }
  const text = await response.text();
  if (!response.ok) throw new AgentUnavailableError(`the test agent at ${agentUrl} answered ${response.status}: ${text.slice(0, 200)}`);
  return parseTraceChunks(text);
}
