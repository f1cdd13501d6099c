import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry, wrap, BrokenCircuitError } from 'cockatiel';
import { AppError } from '../errors';
import type { ActingFor, TokenIssuer } from '../auth/service-tokens';

export interface ServiceClientOptions {
  /** The peer's name, used in error messages and logs ("product"). */
  name: string;
  baseUrl: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Extra attempts after the first, for idempotent requests only. */
  retries?: number;
  /**
   * Signs a service token for every request (Authorization: Bearer, audience = `name`), so the peer
   * knows which service calls and for whom. Without it requests go without a credential, which only
   * public routes (product reads, stock reads, quotes) accept.
   */
  credentials?: TokenIssuer;
}

export interface ServiceRequest {
  method?: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string | undefined>;
  /** The customer (and administrator) this call is made for: the token's `sub` (and `adm`). */
  actingFor?: ActingFor;
  timeoutMs?: number;
  /** Retry a non-idempotent method anyway, e.g. a POST that carries an Idempotency-Key. */
  idempotent?: boolean;
  /**
   * Attempt even when the circuit is open. For compensations (release stock, refund a charge): the
   * breaker opened because forward calls were failing, and the undo must still be tried.
   */
  bypassCircuitBreaker?: boolean;
}

export interface ServiceResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Statuses that mean "the peer could not handle it right now", worth another attempt. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

class RetryableStatusError extends Error {
  constructor(readonly response: ServiceResponse) {
    super(`upstream answered ${response.status}`);
  }
}

/**
 * Calls another ShopFast service over HTTP with the global fetch (undici). dd-trace instruments fetch,
 * so every call is a child span and carries the trace context headers (x-datadog-*, traceparent) to the
 * peer; this is asserted in service-client.int.test.ts. Each attempt has its own timeout; idempotent
 * requests are retried with backoff on network errors, timeouts and 502/503/504; a circuit breaker stops
 * hammering a peer that keeps failing. Failures surface as AppError 503/504, so callers (and the
 * gateway) answer quickly with the standard error shape instead of hanging.
 */
export function createServiceClient(options: ServiceClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const defaultTimeoutMs = options.timeoutMs ?? 3_000;
  const shouldRetry = handleWhen((error) => isTransient(error));
  const retryPolicy = retry(shouldRetry, {
    maxAttempts: options.retries ?? 2,
    backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }),
  });
  // The circuit counts a peer that does not answer, not one that answers "I cannot right now" in our error
  // shape: order answering 503 because payment is down is alive, and opening the circuit on it would also
  // refuse its order history, which does not need payment.
  const breaker = circuitBreaker(handleWhen((error) => isTransient(error) && !isStructuredAnswer(error)), {
    halfOpenAfter: 5_000,
    breaker: new ConsecutiveBreaker(10),
  });

  async function attempt(request: ServiceRequest, signal: AbortSignal): Promise<ServiceResponse> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(baseUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [key, value] of Object.entries(request.headers ?? {})) if (value !== undefined) headers[key] = value;
    if (options.credentials) headers.authorization = `Bearer ${await options.credentials.tokenFor(options.name, request.actingFor)}`;
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    const timeout = AbortSignal.timeout(request.timeoutMs ?? defaultTimeoutMs);
    const response = await fetch(url, { method, headers, body, signal: AbortSignal.any([timeout, signal]) });
    const text = await response.text();
    const result: ServiceResponse = { status: response.status, headers: response.headers, body: parseBody(text, response.headers) };
    if (RETRYABLE_STATUSES.has(response.status)) throw new RetryableStatusError(result);
    return result;
  }

  async function request<T = unknown>(request: ServiceRequest): Promise<ServiceResponse<T>> {
    const method = (request.method ?? 'GET').toUpperCase();
    const canRetry = request.idempotent ?? IDEMPOTENT_METHODS.has(method);
    try {
      const guarded = request.bypassCircuitBreaker ? undefined : breaker;
      const policy = canRetry ? (guarded ? wrap(retryPolicy, guarded) : retryPolicy) : (guarded ?? noPolicy);
      return (await policy.execute(({ signal }) => attempt(request, signal))) as ServiceResponse<T>;
    } catch (error) {
      if (error instanceof RetryableStatusError) return error.response as ServiceResponse<T>;
      throw toAppError(options.name, error);
    }
  }

  return {
    name: options.name,
    baseUrl,
    request,
    get: <T = unknown>(path: string, extra: Omit<ServiceRequest, 'path' | 'method'> = {}) => request<T>({ ...extra, path, method: 'GET' }),
    post: <T = unknown>(path: string, body: unknown, extra: Omit<ServiceRequest, 'path' | 'method' | 'body'> = {}) =>
      request<T>({ ...extra, path, body, method: 'POST' }),
  };
}

export type ServiceClient = ReturnType<typeof createServiceClient>;

/** Runs the attempt once, with a signal that never aborts: what a call with neither retry nor breaker gets. */
const noPolicy = { execute: <T>(fn: (context: { signal: AbortSignal }) => Promise<T>) => fn({ signal: new AbortController().signal }) };

function parseBody(text: string, headers: Headers): unknown {
  if (text === '') return undefined;
  if ((headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** A 502/503/504 that a ShopFast service sent itself, in the one error shape: the peer is up and answering. */
function isStructuredAnswer(error: unknown): boolean {
  if (!(error instanceof RetryableStatusError)) return false;
  const body = error.response.body as { error?: { code?: unknown } } | undefined;
  return typeof body === 'object' && body !== null && typeof body.error?.code === 'string';
}

function isTransient(error: unknown): boolean {
  if (error instanceof RetryableStatusError) return true;
  if (!(error instanceof Error)) return false;
  // fetch rejects with TypeError('fetch failed') on connection errors, and TimeoutError/AbortError on timeouts.
  return error.name === 'TimeoutError' || error.name === 'TypeError' || error.name === 'AbortError';
}

function toAppError(peer: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof BrokenCircuitError) {
    return new AppError('upstream_unavailable', `The ${peer} service is unavailable (circuit open)`, 503, { service: peer });
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new AppError('upstream_timeout', `The ${peer} service did not answer in time`, 504, { service: peer });
  }
  return new AppError('upstream_unavailable', `The ${peer} service is unavailable`, 503, { service: peer });
}
