// The end of a run: one JSON document (--json) and the same as tables on stdout. Per journey: how
// many, how many failed, how long shoppers waited (p50/p95/p99, think times excluded) and business
// outcomes. Per route: requests by status class, labelled as the gateway's Prometheus counter labels
// them, so the two can be compared line by line.
import type { ArrivalModel } from './arrivals.ts';
import type { RunResult } from './runner.ts';
import { STATUS_CLASSES, type RunStats, type StatusClass } from './stats.ts';

export interface RunMeta {
  mode: 'api' | 'browser';
  target: string;
  model: ArrivalModel;
  seed: number;
  runId: string;
  startedAt: string;
  elapsedMs: number;
  requestedDurationSeconds: number;
  maxErrorRate: number;
  started: number;
  cutAtGrace: boolean;
  stoppedBy: 'duration' | 'stop';
}

/** The run's description, the same for both modes: what was asked (options), who ran it, and how it ended. */
export function runMeta(
  mode: RunMeta['mode'],
  options: { target: string; model: ArrivalModel; durationSeconds: number; maxErrorRate: number },
  run: { seed: number; runId: string },
  startedAt: string,
  result: RunResult,
): RunMeta {
  return {
    mode,
    target: options.target,
    model: options.model,
    seed: run.seed,
    runId: run.runId,
    startedAt,
    elapsedMs: result.elapsedMs,
    requestedDurationSeconds: options.durationSeconds,
    maxErrorRate: options.maxErrorRate,
    started: result.started,
    cutAtGrace: result.cutAtGrace,
    stoppedBy: result.stoppedBy,
  };
}

export interface JourneySummary {
  name: string;
  count: number;
  errors: number;
  cut: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  outcomes: Record<string, number>;
}

export interface RouteSummary {
  /** `GET /api/products/:id` */
  route: string;
  method: string;
  /** The route template alone, as in the gateway's `route` label. */
  path: string;
  requests: number;
  errors: number;
  cut: number;
  byStatusClass: Record<StatusClass, number>;
  p95Ms: number | null;
}

export interface Summary {
  meta: RunMeta;
  totals: {
    journeys: number;
    journeyErrors: number;
    requests: number;
    errors: number;
    errorRate: number;
    requestsPerSecond: number;
    /** Arrivals refused because --max-in-flight journeys were running. */
    dropped: number;
    cutJourneys: number;
  };
  journeys: JourneySummary[];
  routes: RouteSummary[];
  errorKinds: Array<{ kind: string; count: number; example: string }>;
  /** Browser mode: what the RUM intake received from these sessions. */
  rum?: Record<string, number>;
  passed: boolean;
}

const ms = (value: number) => (Number.isFinite(value) ? Math.round(value * 10) / 10 : null);

/** `order`: journey names in the order the tables list them (others follow as first seen). */
export function buildSummary(stats: RunStats, meta: RunMeta, options: { rum?: Record<string, number>; order?: readonly string[] } = {}): Summary {
  const { rum, order = [] } = options;
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const journeys = [...stats.journeys()].sort((a, b) => rank(a.name) - rank(b.name)).map((journey) => ({
    name: journey.name,
    count: journey.count,
    errors: journey.errors,
    cut: journey.cut,
    p50Ms: ms(journey.latency.percentile(50)),
    p95Ms: ms(journey.latency.percentile(95)),
    p99Ms: ms(journey.latency.percentile(99)),
    outcomes: { ...journey.outcomes },
  }));
  const routes = stats.routes().map((route) => {
    const space = route.route.indexOf(' ');
    return {
      route: route.route,
      method: route.route.slice(0, space),
      path: route.route.slice(space + 1),
      requests: route.requests,
      errors: route.errors,
      cut: route.cut,
      byStatusClass: { ...route.byClass },
      p95Ms: ms(route.latency.percentile(95)),
    };
  });
  const errorRate = stats.errorRate();
  const { kinds } = stats.errorKinds();
  return {
    meta,
    totals: {
      journeys: journeys.reduce((sum, journey) => sum + journey.count, 0),
      journeyErrors: journeys.reduce((sum, journey) => sum + journey.errors, 0),
      requests: stats.requests,
      errors: stats.errors,
      errorRate,
      requestsPerSecond: Math.round((stats.requests / Math.max(0.001, meta.elapsedMs / 1000)) * 10) / 10,
      dropped: stats.dropped,
      cutJourneys: journeys.reduce((sum, journey) => sum + journey.cut, 0),
    },
    journeys,
    routes,
    errorKinds: kinds.map((kind) => ({ kind: kind.key, count: kind.count, example: kind.example })),
    ...(rum ? { rum } : {}),
    passed: errorRate <= meta.maxErrorRate,
  };
}

/** A plain text table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const show = (value: number | null) => (value === null ? '-' : String(Math.round(value)));

export function formatSummary(summary: Summary): string {
  const { meta, totals } = summary;
  const model = meta.model.kind === 'open' ? `${meta.model.rate} journeys/s (open)` : `${meta.model.users} ${meta.mode === 'browser' ? 'browsers' : 'users'} (closed)`;
  const out: string[] = [];
  out.push(`traffic ${meta.runId}: ${model} against ${meta.target} for ${(meta.elapsedMs / 1000).toFixed(1)} s, seed ${meta.seed}`);
  out.push('');
  out.push(
    table(
      ['journey', 'count', 'errors', 'cut', 'p50 ms', 'p95 ms', 'p99 ms', 'outcomes'],
      summary.journeys.map((journey) => [
        journey.name,
        String(journey.count),
        String(journey.errors),
        String(journey.cut),
        show(journey.p50Ms),
        show(journey.p95Ms),
        show(journey.p99Ms),
        Object.entries(journey.outcomes).map(([name, count]) => `${name} ${count}`).join(', '),
      ]),
    ),
  );
  out.push('(ms: time spent waiting for the shop, think times excluded)');
  out.push('');
  out.push(
    table(
      ['route', ...STATUS_CLASSES, 'errors', 'p95 ms'],
      summary.routes.map((route) => [route.route, ...STATUS_CLASSES.map((name) => String(route.byStatusClass[name])), String(route.errors), show(route.p95Ms)]),
    ),
  );
  if (summary.rum) {
    out.push('');
    out.push(`RUM intake (these sessions): ${Object.entries(summary.rum).map(([name, count]) => `${name} ${count}`).join(', ')}`);
  }
  if (summary.errorKinds.length > 0) {
    out.push('');
    out.push('errors:');
    for (const kind of summary.errorKinds.slice(0, 10)) out.push(`  ${kind.count} x ${kind.kind}  e.g. ${kind.example.split('\n')[0]}`);
    if (summary.errorKinds.some((kind) => kind.kind.endsWith(' 429'))) out.push('  429s are the gateway\'s rate limits (per client IP for catalogue routes and logins): see docs/decisions/013-traffic-generator.md');
  }
  out.push('');
  const percent = (totals.errorRate * 100).toFixed(2);
  out.push(
    `${totals.journeys} journeys (${totals.journeyErrors} failed, ${totals.cutJourneys} cut, ${totals.dropped} dropped), ${totals.requests} requests (${totals.requestsPerSecond}/s), ` +
      `${totals.errors} errors = ${percent}% (max ${(meta.maxErrorRate * 100).toFixed(2)}%): ${summary.passed ? 'PASS' : 'FAIL'}`,
  );
  if (totals.dropped > 0) out.push(`${totals.dropped} arrivals were dropped: --max-in-flight journeys were running (the shop was not keeping up)`);
  return out.join('\n');
}
