import { describe, expect, it } from 'vitest';
import { createHistogram, createRollingHistogram } from './histogram.ts';
import { createRunStats } from './stats.ts';
import { buildSummary, formatSummary, type RunMeta } from './summary.ts';

const within2Percent = (actual: number, expected: number) => expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(0.02);

describe('latency percentiles', () => {
  it('reads p50, p95 and p99 of 1..1000 ms within 2 %, and the extremes exactly', () => {
    const histogram = createHistogram();
    // Shuffled order: the histogram must not depend on it.
    for (let i = 0; i < 1000; i++) histogram.record(((i * 617) % 1000) + 1);
    within2Percent(histogram.percentile(50), 500);
    within2Percent(histogram.percentile(95), 950);
    within2Percent(histogram.percentile(99), 990);
    expect(histogram.percentile(100)).toBe(1000);
    expect(histogram.min).toBe(1);
    expect(histogram.percentile(0.01)).toBe(1);
    expect(histogram.count).toBe(1000);
  });

  it('gives the one value back when there is one, and NaN when there is none', () => {
    const histogram = createHistogram();
    expect(histogram.percentile(95)).toBeNaN();
    histogram.record(42.5);
    expect(histogram.percentile(50)).toBe(42.5);
    expect(histogram.percentile(99)).toBe(42.5);
  });

  it('sees a slow tail: 5 % of requests at 2 s move p99 but not p50', () => {
    const histogram = createHistogram();
    for (let i = 0; i < 950; i++) histogram.record(20);
    for (let i = 0; i < 50; i++) histogram.record(2_000);
    expect(histogram.percentile(50)).toBe(20);
    within2Percent(histogram.percentile(99), 2_000);
  });

  it('merges histograms, and a rolling window forgets what is older than its slots', () => {
    const rolling = createRollingHistogram(3);
    rolling.record(1_000);
    rolling.rotate();
    rolling.record(10);
    expect(rolling.merged().percentile(100)).toBe(1_000);
    rolling.rotate();
    rolling.rotate(); // the slot holding 1000 is reused
    rolling.record(10);
    expect(rolling.merged().count).toBe(2);
    expect(rolling.merged().percentile(100)).toBe(10);
  });
});

const meta = (maxErrorRate = 0.01): RunMeta => ({
  mode: 'api',
  target: 'http://127.0.0.1:5001',
  model: { kind: 'open', rate: 20 },
  seed: 1,
  runId: 'test',
  startedAt: '2026-12-01T00:00:00.000Z',
  elapsedMs: 10_000,
  requestedDurationSeconds: 10,
  maxErrorRate,
  started: 3,
  cutAtGrace: false,
  stoppedBy: 'duration',
});

describe('run statistics', () => {
  it('counts requests by route and status class, and only the unexpected ones as errors', () => {
    const stats = createRunStats();
    stats.recordRequest({ journey: 'checkout', route: 'POST /api/checkout', status: 201, durationMs: 300 });
    stats.recordRequest({ journey: 'checkout-declined', route: 'POST /api/checkout', status: 402, durationMs: 250 });
    stats.recordRequest({ journey: 'browse', route: 'GET /api/products', status: 429, durationMs: 2, error: 'unexpected 429 rate_limited' });
    stats.recordRequest({ journey: 'browse', route: 'GET /api/products', status: 0, durationMs: 5, error: 'network error: ECONNREFUSED' });
    stats.recordCut('GET /api/products');

    const [products, checkout] = stats.routes();
    expect(checkout).toMatchObject({ route: 'POST /api/checkout', requests: 2, errors: 0, byClass: { '2xx': 1, '4xx': 1 } });
    expect(products).toMatchObject({ route: 'GET /api/products', requests: 2, errors: 2, cut: 1, byClass: { '4xx': 1, network: 1 } });
    expect(stats.requests).toBe(4);
    expect(stats.errorRate()).toBe(0.5);
    expect(stats.errorKinds().kinds.map((kind) => kind.key)).toEqual(['GET /api/products 429', 'GET /api/products network']);
  });

  it('counts a broken promise outside any status as an error too', () => {
    const stats = createRunStats();
    for (let i = 0; i < 9; i++) stats.recordRequest({ journey: 'checkout-retry', route: 'POST /api/checkout', status: 201, durationMs: 100 });
    stats.recordFailure('checkout-retry', 'one Idempotency-Key made 2 orders: a, b');
    expect(stats.errors).toBe(1);
    expect(stats.errorRate()).toBeCloseTo(1 / 9);
  });

  it('keeps journey latency for finished journeys only, cut ones counted apart', () => {
    const stats = createRunStats();
    stats.recordJourney('browse', 'ok', 40);
    stats.recordJourney('browse', 'error', 60);
    stats.recordJourney('browse', 'cut', 5_000);
    stats.recordOutcome('browse', 'no_results');
    const [browse] = stats.journeys();
    expect(browse).toMatchObject({ count: 2, errors: 1, cut: 1, outcomes: { no_results: 1 } });
    expect(browse!.latency.percentile(100)).toBe(60);
  });
});

describe('the summary', () => {
  it('passes at or under the error budget and fails over it, in the JSON and the printed line', () => {
    const stats = createRunStats();
    for (let i = 0; i < 99; i++) stats.recordRequest({ journey: 'browse', route: 'GET /api/products', status: 200, durationMs: 10 });
    stats.recordRequest({ journey: 'browse', route: 'GET /api/products', status: 500, durationMs: 10, error: 'unexpected 500' });
    stats.recordJourney('browse', 'ok', 10);

    const passing = buildSummary(stats, meta(0.01));
    expect(passing.passed).toBe(true);
    expect(passing.totals).toMatchObject({ requests: 100, errors: 1, errorRate: 0.01, requestsPerSecond: 10 });
    expect(passing.routes[0]).toMatchObject({ method: 'GET', path: '/api/products', byStatusClass: { '2xx': 99, '5xx': 1 } });
    expect(formatSummary(passing)).toMatch(/1 errors = 1\.00% \(max 1\.00%\): PASS/);

    const failing = buildSummary(stats, meta(0.005));
    expect(failing.passed).toBe(false);
    expect(formatSummary(failing)).toMatch(/FAIL/);
  });

  it('lists journeys in the given order', () => {
    const stats = createRunStats();
    stats.recordJourney('checkout', 'ok', 1);
    stats.recordJourney('browse', 'ok', 1);
    stats.recordJourney('setup', 'ok', 1);
    expect(buildSummary(stats, meta(), { order: ['setup', 'browse', 'checkout'] }).journeys.map((journey) => journey.name)).toEqual(['setup', 'browse', 'checkout']);
  });
});
