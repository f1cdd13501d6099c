// One HTTP request of a synthetic test, timed from the first byte sent to the last byte read (Datadog's
// `responseTime` is the whole of it). Like Datadog's managed locations with the APM integration on, every
// request carries Datadog trace headers with `x-datadog-origin: synthetics`, so the backend spans of a run can
// be found by trace id (the local test agent, or APM) and are marked as synthetic.
import { randomBytes } from 'node:crypto';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  followRedirects: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
  /** Milliseconds, request start to body read. */
  responseTimeMs: number;
  /** The Datadog trace id (decimal) the request was sent with. */
  traceId: string;
}

export const USER_AGENT = 'shopfast-synthetics/0.1 (local runner of the Datadog synthetic tests; +docs/synthetics.md)';

/** A decimal id below 2^53, so the test agent's JSON answers keep it exact (as @shopfast/test-kit does). */
const datadogId = (): string => (randomBytes(8).readBigUInt64BE() >> 11n || 1n).toString();

export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    message: string,
    readonly traceId: string,
    readonly elapsedMs: number,
  ) {
    super(message);
  }
}

export async function send(request: HttpRequest): Promise<HttpResponse> {
  const traceId = datadogId();
  const headers = {
    'user-agent': USER_AGENT,
    'x-datadog-origin': 'synthetics',
    'x-datadog-trace-id': traceId,
    'x-datadog-parent-id': datadogId(),
    'x-datadog-sampling-priority': '1',
    ...request.headers,
  };
  const started = performance.now();
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body,
      redirect: request.followRedirects ? 'follow' : 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const body = await response.text();
    const responseTimeMs = Math.round(performance.now() - started);
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name.toLowerCase()] = value;
    });
    return { status: response.status, headers: responseHeaders, body, responseTimeMs, traceId };
  } catch (error) {
    const elapsedMs = Math.round(performance.now() - started);
    throw new RequestError(describeFailure(error, request.timeoutMs), traceId, elapsedMs);
  }
}

/** "connection refused", "timed out after 10 s": what a person needs, not undici's stack. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s (request timeout)`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code) return `${code}: ${cause?.message ?? ''}`.trim();
  return error instanceof Error ? error.message : String(error);
}
