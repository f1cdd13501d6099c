// fetch with a timeout and one error type, so every page can say clearly what went wrong
// (shop down, too slow, your input, not found) instead of failing silently or going blank.
import { errorResponse } from '@shopfast/contracts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ApiSettings {
  origin: string;
  timeoutMs: number;
  /** Called when a request with a token got 401: the session expired. */
  onUnauthorized?: () => void;
}

const settings: ApiSettings = { origin: '', timeoutMs: 12_000 };

export function configureApi(next: Partial<ApiSettings>): void {
  Object.assign(settings, next);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Keep the API's own message for 5xx answers too (admin pages: an operator needs the reason, not "try again"). */
  serverMessages?: boolean;
}

export const MESSAGES = {
  network: 'We cannot reach the shop right now. Check your connection and try again.',
  timeout: 'The shop is taking too long to answer. Please try again in a moment.',
  unavailable: 'The shop is temporarily unavailable. Please try again in a moment.',
  rateLimited: 'You are going a little fast. Please wait a few seconds and try again.',
} as const;

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const abortFromCaller = () => controller.abort();
  options.signal?.addEventListener('abort', abortFromCaller);

  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  let response: Response;
  try {
    response = await fetch(`${settings.origin}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error; // the caller cancelled: not an error to show
    if (timedOut) throw new ApiError(0, 'timeout', MESSAGES.timeout);
    throw new ApiError(0, 'network', MESSAGES.network);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abortFromCaller);
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text().catch(() => '');
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (response.ok) {
    if (payload === undefined) throw new ApiError(response.status, 'bad_response', MESSAGES.unavailable);
    return payload as T;
  }
  // The API's one error shape (the contract's errorResponse); anything else is a proxy's page or nothing.
  const parsed = errorResponse.safeParse(payload);
  const body = parsed.success ? parsed.data.error : undefined;
  if (response.status === 401 && options.token) settings.onUnauthorized?.();
  if (response.status === 429) throw new ApiError(429, body?.code ?? 'rate_limited', MESSAGES.rateLimited, body?.details);
  if (!body?.code) {
    // An HTML error page from a proxy, or nothing at all: the shop is down or restarting.
    throw new ApiError(response.status, 'unavailable', MESSAGES.unavailable);
  }
  const message = response.status >= 500 && !options.serverMessages ? MESSAGES.unavailable : body.message || 'Something went wrong.';
  throw new ApiError(response.status, body.code, message, body.details);
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Please try again.';
}
