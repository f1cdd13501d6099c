// The generator's one way to talk to the shop: fetch with the synthetic markers, a timeout, and the
// step's expectations. Each call is recorded under the gateway's route name, and counts as an error
// when no answer came, when the status was not one the step expects (a declined card's 402 is
// expected, a 429 never is), or when the answer could not be read.
import type { RunStats } from './stats.ts';
import { USER_AGENT, syntheticHeaders } from './synthetic.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The gateway's label for a request: method and route template, e.g. `GET /api/products/:id`. */
export type RouteName = `${Method} /${string}`;

/**
 * Statuses a step accepts: `true` for any answer with that status, or the error code(s) the body must
 * carry (`{ 409: 'out_of_stock' }` accepts a sold-out answer, not any other conflict).
 */
export type Expectation = Readonly<Record<number, true | string | readonly string[]>>;

function accepts(expected: Expectation[number] | undefined, code: string | undefined): boolean {
  if (expected === undefined) return false;
  if (expected === true) return true;
  if (code === undefined) return false;
  return typeof expected === 'string' ? expected === code : expected.includes(code);
}

export interface CallOptions<T> {
  route: RouteName;
  /** Path and query, e.g. `/api/products/p-0001`. */
  path: string;
  expect: Expectation;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Reads a 2xx body into what the journey needs; throws when the answer is not what the shop promises. */
  read?: (body: unknown, response: { status: number; headers: Headers }) => T;
}

export interface ShopResponse<T> {
  status: number;
  /** What `read` returned for a 2xx answer; undefined otherwise. */
  data: T | undefined;
  /** `error.code` of an error answer. */
  errorCode: string | undefined;
  errorDetails: unknown;
  headers: Headers;
}

/** A step failed (already recorded as an errored request): the journey stops here, as a shopper would. */
export class StepFailed extends Error {
  override name = 'StepFailed';
}

/** The run ended (grace period over) while this request was in flight: the journey is cut, not failed. */
export class JourneyCut extends Error {
  override name = 'JourneyCut';
}

export interface ShopClientOptions {
  baseUrl: string;
  timeoutMs: number;
  stats: RunStats;
  /** Aborted when the grace period ends: in-flight requests are cut. */
  runSignal: AbortSignal;
  fetch?: typeof fetch;
}

export type ShopCall = <T = unknown>(options: CallOptions<T>) => Promise<ShopResponse<T>>;

const errorOf = (body: unknown): { code?: string; details?: unknown } => {
  const error = (body as { error?: { code?: unknown; details?: unknown } } | undefined)?.error;
  return typeof error?.code === 'string' ? { code: error.code, details: error.details } : {};
};

/** fetch's "fetch failed" with what actually failed (ECONNREFUSED, ECONNRESET, a bad port...). */
const describeError = (error: unknown) => {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const message = error instanceof Error ? error.message : String(error);
  const why = cause?.code ?? cause?.message;
  return why ? `${message} (${why})` : message;
};

export function createShopClient(options: ShopClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const marked = { ...syntheticHeaders(), 'user-agent': USER_AGENT, accept: 'application/json' };

  /** A call on behalf of `journey`, whose name goes into the error examples. */
  return function callFor(journey: string): ShopCall {
    return async function call<T>(step: CallOptions<T>): Promise<ShopResponse<T>> {
      const headers: Record<string, string> = { ...marked, ...step.headers };
      if (step.body !== undefined) headers['content-type'] = 'application/json';
      if (step.token) headers.authorization = `Bearer ${step.token}`;
      const started = performance.now();
      const record = (status: number, error?: string) =>
        options.stats.recordRequest({ journey, route: step.route, status, durationMs: performance.now() - started, ...(error === undefined ? {} : { error }) });

      let status: number;
      let text: string;
      let responseHeaders: Headers;
      try {
        const response = await doFetch(baseUrl + step.path, {
          method: step.route.slice(0, step.route.indexOf(' ')),
          headers,
          body: step.body === undefined ? undefined : JSON.stringify(step.body),
          signal: AbortSignal.any([options.runSignal, AbortSignal.timeout(options.timeoutMs)]),
        });
        status = response.status;
        responseHeaders = response.headers;
        text = await response.text();
      } catch (error) {
        if (options.runSignal.aborted) {
          options.stats.recordCut(step.route);
          throw new JourneyCut(`${step.route} cut at the end of the grace period`);
        }
        const why = (error as { name?: string }).name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : describeError(error);
        record(0, `network error: ${why}`);
        throw new StepFailed(`${step.route}: ${why}`);
      }

      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON (an HTML error page from a proxy): kept as text for the error example.
      }
      const { code, details } = errorOf(body);
      const expected = step.expect[status];
      if (!accepts(expected, code)) {
        const wanted = Object.entries(step.expect).map(([s, c]) => (c === true ? s : `${s} ${[c].flat().join('|')}`)).join(', ');
        const problem = `unexpected ${status}${code ? ` ${code}` : ''} (expected ${wanted})`;
        record(status, problem);
        throw new StepFailed(`${step.route}: ${problem}`);
      }

      let data: T | undefined;
      if (status >= 200 && status < 300 && step.read) {
        try {
          data = step.read(body, { status, headers: responseHeaders });
        } catch (error) {
          const problem = `unexpected answer: ${describeError(error)}`;
          record(status, problem);
          throw new StepFailed(`${step.route}: ${problem}`);
        }
      }
      record(status);
      return { status, data, errorCode: code, errorDetails: details, headers: responseHeaders };
    };
  };
}

export type ShopClient = ReturnType<typeof createShopClient>;
