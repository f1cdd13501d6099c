// What a run did, counted as it goes: per journey (how many, how many failed, how long shoppers
// waited) and per HTTP route as the gateway names it (`GET /api/products/:id`), by status class, so
// the summary can be held against the gateway's own counters (shopfast_http_requests_total).
import { createHistogram, createRollingHistogram, type Histogram, type RollingHistogram } from './histogram.ts';

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'network';
export const STATUS_CLASSES: readonly StatusClass[] = ['2xx', '3xx', '4xx', '5xx', 'network'];

/** Seconds of history behind the live p95 (one slot per progress tick). */
const ROLLING_SLOTS = 10;
/** Distinct error kinds kept with an example; more are only counted. */
const MAX_ERROR_KINDS = 50;

export interface RequestRecord {
  journey: string;
  /** Method and route template, as the gateway labels it: `GET /api/products/:id`. */
  route: string;
  /** HTTP status; 0 when no answer came (connection refused, reset, timed out). */
  status: number;
  durationMs: number;
  /** Set when the request counts as an error: why (unexpected status, network error, bad body). */
  error?: string;
}

export type JourneyOutcome = 'ok' | 'error' | 'cut';

export interface RouteStats {
  route: string;
  requests: number;
  errors: number;
  /** Aborted by the generator at the end of the grace period: not answered, not counted as requests. */
  cut: number;
  byClass: Record<StatusClass, number>;
  latency: Histogram;
}

export interface JourneyStats {
  name: string;
  count: number;
  errors: number;
  cut: number;
  /** Time the shopper spent waiting for the shop (the journey minus its think times), per finished journey. */
  latency: Histogram;
  recent: RollingHistogram;
  /** Business results worth seeing next to the numbers (confirmed, declined, out_of_stock, replayed...). */
  outcomes: Record<string, number>;
}

export interface ErrorKind {
  key: string;
  count: number;
  example: string;
}

export function statusClassOf(status: number): StatusClass {
  if (status >= 200 && status < 300) return '2xx';
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 400 && status < 500) return '4xx';
  if (status >= 500 && status < 600) return '5xx';
  return 'network';
}

export function createRunStats() {
  const routes = new Map<string, RouteStats>();
  const journeys = new Map<string, JourneyStats>();
  const errorKinds = new Map<string, ErrorKind>();
  let requests = 0;
  let errors = 0;
  let failures = 0;
  let dropped = 0;
  let droppedKinds = 0;

  const routeOf = (route: string): RouteStats => {
    let stats = routes.get(route);
    if (!stats) {
      stats = { route, requests: 0, errors: 0, cut: 0, byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, network: 0 }, latency: createHistogram() };
      routes.set(route, stats);
    }
    return stats;
  };

  const journeyOf = (name: string): JourneyStats => {
    let stats = journeys.get(name);
    if (!stats) {
      stats = { name, count: 0, errors: 0, cut: 0, latency: createHistogram(), recent: createRollingHistogram(ROLLING_SLOTS), outcomes: {} };
      journeys.set(name, stats);
    }
    return stats;
  };

  const noteError = (key: string, example: string) => {
    const known = errorKinds.get(key);
    if (known) known.count++;
    else if (errorKinds.size < MAX_ERROR_KINDS) errorKinds.set(key, { key, count: 1, example });
    else droppedKinds++;
  };

  return {
    recordRequest(record: RequestRecord): void {
      const route = routeOf(record.route);
      route.requests++;
      route.byClass[statusClassOf(record.status)]++;
      route.latency.record(record.durationMs);
      requests++;
      if (record.error !== undefined) {
        route.errors++;
        errors++;
        noteError(`${record.route} ${record.status === 0 ? 'network' : record.status}`, `${record.journey}: ${record.error}`);
      }
    },

    /** A request the generator itself aborted (end of the grace period): neither answered nor an error. */
    recordCut(route: string): void {
      routeOf(route).cut++;
    },

    recordJourney(name: string, outcome: JourneyOutcome, activeMs: number): void {
      const journey = journeyOf(name);
      if (outcome === 'cut') {
        journey.cut++;
        return;
      }
      journey.count++;
      if (outcome === 'error') journey.errors++;
      journey.latency.record(activeMs);
      journey.recent.record(activeMs);
    },

    recordOutcome(name: string, outcome: string): void {
      const journey = journeyOf(name);
      journey.outcomes[outcome] = (journey.outcomes[outcome] ?? 0) + 1;
    },

    /**
     * A journey that failed outside a request's status: the shop broke a promise (two orders for one
     * Idempotency-Key) or the generator's own code broke. Counted as an error so it cannot hide.
     */
    recordFailure(name: string, message: string): void {
      failures++;
      noteError(`${name}: ${message.split('\n')[0]!.replace(/[0-9a-f-]{36}|p-\d+|"[^"]*"/g, '…')}`, message);
    },

    /** An arrival refused because --max-in-flight journeys were already running (the shop is not keeping up). */
    recordDropped(): void {
      dropped++;
    },

    /** Called once per progress tick: the live p95 covers the last ROLLING_SLOTS ticks. */
    rotate(): void {
      for (const journey of journeys.values()) journey.recent.rotate();
    },

    get requests() {
      return requests;
    },
    /** Errored requests plus journey failures outside a request. */
    get errors() {
      return errors + failures;
    },
    get dropped() {
      return dropped;
    },
    /** errors / requests (0 when nothing was sent). */
    errorRate(): number {
      return requests === 0 ? (failures > 0 ? 1 : 0) : (errors + failures) / requests;
    },
    routes(): RouteStats[] {
      return [...routes.values()].sort((a, b) => a.route.localeCompare(b.route));
    },
    journeys(): JourneyStats[] {
      return [...journeys.values()];
    },
    errorKinds(): { kinds: ErrorKind[]; notKept: number } {
      return { kinds: [...errorKinds.values()].sort((a, b) => b.count - a.count), notKept: droppedKinds };
    },
  };
}

export type RunStats = ReturnType<typeof createRunStats>;
