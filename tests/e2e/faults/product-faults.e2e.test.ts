// The product faults in the running stack (docs/faults.md): searchSlow, endpointErrorSpike, memoryLeak.
// Each is switched on in the stack's state file, shows its promised signal at the test agent or the DogStatsD
// listener, and is switched off again (always); the shop answers normally afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastMetricSeq, metricLines, newTraceContext, waitFor } from '@shopfast/test-kit';
import { api } from '../shop-client';
import { allFaultsOff, entrySpan, inStockProduct, resetFaults, spansOf, switchFaults, untilEffect } from './fault-kit';

beforeEach(resetFaults);
afterEach(resetFaults);

/** A public read through the gateway, timed, in a trace the test knows. */
async function timedRead(path: string) {
  const context = newTraceContext();
  const started = performance.now();
  const response = await api(path, { headers: context.headers });
  return { ...response, tookMs: performance.now() - started, traceId: context.traceId };
}
const productSpan = async (traceId: string) => entrySpan(await spansOf(traceId, (spans) => Boolean(entrySpan(spans, 'product'))), 'product')!;

describe('searchSlow', () => {
  it('slows every GET /search by its value, tags the product span, and searches are fast again when off', async () => {
    await switchFaults({ searchSlow: 1500 });
    const slow = await untilEffect('a slow search', async () => {
      const read = await timedRead('/api/search?q=lamp');
      expect(read.status).toBe(200);
      return read.tookMs >= 1500 ? read : undefined;
    });
    const span = await productSpan(slow.traceId);
    expect(span.meta['feature_flags.searchSlow']).toBe('1500');
    expect(span.duration).toBeGreaterThanOrEqual(1500 * 1e6);

    await allFaultsOff();
    await untilEffect('a fast search again', async () => {
      const read = await timedRead('/api/search?q=lamp');
      return read.status === 200 && read.tookMs < 1000 ? true : undefined;
    });
  });
});

describe('endpointErrorSpike', () => {
  it('answers GET /products/:id with 500 internal_error as an error span, leaves other reads alone, and recovers when off', async () => {
    const product = await inStockProduct('lamp');
    await switchFaults({ endpointErrorSpike: 1 });
    const failed = await untilEffect('a failed product read', async () => {
      const read = await timedRead(`/api/products/${product.id}`);
      return read.status === 500 ? read : undefined;
    });
    expect(failed.body.error.code).toBe('internal_error');
    expect(JSON.stringify(failed.body), 'the public answer does not name the fault').not.toContain('endpointErrorSpike');
    const span = await productSpan(failed.traceId);
    expect(span.error).toBe(1);
    expect(span.meta['feature_flags.endpointErrorSpike']).toBe('1');
    // One endpoint only: listings and search still answer.
    expect((await api('/api/products?limit=3')).status).toBe(200);
    expect((await api('/api/search?q=lamp')).status).toBe(200);

    await allFaultsOff();
    await untilEffect('the product page readable again', async () => ((await api(`/api/products/${product.id}`)).status === 200 ? true : undefined));
  });
});

describe('memoryLeak', () => {
  /** The product service's heap readings (runtime.node.mem.heap_used, bytes, one every ~10 s) since `since`. */
  const heapReadings = async (since: number) =>
    (await metricLines(since, 'runtime.node.mem.heap_used')).filter((line) => line.tags.service === 'product').map((line) => Number(line.value));
  const MB = 1024 * 1024;
  /** 8 MB a second: a reading 10 s apart moves ~80 MB while it leaks, far beyond the heap's own ~10 MB swings. */
  const LEAK_MB_PER_MINUTE = 480;

  it('grows the product heap by its rate while on and stops growing when off', async () => {
    // The listener keeps what it heard: the last reading before the switch is the baseline (or the next one).
    const baseline = (await heapReadings(0)).at(-1) ?? (await waitFor('a heap reading', async () => (await heapReadings(0)).at(-1), 15_000, 500));

    const leaking = await lastMetricSeq();
    await switchFaults({ memoryLeak: LEAK_MB_PER_MINUTE });
    // Seen within ~5 s, 40 MB ~5 s later, reported at the next reading.
    const peak = await waitFor('the heap to grow by 40 MB', async () => {
      const highest = Math.max(0, ...(await heapReadings(leaking)));
      return highest > baseline + 40 * MB ? highest : undefined;
    }, 30_000, 500);
    expect(peak).toBeGreaterThan(baseline);

    await allFaultsOff();
    // Two consecutive readings after the switch that moved less than 8 MB: still leaking they would be ~80 MB apart.
    const stopped = await lastMetricSeq();
    const calm = await waitFor('two heap readings 10 s apart without the leak\'s growth', async () => {
      const readings = await heapReadings(stopped);
      const index = readings.findIndex((value, at) => at > 0 && value - readings[at - 1]! < 8 * MB);
      return index > 0 ? readings.slice(index - 1, index + 1) : undefined;
    }, 35_000, 500);
    expect(calm[1]! - calm[0]!).toBeLessThan(8 * MB);
    expect((await api('/api/products?limit=5')).status).toBe(200);
  }, 90_000);
});
