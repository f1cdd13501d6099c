import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';
import { startRunner, type RunnerOptions } from './runner.ts';

/** A runner whose journeys just wait `journeyMs` (or until cut), counting what happened. */
function fakeRun(overrides: Partial<RunnerOptions> & { journeyMs: number }) {
  const seen = { launched: 0, finished: 0, cut: 0, dropped: 0, maxConcurrent: 0, running: 0 };
  const cut = new AbortController();
  const runner = startRunner({
    model: { kind: 'open', rate: 100 },
    durationMs: 300,
    graceMs: 1_000,
    maxInFlight: 1_000,
    thinkMeanMs: 0,
    random: createRandom(5),
    cut,
    async launch() {
      seen.launched++;
      seen.running++;
      seen.maxConcurrent = Math.max(seen.maxConcurrent, seen.running);
      try {
        await sleep(overrides.journeyMs, undefined, { signal: cut.signal });
        seen.finished++;
      } catch {
        seen.cut++;
      } finally {
        seen.running--;
      }
    },
    onDropped: () => seen.dropped++,
    ...overrides,
  });
  return { runner, seen, cut };
}

describe('the run loop', () => {
  it('stops by itself after the duration and lets journeys in flight finish within the grace period', async () => {
    const { runner, seen } = fakeRun({ journeyMs: 200 });
    const result = await runner.done;
    expect(result.stoppedBy).toBe('duration');
    expect(result.cutAtGrace).toBe(false);
    // 100/s for 0.3 s: about 30 (Poisson), all finished, none cut.
    expect(seen.launched).toBeGreaterThan(10);
    expect(seen.launched).toBeLessThan(60);
    expect(seen.finished).toBe(seen.launched);
    expect(seen.cut).toBe(0);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(300 + 150);
    expect(runner.inFlight).toBe(0);
  });

  it('cuts journeys still running when the grace period ends', async () => {
    const { runner, seen, cut } = fakeRun({ journeyMs: 60_000, graceMs: 200 });
    const started = performance.now();
    const result = await runner.done;
    expect(result.cutAtGrace).toBe(true);
    expect(cut.signal.aborted).toBe(true);
    expect(seen.cut).toBe(seen.launched);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('never runs more than --max-in-flight journeys: later arrivals are dropped and counted', async () => {
    const { runner, seen } = fakeRun({ journeyMs: 10_000, maxInFlight: 5, graceMs: 50 });
    await runner.done;
    expect(seen.maxConcurrent).toBe(5);
    expect(seen.launched).toBe(5);
    expect(seen.dropped).toBeGreaterThan(5);
  });

  it('runs exactly N closed-model users: each starts its next journey only when its last one ended', async () => {
    const { runner, seen } = fakeRun({ model: { kind: 'closed', users: 3 }, journeyMs: 50, durationMs: 1_500 });
    await runner.done;
    expect(seen.maxConcurrent).toBe(3);
    // 3 users, 50 ms journeys after a stagger of up to 1 s: several journeys each, all finished.
    expect(seen.launched).toBeGreaterThan(6);
    expect(seen.finished).toBe(seen.launched);
  });

  it('stops early on stop(), and abort() cuts at once', async () => {
    const { runner, seen } = fakeRun({ journeyMs: 60_000, durationMs: 0, graceMs: 60_000 });
    await sleep(100);
    runner.stop();
    const launched = seen.launched;
    await sleep(100);
    expect(seen.launched).toBe(launched); // no arrivals after stop()
    runner.abort();
    const result = await runner.done;
    expect(result.stoppedBy).toBe('stop');
    expect(result.cutAtGrace).toBe(true);
    expect(seen.cut).toBe(launched);
  });
});
